//! `azfh config check`: what each named account of the config file resolves to. Nothing is
//! sent; secrets are read (to check them) but never printed.

use anyhow::{Context as _, Result};

use super::Context;
use crate::error::{ExitStatus, UsageError};
use crate::output::named_accounts::NamedAccountRow;
use crate::output::stdout::{Stdout, WRITE_FAILED};
use azfh_client::config::named;

pub(super) fn run(context: &Context) -> Result<ExitStatus> {
    let settings = &context.access.named;
    let Some(accounts) = named::load(settings).map_err(UsageError::from)? else {
        let hint = "create it with an [accounts.NAME] table per account (README: \"Several shares and accounts\")";
        return Err(match &settings.path {
            Some(path) => UsageError::new(format!("no config file at {}", path.display()), hint),
            None => UsageError::new(
                "no config file: neither --config, AZFH_CONFIG, XDG_CONFIG_HOME nor HOME is set",
                "give --config FILE",
            ),
        }
        .into());
    };
    let mut out = Stdout::lock();
    let mut sink = out.sink::<NamedAccountRow>(context.format, context.now, context.table_style);
    let mut failed = 0_usize;
    for (name, parsed) in &accounts.accounts {
        let row = match parsed {
            Ok(account) => NamedAccountRow {
                name: name.clone(),
                endpoint: Some(account.endpoint.to_string()),
                credential: Some(account.credential.to_string()),
                error: account
                    .credential(settings, context.now)
                    .err()
                    .map(|err| err.message),
            },
            Err(err) => NamedAccountRow {
                name: name.clone(),
                endpoint: None,
                credential: None,
                error: Some(err.message.clone()),
            },
        };
        failed += usize::from(row.error.is_some());
        sink.write(&row).context(WRITE_FAILED)?;
    }
    sink.finish().context(WRITE_FAILED)?;
    out.flush()?;
    if failed > 0 {
        context.ui.warn(&format!(
            "{failed} of {} named account{} cannot be used (see STATUS)",
            accounts.accounts.len(),
            if accounts.accounts.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
        return Ok(ExitStatus::Usage);
    }
    Ok(ExitStatus::Success)
}
