//! The shares a `handles stats` run is about, named from its TARGETs as written, before any
//! credential is looked up or any request sent.
//!
//! Two uses: TARGETs that cannot be counted (a Qumulo cluster, a share named twice, a NAME the
//! config file lacks, a TARGET that is no TARGET) are refused here, before anything else
//! happens; and a TARGET whose credential cannot be found is a failed target whose results
//! carry the name given here (the storage account's, from the config file's endpoint).

use anyhow::Result;

use super::super::Context;
use crate::error::UsageError;
use azfh_client::config::connection_string::ConnectionString;
use azfh_client::config::named;
use azfh_client::config::target::{self, Service, TargetSpec};
use azfh_client::handles::stats::ShareKey;

/// The share each TARGET names (with `all_shares`: each account, with an empty share), as the
/// results will label it; usage errors for TARGETs that cannot be counted.
pub(super) fn check(
    context: &Context,
    targets: &[String],
    all_shares: bool,
) -> Result<Vec<ShareKey>> {
    let keys = if all_shares {
        accounts(context, targets)?
    } else {
        targets
            .iter()
            .map(|text| share_of(context, text))
            .collect::<Result<Vec<_>>>()?
    };
    if context.embedded.is_some() {
        // `--emulator` serves its own account, whose credential is always there: what fails to
        // resolve is a TARGET the flags do not allow (a URL, a NAME:), a usage error.
        for text in targets {
            if all_shares {
                context.connect_account(Some(text))?;
            } else {
                context.connect(text)?;
            }
        }
    }
    for (index, key) in keys.iter().enumerate() {
        if keys[..index].contains(key) {
            return Err(twice(key).into());
        }
    }
    Ok(keys)
}

/// The usage error for a share (or account) that two TARGETs name: its samples would be
/// written twice, which the exposition format forbids.
pub(super) fn twice(key: &ShareKey) -> UsageError {
    let named = if key.share.is_empty() {
        format!("the account {}", key.account)
    } else {
        format!("the share {}:{}", key.account, key.share)
    };
    UsageError::new(
        format!("two TARGETs name {named}; each share is counted once a run"),
        "give each share once (a directory TARGET counts part of its share: give the share alone)",
    )
}

/// `--all-shares`: the accounts given, each with an empty share.
fn accounts(context: &Context, given: &[String]) -> Result<Vec<ShareKey>> {
    if context.access.snapshot.is_some() {
        return Err(UsageError::new(
            "--snapshot names one share's snapshot and cannot be used with --all-shares",
            "count the snapshot's share on its own: azfh handles stats SHARE --snapshot TIME",
        )
        .into());
    }
    if given.is_empty() {
        return Ok(vec![ShareKey {
            account: options_account(context),
            share: String::new(),
        }]);
    }
    given
        .iter()
        .map(|text| {
            let account = if text.contains("://") {
                let url = target::parse_account_url(text).map_err(UsageError::from)?;
                url.endpoint.account().to_owned()
            } else if let Some(name) = text.trim().strip_suffix(':') {
                named_account(context, name)?
            } else {
                return Err(UsageError::new(
                    format!("with --all-shares, TARGET '{text}' must name an account"),
                    "write NAME: (an account of the config file) or an account URL; to count one share, drop --all-shares",
                )
                .into());
            };
            Ok(ShareKey {
                account,
                share: String::new(),
            })
        })
        .collect()
}

/// The share one TARGET names, and its account as records label it: the storage account's
/// name (for `NAME:SHARE`, the one the config file's endpoint for NAME names).
fn share_of(context: &Context, text: &str) -> Result<ShareKey> {
    if Service::of_target(text) == Service::Qumulo {
        return Err(UsageError::new(
            "handles stats counts Azure Files handles; Qumulo reports no clients, open times or per-path limits",
            "count a Qumulo cluster's handles per path with `azfh handles ls qumulo://CLUSTER/PATH -r --group-by path`",
        )
        .into());
    }
    let (account, share) = match target::parse(text).map_err(UsageError::from)? {
        TargetSpec::Named {
            name,
            share: Some(share),
            ..
        } => (named_account(context, &name)?, share),
        TargetSpec::Named {
            name, share: None, ..
        } => {
            return Err(UsageError::new(
                format!("TARGET '{}' names an account, not a share", text.trim()),
                format!("give {name}:SHARE[/PATH], or use --all-shares for every share of {name}"),
            )
            .into());
        }
        TargetSpec::Url {
            endpoint, share, ..
        } => (endpoint.account().to_owned(), share),
        TargetSpec::SharePath { share, .. } => (options_account(context), share),
    };
    Ok(ShareKey { account, share })
}

/// The storage account a config file's NAME stands for, as records label it (its endpoint's
/// account, known without any request). A NAME the file lacks, or no file, is a usage error.
fn named_account(context: &Context, name: &str) -> Result<String, UsageError> {
    let account = named::find(&context.access.named, name).map_err(UsageError::from)?;
    Ok(account.endpoint.account().to_owned())
}

/// The account of the connection options, as far as it can be named without resolving them:
/// `--account`, else the connection string's; empty when neither names one.
fn options_account(context: &Context) -> String {
    if let Some(account) = &context.access.account {
        return account.clone();
    }
    let connection = context
        .access
        .connection_string
        .as_deref()
        .and_then(|text| ConnectionString::parse(text).ok());
    match connection {
        Some(c) if c.development_storage => azfh_protocol::development::ACCOUNT.to_owned(),
        Some(c) => c.account_name.unwrap_or_default(),
        None => String::new(),
    }
}
