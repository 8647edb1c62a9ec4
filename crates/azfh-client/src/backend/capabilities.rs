//! What a backend's handles carry and how it closes them: the filters a command may offer on
//! it, and the capabilities the close path may use.

use crate::handles::selection::Filters;
use crate::qumulo::client::CLOSE_BATCH;

/// What a backend's handles carry, and how it closes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is one independent fact about a backend"
)]
pub struct Capabilities {
    /// The backend's name in messages.
    pub name: &'static str,
    pub open_time: bool,
    pub client_ip: bool,
    /// Every handle's client address is its own (Azure Files); on Qumulo it is derived from
    /// lock grants, exact only for files one client holds, so nothing groups by it.
    pub client_ip_exact: bool,
    /// A client's address comes with its port (Azure Files); Qumulo's lock grants give the
    /// address alone, so `--client-ip IP:PORT` could never match there.
    pub client_port: bool,
    pub client_name: bool,
    pub session: bool,
    pub owner: bool,
    /// Azure Files' 2,000 / 10,000 handles per path.
    pub handle_limits: bool,
    /// The service closes everything under a path itself (Azure's `*`), with markers: the
    /// backend gives a [`CloseEverything`](super::CloseEverything), and `--marker` resumes it.
    pub close_all: bool,
    /// Handles one close request carries.
    pub close_batch: usize,
}

impl Capabilities {
    pub const AZURE: Self = Self {
        name: "Azure Files",
        open_time: true,
        client_ip: true,
        client_ip_exact: true,
        client_port: true,
        client_name: true,
        session: true,
        owner: false,
        handle_limits: true,
        close_all: true,
        close_batch: 1,
    };

    pub const QUMULO: Self = Self {
        name: "Qumulo",
        open_time: false,
        client_ip: true,
        client_ip_exact: false,
        client_port: false,
        client_name: false,
        session: false,
        owner: true,
        handle_limits: false,
        close_all: false,
        close_batch: CLOSE_BATCH,
    };

    /// The first filter in `filters` these handles cannot answer, with the reason.
    pub fn refused_filter(&self, filters: &Filters) -> Option<(&'static str, &'static str)> {
        let time = filters.older_than.is_some()
            || filters.newer_than.is_some()
            || filters.opened_before.is_some()
            || filters.opened_after.is_some();
        let refusals = [
            (
                time && !self.open_time,
                "--older-than, --newer-than, --opened-before and --opened-after",
                "its handles carry no open time",
            ),
            (
                !self.client_ip
                    && (!filters.client_ips.is_empty() || !filters.exclude_client_ips.is_empty()),
                "--client-ip and --exclude-client-ip",
                "its handles carry no client address (a lock grant or session gives one only for some files, and not reliably)",
            ),
            (
                !self.client_port
                    && filters
                        .client_ips
                        .iter()
                        .chain(&filters.exclude_client_ips)
                        .any(|m| m.port.is_some()),
                "--client-ip and --exclude-client-ip with a port (IP:PORT)",
                "its lock grants give client addresses without ports: give the address or a CIDR",
            ),
            (
                !self.client_name
                    && (!filters.client_names.is_empty()
                        || !filters.exclude_client_names.is_empty()),
                "--client-name and --exclude-client-name",
                "its handles carry no client name",
            ),
            (
                !filters.session_ids.is_empty() && !self.session,
                "--session-id",
                "its handles carry no session id",
            ),
            (
                !filters.owners.is_empty() && !self.owner,
                "--owner",
                "its handles carry no owner (use --client-name or --client-ip)",
            ),
        ];
        refusals
            .into_iter()
            .find(|(refused, _, _)| *refused)
            .map(|(_, flags, why)| (flags, why))
    }
}
