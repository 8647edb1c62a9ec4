//! `azfh shares ls`: the shares of an account, through every page, in any output format.

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::SharesLsArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::shares::ShareRow;
use crate::output::stdout::{Stdout, WRITE_FAILED};
use azfh_client::azure::ListSharesOptions;

pub(super) async fn run(
    context: &Context,
    args: &SharesLsArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    if context.access.snapshot.is_some() {
        return Err(UsageError::new(
            "--snapshot names one share's snapshot; shares ls lists the account's shares",
            "use --snapshots to list every share's snapshots",
        )
        .into());
    }
    let client = context.connect_account(args.account.as_deref())?;
    let mut pager = client.list_shares(ListSharesOptions {
        prefix: args.prefix.clone(),
        page_size: args.page_size,
        snapshots: args.snapshots,
    });
    let mut out = Stdout::lock();
    let progress = context.ui.spinner();
    let mut sink = out.sink::<ShareRow>(context.format, context.now, context.table_style);
    let mut listed = 0_u64;
    let finished = loop {
        let page = tokio::select! {
            page = pager.next_page() => page,
            () = interrupt.raised() => break false,
        };
        let Some(shares) = page? else {
            break true;
        };
        for share in shares {
            listed += 1;
            sink.write(&ShareRow(share)).context(WRITE_FAILED)?;
        }
        progress.set_message(format!("listing shares: {listed}"));
    };
    progress.finish();
    sink.finish().context(WRITE_FAILED)?;
    out.flush()?;
    if !finished {
        context.ui.note(&format!(
            "interrupted: the listing is incomplete ({listed} share{} listed)",
            if listed == 1 { "" } else { "s" }
        ));
        return Ok(ExitStatus::Interrupted);
    }
    Ok(ExitStatus::Success)
}
