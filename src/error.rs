//! Exit statuses and the one place errors are printed: `error: …`, `caused by: …`, at most one
//! `hint: …` naming the fix, and the service's `x-ms-request-id`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::output::escape::for_terminal;
use azfh_client::azure::{AzureError, ServiceError};
use azfh_client::config::ConfigError;
use azfh_client::handles::selection::FilterError;
use azfh_protocol::API_VERSION;

/// The exit statuses of `docs/cli.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Success; also when nothing matched, and when stdout's reader went away (but for a close
    /// run, whose status stays its closes').
    Success = 0,
    /// The service, the network, authentication or the local disk failed.
    Failure = 1,
    /// Invalid usage or input (nothing was sent), or a safety refusal (nothing changed).
    Usage = 2,
    /// Some items failed while others succeeded.
    Partial = 3,
    /// Interrupted by Ctrl-C.
    Interrupted = 130,
}

impl ExitStatus {
    pub(crate) fn code(self) -> u8 {
        self as u8
    }
}

/// A refusal before any request: bad input or a safety rule. Exit status 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// A failure (exit status 1) that knows its fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct HintedFailure {
    pub message: String,
    pub hint: String,
}

impl HintedFailure {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// The hint for an error, from the first cause that has one.
pub(crate) fn hint_for(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|cause| {
        if let Some(usage) = cause.downcast_ref::<UsageError>() {
            return usage.hint.clone();
        }
        if let Some(failure) = cause.downcast_ref::<HintedFailure>() {
            return Some(failure.hint.clone());
        }
        if let Some(qumulo) = cause.downcast_ref::<azfh_client::qumulo::QumuloError>() {
            return qumulo.hint();
        }
        cause.downcast_ref::<AzureError>().and_then(azure_hint)
    })
}

impl From<ConfigError> for UsageError {
    fn from(err: ConfigError) -> Self {
        Self {
            message: err.message,
            hint: err.hint,
        }
    }
}

impl From<FilterError> for UsageError {
    fn from(err: FilterError) -> Self {
        Self {
            message: err.message,
            hint: None,
        }
    }
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

/// A labelled stderr line: `error: …`, `warning: …`, `hint: …`.
///
/// Every error, warning and hint passes through here, and many carry text a server sent (an
/// error message, a code, a path): control characters are escaped, so nothing can set the
/// terminal's title, clear it, or start a fake line.
pub(crate) fn labelled(out: &mut dyn Write, label: &str, text: &str) -> io::Result<()> {
    let style = match label {
        "error" => ERROR,
        "warning" => WARNING,
        _ => HINT,
    };
    writeln!(out, "{style}{label}:{style:#} {}", for_terminal(text))
}

/// Prints an error with its causes and hint; returns the exit status it calls for.
pub(crate) fn report(err: &anyhow::Error, out: &mut dyn Write, verbose: bool) -> ExitStatus {
    if is_broken_pipe(err) {
        return ExitStatus::Success;
    }
    let status = if err.chain().any(<dyn std::error::Error>::is::<UsageError>) {
        ExitStatus::Usage
    } else {
        ExitStatus::Failure
    };
    let hint = hint_for(err);
    let detail = err
        .chain()
        .filter_map(|cause| cause.downcast_ref::<AzureError>())
        .find_map(|azure| {
            azure
                .service()
                .and_then(|s| s.authentication_detail.clone())
        });
    let mut lines = err.chain().map(ToString::to_string);
    let _ = labelled(out, "error", &lines.next().unwrap_or_default());
    for cause in lines {
        let _ = writeln!(out, "caused by: {}", for_terminal(&cause));
    }
    if verbose && let Some(detail) = detail {
        let _ = writeln!(
            out,
            "detail: {}",
            for_terminal(&detail.replace('\r', "").replace('\n', "\\n"))
        );
    }
    if let Some(hint) = hint {
        let _ = labelled(out, "hint", &hint);
    }
    status
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints a command-line error as one `error:` line and one `hint:` line naming the fix;
/// returns exit status 2 (0 for --help and --version, which clap reports as errors).
///
/// `args` is the command line as given: some habits are recognised by the word before the
/// one clap refused (`--verify 2m`).
pub(crate) fn clap_error(err: &clap::Error, args: &[String]) -> ExitStatus {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return ExitStatus::Success;
    }
    let (message, hint) = clap_message(err, args);
    let mut stderr = anstream::stderr();
    let _ = labelled(&mut stderr, "error", &message);
    if let Some(hint) = hint {
        let _ = labelled(&mut stderr, "hint", &hint);
    }
    ExitStatus::Usage
}

/// clap's error as one line, and the hint: a habit's fix, the valid values, clap's own
/// suggestion, or the command's usage.
fn clap_message(err: &clap::Error, args: &[String]) -> (String, Option<String>) {
    let rendered = err.render().to_string();
    let mut lines = rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .peekable();
    let mut message = lines.next().map_or_else(
        || err.kind().to_string(),
        |line| line.trim_start_matches("error:").trim().to_owned(),
    );
    // "…were not provided:" lists the arguments on the following lines: keep them on one.
    if message.ends_with(':') {
        let mut items = Vec::new();
        while let Some(item) = lines.next_if(|line| !line.contains(':')) {
            items.push(item);
        }
        message = format!("{message} {}", items.join(", "));
    }
    let rest: Vec<&str> = lines.collect();
    // clap's "to pass '--x' as a value, use '-- --x'" fits no azfh argument: the usage does.
    let suggestion = rest
        .iter()
        .find_map(|line| line.strip_prefix("tip:").map(str::trim))
        .filter(|tip| !tip.starts_with("to pass '"))
        .map(str::to_owned);
    let usage = command_usage(err).map(|usage| format!("usage: {usage} (more with --help)"));
    let hint = habit_hint(err, args)
        .or_else(|| valid_values(err))
        .or(suggestion)
        .or(usage);
    (message, hint)
}

/// The fix for what users of az and PowerShell type out of habit.
fn habit_hint(err: &clap::Error, args: &[String]) -> Option<String> {
    if err.kind() == ErrorKind::InvalidSubcommand {
        let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidSubcommand) else {
            return None;
        };
        return match word.as_str() {
            "list-handle" | "list-handles" => {
                Some("handles are listed with `azfh handles ls SHARE[/PATH]`".into())
            }
            "close-handle" | "close-handles" => {
                Some("handles are closed with `azfh handles close SHARE[/PATH]`".into())
            }
            _ => None,
        };
    }
    let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    if err.kind() == ErrorKind::ValueValidation {
        let value = match err.get(ContextKind::InvalidValue) {
            Some(ContextValue::String(value)) => value.trim(),
            _ => "",
        };
        return (word.starts_with("--handle-id") && value == "*")
            .then(|| "to close every handle on TARGET (with -r, below it too), use --all".into());
    }
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    // PowerShell's -Recurse and -Recursive reach clap as `-R`, their first letter.
    if word == "-R"
        && args.iter().any(|arg| {
            arg.eq_ignore_ascii_case("-recurse") || arg.eq_ignore_ascii_case("-recursive")
        })
    {
        return Some("azfh's is -r (or --recursive): `azfh handles ls SHARE[/PATH] -r`".into());
    }
    let flag = word.split_once('=').map_or(word.as_str(), |(flag, _)| flag);
    match flag {
        "--close-all" => {
            return Some(
                "azfh closes every handle with --all: `azfh handles close SHARE[/PATH] --all`"
                    .into(),
            );
        }
        "--name" | "--share-name" | "--share" | "-n" => {
            return Some("name the share and path in TARGET, not an option: `azfh handles ls SHARE[/PATH]` (e.g. myshare/projects)".into());
        }
        "--file-path" | "--directory-path" => {
            return Some(
                "put the path after the share in TARGET: `azfh handles ls SHARE/PATH`".into(),
            );
        }
        _ => {}
    }
    if let Some(hint) = login_hint(flag, args) {
        return Some(hint);
    }
    // An option whose value is optional takes it only after '=' (`--verify=2m`).
    let position = args.iter().position(|arg| arg == word)?;
    let previous = args.get(position.checked_sub(1)?)?;
    (previous == "--verify").then(|| format!("write the duration after '=': --verify={word}"))
}

/// `--user` and `--password` as other tools spell them: where azfh takes a user to select
/// by (`--owner`) and a login (`--qumulo-user`, the password only from the environment, where
/// `ps` and shell history do not show it); the emulator takes logins as one USER:PASSWORD.
fn login_hint(flag: &str, args: &[String]) -> Option<String> {
    let emulator = args.iter().any(|arg| arg == "emulator");
    match flag {
        "--user" | "--username" | "--qumulo-username" if emulator => Some(
            "the emulated cluster accepts logins given as --qumulo-login USER:PASSWORD (repeatable)"
                .into(),
        ),
        "--password" | "--qumulo-password" if emulator => Some(
            "give the emulated cluster's logins with the user: --qumulo-login USER:PASSWORD"
                .into(),
        ),
        "--user" | "--username" => Some(
            "to select by user, use --owner NAME|ID; to log in to a Qumulo cluster, use --qumulo-user USER (or QUMULO_USER) with the password in QUMULO_PASSWORD"
                .into(),
        ),
        "--qumulo-username" => {
            Some("log in with --qumulo-user USER (or QUMULO_USER) and QUMULO_PASSWORD".into())
        }
        "--password" | "--qumulo-password" => Some(
            "azfh reads the password only from the environment (a flag shows in ps and shell history): set QUMULO_PASSWORD, with --qumulo-user USER or QUMULO_USER"
                .into(),
        ),
        _ => None,
    }
}

/// For a value outside a fixed set: the set.
fn valid_values(err: &clap::Error) -> Option<String> {
    if err.kind() != ErrorKind::InvalidValue {
        return None;
    }
    match err.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(values)) if !values.is_empty() => {
            Some(format!("use one of: {}", values.join(", ")))
        }
        _ => None,
    }
}

/// The usage of the command the error is about, as its own `--help` shows it: clap's error
/// usage lists the options that were given (or read from the environment) as if required.
fn command_usage(err: &clap::Error) -> Option<String> {
    let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) else {
        return None;
    };
    let usage = usage.to_string();
    let words: Vec<&str> = usage
        .trim()
        .trim_start_matches("Usage:")
        .split_whitespace()
        .skip(1)
        .take_while(|word| !word.starts_with(['-', '<', '[']))
        .collect();
    let mut command = crate::cli::command();
    // Building sets each subcommand's full name (`azfh handles ls`) for its usage.
    command.build();
    let mut current = &mut command;
    for word in words {
        current = current.find_subcommand_mut(word)?;
    }
    let rendered = current.render_usage().to_string();
    Some(
        rendered
            .trim()
            .trim_start_matches("Usage:")
            .trim()
            .to_owned(),
    )
}

/// The hint for an Azure error, if one helps.
pub(crate) fn azure_hint(err: &AzureError) -> Option<String> {
    match err {
        AzureError::Service(service) => service_hint(service),
        AzureError::Network {
            certificate: Some(problem),
            ca_cert_given,
            ..
        } => Some(problem.hint(*ca_cert_given).into()),
        AzureError::Network {
            endpoint, message, ..
        } if message.starts_with(azfh_client::net::UNRESOLVED_HOST) => Some(format!(
            "no such host: check the storage account name and the endpoint {endpoint} (--account, --endpoint, or the connection string's AccountName and FileEndpoint); a private endpoint needs its DNS zone"
        )),
        AzureError::Network { .. } => Some(
            "check the endpoint and the network (proxy, firewall, private endpoint DNS); to try azfh without Azure, add --emulator".into(),
        ),
        AzureError::WaitTooLong { .. } => Some(
            "the service is throttling and asked for a long pause: run the command again later".into(),
        ),
        AzureError::Timeout { .. } => Some(
            "if the service is just slow, raise --timeout (or AZFH_TIMEOUT), e.g. --timeout 120s; if it never answers, check that the endpoint is Azure Files".into(),
        ),
        AzureError::Deadline { .. } => Some(
            "the request did not succeed before its deadline: check the endpoint and the network (-vv shows each attempt); raise --deadline (or AZFH_DEADLINE) for a slow service".into(),
        ),
        AzureError::NotHttp { .. } => Some(
            "something other than an HTTP service listens there (another protocol, or https:// served where http:// was given): check the endpoint's scheme and port".into(),
        ),
        AzureError::Decode {
            problem: azfh_protocol::wire::DecodeError::Truncated(_),
            ..
        } => Some(
            "the answer was cut short on the way (a proxy or the network closed it early): run the command again".into(),
        ),
        AzureError::Decode {
            problem: azfh_protocol::wire::DecodeError::NotXml,
            ..
        } => Some(
            "something other than Azure Files answered (a proxy's login page, another service): check the endpoint; -vv shows each answer's status".into(),
        ),
        AzureError::Decode { .. } => Some(format!(
            "the answer does not have the shape of API version {API_VERSION}; run again with -vv and report it"
        )),
        AzureError::Incomplete { .. } => Some(
            "the service, or a proxy on the way, ends its answers early: run the command again; if it keeps happening, run with -vv and report it".into(),
        ),
        AzureError::TooLarge { .. } => Some(
            "the service (or a proxy on the way) sent more than the operation asked for: check the endpoint; run again with -vv and report it".into(),
        ),
        AzureError::RepeatedMarker { .. } => Some(
            "this is a fault of the service: run the command again; if it persists, report the x-ms-request-id to Azure support".into(),
        ),
        AzureError::Login(_) => Some(
            "sign in with `az login` (or set AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET), or use --account-key, --sas-token or a connection string".into(),
        ),
    }
}

/// Hints for the service error codes operators meet.
pub(crate) fn service_hint(err: &ServiceError) -> Option<String> {
    let by_credential = |key: &str, sas: &str, login: &str| -> Option<String> {
        Some(match err.auth_kind {
            "sas" => sas.to_owned(),
            "login" => login.to_owned(),
            _ => key.to_owned(),
        })
    };
    match err.code() {
        "AuthenticationFailed" => by_credential(
            "check the account key (key1 or key2 of this storage account) and that this machine's clock is within 15 minutes of the real time",
            "check the SAS token: its signature, its expiry (se=) and its start (st=), and this machine's clock",
            "the bearer token was refused: sign in again (`az login`) and check the tenant",
        ),
        "NoAuthenticationInformation" => Some(
            "give a credential: --account-key, --sas-token, a connection string, or sign in for --auth-mode login".into(),
        ),
        "InvalidAuthenticationInfo" => by_credential(
            "the Authorization header was malformed; run again with -vv and report it",
            "the SAS token is malformed: generate a new one",
            "the bearer token was refused: sign in again (`az login`) and check the tenant",
        ),
        "AuthorizationPermissionMismatch" | "AuthorizationFailure" | "InsufficientAccountPermissions" => by_credential(
            "the account key does not allow this operation",
            "the SAS lacks a permission: listing handles needs l (list), closing them w (write), reading files r (read)",
            "the identity needs the role Storage File Data Privileged Reader (to list) or Privileged Contributor (to close) on the share or account",
        ),
        "AuthorizationProtocolMismatch" => Some("the SAS allows HTTPS only (spr=https): use an https:// endpoint".into()),
        "AuthorizationSourceIPMismatch" => Some("the SAS does not allow this machine's IP address (sip=)".into()),
        "AuthorizationServiceMismatch" | "AuthorizationResourceTypeMismatch" => {
            Some("the account SAS must allow the File service (ss=f) and the resource types (srt=sco)".into())
        }
        "ShareNotFound" => Some("check the share name (lower-case, e.g. myshare) and the storage account".into()),
        "ShareSnapshotNotFound" => Some("check --snapshot: give the snapshot's time exactly as the service lists it".into()),
        "ResourceNotFound" => Some("the file or directory does not exist: check the path after the share name".into()),
        "ParentNotFound" => Some("a directory on the path does not exist: check the path after the share name".into()),
        "DeletePending" => Some(
            "the file is marked for deletion and waits for its handles to close: list them with `azfh handles ls`, close them with `azfh handles close`".into(),
        ),
        "SharingViolation" => Some("another client holds the file open: `azfh handles ls` on the path shows who".into()),
        "FileLockConflict" => Some(format!(
            "an SMB client holds a byte-range lock on the file: `azfh handles ls {}` shows who",
            if err.target.is_empty() { "SHARE/PATH" } else { &err.target }
        )),
        "ServerBusy" | "OperationTimedOut" => {
            Some("the service is busy or throttling: retry later, or raise --retries".into())
        }
        "InternalError" => Some(
            "the service failed inside: retry later; if it keeps failing, give Azure support the x-ms-request-id above".into(),
        ),
        "InvalidHeaderValue" | "MissingRequiredHeader" => match &err.offending {
            Some((name, _)) if name.eq_ignore_ascii_case("x-ms-version") => Some(format!(
                "this endpoint does not support API version {API_VERSION} (an old emulator, or Azure Stack?)"
            )),
            Some((name, _)) => Some(format!("the service refused the header {name}; run again with -vv and report it")),
            None => None,
        },
        "InvalidUri" | "InvalidResourceName" => Some("check TARGET: the share or path is not valid for Azure Files".into()),
        "AccountIsDisabled" => Some("the storage account is disabled".into()),
        // Azure Files names every error and every answer; a bare status from a server that
        // does neither (a web server's 404, 405 or 501) came from something else. (A bare
        // 503 is a busy proxy on the way, more likely: it gets the hint of a transient fault.)
        "" if err.request_id.is_none()
            && !azfh_client::net::retry::is_retryable_status(err.status) =>
        {
            Some(format!(
                "the endpoint does not look like Azure Files (its {} answer names no Azure error and no x-ms-request-id): check --endpoint or the connection string's FileEndpoint",
                err.status
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, auth_kind: &'static str) -> anyhow::Error {
        let mut err = ServiceError::decode(403, Some(code), Some("rid-1"), b"", &|s| s.to_owned());
        err.operation = "List Handles";
        err.target = "demo".into();
        err.auth_kind = auth_kind;
        anyhow::Error::new(AzureError::Service(Box::new(err)))
    }

    fn printed(err: &anyhow::Error, verbose: bool) -> (ExitStatus, String) {
        let mut buf = Vec::new();
        let status = report(err, &mut buf, verbose);
        (
            status,
            anstream::adapter::strip_str(&String::from_utf8(buf).unwrap()).to_string(),
        )
    }

    #[test]
    fn service_errors_print_code_request_id_and_a_hint() {
        let (status, text) = printed(&service("AuthenticationFailed", "key"), false);
        assert_eq!(status, ExitStatus::Failure);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.starts_with("error: List Handles on demo failed: 403 AuthenticationFailed"),
            "{text}"
        );
        assert!(text.contains("x-ms-request-id: rid-1"));
        assert!(text.contains("hint: check the account key"));
        let (_, sas) = printed(&service("AuthenticationFailed", "sas"), false);
        assert!(sas.contains("SAS token"));
    }

    #[test]
    fn service_text_cannot_reach_the_terminal_raw() {
        let body = "<Error><Code>X</Code><Message>\u{1b}]0;pwned\u{7}\u{1b}[2J\nerror: fake</Message></Error>";
        let mut err = ServiceError::decode(
            403,
            Some("Bad\u{1b}[2JCode"),
            Some("rid\nerror: fake"),
            body.as_bytes(),
            &|s| s.to_owned(),
        );
        err.operation = "List Handles";
        let (_, text) = printed(
            &anyhow::Error::new(AzureError::Service(Box::new(err))),
            false,
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert_eq!(
            text.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{text}"
        );
        let plain = anyhow::Error::msg("a\u{1b}[2J\nerror: b").context("top\rerror: c");
        let (_, text) = printed(&plain, false);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text}");
    }

    #[test]
    fn usage_errors_exit_2_with_their_hint() {
        let err = anyhow::Error::new(UsageError::new("TARGET is empty", "give SHARE[/PATH]"));
        let (status, text) = printed(&err, false);
        assert_eq!(status, ExitStatus::Usage);
        assert_eq!(text, "error: TARGET is empty\nhint: give SHARE[/PATH]\n");
    }

    #[test]
    fn causes_are_listed_and_broken_pipes_are_success() {
        let err = anyhow::Error::new(io::Error::other("disk full")).context("cannot write output");
        let (status, text) = printed(&err, false);
        assert_eq!(status, ExitStatus::Failure);
        assert_eq!(text, "error: cannot write output\ncaused by: disk full\n");
        let pipe = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        let (status, text) = printed(&pipe, false);
        assert_eq!((status, text.as_str()), (ExitStatus::Success, ""));
    }

    /// The error line and hint clap's error for `words` becomes.
    fn clap_lines(words: &[&str]) -> (String, Option<String>) {
        let args: Vec<String> = std::iter::once("azfh")
            .chain(words.iter().copied())
            .map(str::to_owned)
            .collect();
        let err = crate::cli::command()
            .try_get_matches_from(&args)
            .expect_err("a usage error");
        clap_message(&err, &args)
    }

    #[test]
    fn habits_get_their_fix_and_other_errors_the_usage() {
        let hint = |words: &[&str]| clap_lines(words).1.unwrap_or_default();
        assert!(hint(&["handles", "close", "demo", "--close-all"]).contains("--all"));
        assert!(hint(&["handles", "ls", "--name=demo"]).contains("SHARE[/PATH]"));
        assert!(hint(&["handles", "close", "demo", "--handle-id", "*"]).contains("--all"));
        // `handles close demo --all --verify 2m` parses ('2m' is a second TARGET): the close
        // of several targets gives the --verify=2m hint (tests/cli/multi_target.rs).
        assert_eq!(
            hint(&["ls", "demo", "-o", "yaml"]),
            "use one of: table, tsv, json, jsonl"
        );
        assert_eq!(
            hint(&["handles", "ls"]),
            "usage: azfh handles ls [OPTIONS] [TARGET]... (more with --help)"
        );
        let (message, _) = clap_lines(&["handles", "ls"]);
        assert!(message.contains("<TARGET>"), "{message}");
    }
}
