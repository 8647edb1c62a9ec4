//! The arguments of `azfh sessions ls` and `azfh sessions close` (Qumulo only).

use std::time::Duration;

use clap::{Args, Subcommand};
use ipnet::IpNet;

use azfh_client::handles::selection::{parse_age, parse_ip_net, parse_owner};
use azfh_client::qumulo::SessionFilters;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh sessions ls qumulo://nas01/ --idle-longer-than 8h
  azfh sessions close qumulo://nas01/ --client-ip 127.0.2.11 --dry-run
  azfh sessions close qumulo://nas01/ --owner 'CORP\\alice' --share projects --yes";

#[derive(Debug, Subcommand)]
pub(crate) enum SessionsCommand {
    /// List the cluster's SMB sessions
    ///
    /// Every session, through every page: its location, user, client address, shares, open
    /// handle count, and how long it has been open and idle. Repeating a filter ORs its values;
    /// different filters AND.
    #[command(after_help = EXAMPLES)]
    Ls(SessionsLsArgs),

    /// Close SMB sessions: those the filters select
    ///
    /// Closing a session drops all of its handles at once (the client must reconnect and
    /// reopen; cached writes are not flushed): the way to clear a crashed client. The sessions
    /// are listed first, then closed as listed, 100 a request. On a terminal azfh asks before
    /// closing; elsewhere it needs --yes. Each selected session is reported: closed,
    /// already_closed or failed (exit 3).
    #[command(after_help = EXAMPLES)]
    Close(SessionsCloseArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SessionsLsArgs {
    /// qumulo://HOST[:PORT][/]: the cluster (sessions are cluster-wide)
    pub target: String,

    /// Sessions per request [default: the cluster's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    #[command(flatten)]
    pub filters: SessionFilterArgs,
}

#[derive(Debug, Args)]
pub(crate) struct SessionsCloseArgs {
    /// qumulo://HOST[:PORT][/]: the cluster (sessions are cluster-wide)
    pub target: String,

    /// Close every session (no filter needed)
    #[arg(long, help_heading = "Selection")]
    pub all: bool,

    /// Print what would be closed; close nothing
    #[arg(long, help_heading = "Safety")]
    pub dry_run: bool,

    /// Do not ask (needed when there is no terminal)
    #[arg(short, long, help_heading = "Safety")]
    pub yes: bool,

    /// If more than N sessions are selected, close none (exit 2)
    #[arg(
        long,
        value_name = "N",
        help_heading = "Safety",
        allow_negative_numbers = true
    )]
    pub max: Option<u64>,

    /// Sessions per request while listing [default: the cluster's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    #[command(flatten)]
    pub filters: SessionFilterArgs,
}

/// `--client-ip` of sessions: an address or a CIDR network, never a port. A session's client
/// address carries no port to match (unlike an Azure handle's), so the shared parser's
/// suggestion of `IP:PORT` would point at a form sessions refuse.
fn parse_session_client_ip(text: &str) -> Result<IpNet, String> {
    const FORMS: &str = "sessions take an IP address (10.20.1.5, 2001:db8::1) or a CIDR network \
                         (10.20.0.0/16)";
    let trimmed = text.trim();
    if let Ok(socket) = trimmed.parse::<std::net::SocketAddr>() {
        return Err(format!(
            "invalid address '{text}': {FORMS}; a session's client address has no port to match: use {}",
            socket.ip()
        ));
    }
    parse_ip_net(trimmed).map_err(|err| {
        if trimmed.contains('/') {
            err.to_string()
        } else {
            format!("invalid address '{}': {FORMS}", text.escape_debug())
        }
    })
}

/// The session filters as given.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Filters")]
pub(crate) struct SessionFilterArgs {
    /// Client address is IP or in CIDR (repeatable)
    #[arg(long = "client-ip", value_name = "IP|CIDR", value_parser = parse_session_client_ip)]
    pub client_ips: Vec<IpNet>,

    /// The user: a name (CORP\alice, alice; case-insensitive) or an auth_id (repeatable)
    #[arg(long = "owner", value_name = "NAME|ID", value_parser = parse_owner)]
    pub owners: Vec<String>,

    /// The session uses share NAME (case-insensitive; repeatable)
    #[arg(long = "share", value_name = "NAME")]
    pub shares: Vec<String>,

    /// Idle for longer than DUR (90m, 8h, 2d)
    #[arg(long, value_name = "DUR", value_parser = parse_age)]
    pub idle_longer_than: Option<Duration>,

    /// Open for longer than DUR
    #[arg(long, value_name = "DUR", value_parser = parse_age)]
    pub older_than: Option<Duration>,
}

impl SessionFilterArgs {
    pub(crate) fn filters(&self) -> SessionFilters {
        SessionFilters {
            client_ips: self.client_ips.clone(),
            owners: self.owners.clone(),
            shares: self.shares.clone(),
            idle_longer_than: self.idle_longer_than,
            older_than: self.older_than,
        }
    }
}
