//! Qumulo errors: the cluster's `error_class` and `description`, or what went wrong on the
//! way, with the operation that failed.

use crate::net::tls::CertificateProblem;

/// A failed Qumulo request.
#[derive(Debug, thiserror::Error)]
pub enum QumuloError {
    /// The cluster answered with an error status.
    #[error(
        "{operation} failed: {status} {}{}",
        class_text(error_class.as_deref()),
        description
    )]
    Service {
        operation: &'static str,
        status: u16,
        error_class: Option<String>,
        description: String,
        attempts: u32,
    },
    /// The connection failed (after retries).
    #[error("{operation} failed: cannot reach {endpoint}: {message}")]
    Network {
        operation: &'static str,
        endpoint: String,
        message: String,
        /// Why the server's certificate was refused, if it was.
        certificate: Option<CertificateProblem>,
        /// `--ca-cert` was given (the hint must not ask for it again).
        ca_cert_given: bool,
        /// The last attempt connected and sent its request (the answer was then lost): the
        /// endpoint can be reached, unlike a connection refused, unresolved or timed out.
        connected: bool,
    },
    /// The cluster (or whatever listens at its address) answered something that is not HTTP.
    #[error(
        "{operation} failed{}: {endpoint} {} ({detail})",
        if *attempts > 1 { format!(" after {attempts} attempts") } else { String::new() },
        crate::net::NOT_HTTP
    )]
    NotHttp {
        operation: &'static str,
        endpoint: String,
        /// What the HTTP parser said of it.
        detail: String,
        attempts: u32,
    },
    /// The cluster went silent for `--timeout` on the last attempt.
    #[error("{operation} failed: {endpoint} {what} (--timeout)")]
    Timeout {
        operation: &'static str,
        endpoint: String,
        /// What the cluster did, e.g. `sent nothing for 30s`.
        what: String,
    },
    /// The request's deadline (`--deadline`) passed.
    #[error(
        "{operation} failed: gave up at its {} deadline (--deadline) after {attempts} attempt{}: {last}",
        humantime::format_duration(*deadline),
        if *attempts == 1 { "" } else { "s" }
    )]
    Deadline {
        operation: &'static str,
        deadline: std::time::Duration,
        attempts: u32,
        /// What the last attempt met.
        last: String,
    },
    /// The cluster asked for a wait longer than azfh waits between attempts.
    #[error(
        "{operation} failed: the cluster answered {status} and asked to wait more than {}s (Retry-After) before a retry",
        crate::net::retry::MAX_WAIT.as_secs()
    )]
    WaitTooLong {
        operation: &'static str,
        status: u16,
    },
    /// An answer longer than any the API gives; reading stopped.
    #[error(
        "{operation} failed: the cluster's answer is longer than the {} azfh reads; stopped reading",
        crate::net::body::describe_limit(*limit)
    )]
    TooLarge { operation: &'static str, limit: u64 },
    /// The cluster's answer is not what its API documents.
    #[error("{operation}: unexpected answer from the cluster: {message}")]
    Decode {
        operation: &'static str,
        message: String,
    },
    /// The preflight found the user without a privilege the command needs.
    #[error("the cluster's user '{user}' lacks {privilege}, which this command needs")]
    MissingPrivilege {
        user: String,
        privilege: &'static str,
    },
    /// A listing's `paging.next` came back again: following it would loop forever.
    #[error("the cluster repeated the page link {next}: stopping instead of looping")]
    RepeatedPage { next: String },
}

fn class_text(class: Option<&str>) -> String {
    class.map(|c| format!("{c}: ")).unwrap_or_default()
}

impl QumuloError {
    pub fn status(&self) -> Option<u16> {
        match self {
            QumuloError::Service { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// No such file or directory on the cluster (`fs_no_such_entry_error`).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            QumuloError::Service { error_class: Some(class), .. } if class == "fs_no_such_entry_error"
        )
    }

    /// The cluster named, when it could not be reached at all (no connection, after the
    /// retries): not an answer of the cluster, and not about one request.
    pub fn unreachable_endpoint(&self) -> Option<&str> {
        match self {
            QumuloError::Network {
                endpoint,
                connected: false,
                ..
            } => Some(endpoint),
            _ => None,
        }
    }

    /// The token was refused, or the user lacks a privilege (401, 403): every further request
    /// with it would fail the same way.
    pub fn is_auth(&self) -> bool {
        matches!(self.status(), Some(401 | 403))
            || matches!(self, QumuloError::MissingPrivilege { .. })
    }

    /// The fix for the errors operators meet.
    pub fn hint(&self) -> Option<String> {
        match self {
            QumuloError::Service {
                operation: "login",
                status: 401,
                ..
            } => Some(
                "the cluster refused the user name or password: check QUMULO_USER (or --qumulo-user) and QUMULO_PASSWORD".into(),
            ),
            QumuloError::Service { status: 401, .. } => Some(
                "the token is missing, wrong or expired (session tokens last 10 hours): give a fresh QUMULO_TOKEN, or QUMULO_USER and QUMULO_PASSWORD".into(),
            ),
            QumuloError::Service { status: 403, .. } => Some(
                "the user lacks a privilege: listing needs PRIVILEGE_SMB_FILE_HANDLE_READ, closing PRIVILEGE_SMB_FILE_HANDLE_WRITE".into(),
            ),
            // The first requests of a run: no endpoint at all means the wrong base path.
            QumuloError::Service {
                status: 404,
                operation: "who-am-i" | "login",
                ..
            } => Some(
                "the cluster's API is not at this address: a cluster reached on its web port serves it under /api (give --qumulo-base /api)".into(),
            ),
            QumuloError::MissingPrivilege { privilege, .. } => Some(format!(
                "ask a cluster administrator for a role that grants {privilege} (Qumulo's web UI: Cluster > Role Management), or use a token of a user who has it"
            )),
            _ if self.is_not_found() => {
                Some("no such path on the cluster: give the absolute path, e.g. qumulo://nas01/projects".into())
            }
            QumuloError::Network {
                certificate: Some(problem),
                ca_cert_given,
                ..
            } => Some(problem.hint(*ca_cert_given).into()),
            QumuloError::Network {
                endpoint, message, ..
            } if message.starts_with(crate::net::UNRESOLVED_HOST) => Some(format!(
                "no such host: check the cluster's name in the qumulo:// TARGET ({endpoint}) and this machine's DNS"
            )),
            QumuloError::NotHttp { .. } => Some(
                "something other than the cluster's REST API answered: check the qumulo:// address and port".into(),
            ),
            QumuloError::Timeout { .. } => Some(
                "if the cluster is just slow, raise --timeout (or AZFH_TIMEOUT), e.g. --timeout 120s; if it never answers, check the qumulo:// address and port".into(),
            ),
            QumuloError::Deadline { .. } => Some(
                "the request did not succeed before its deadline: check the qumulo:// address and the network (-vv shows each attempt); raise --deadline (or AZFH_DEADLINE) for a slow cluster".into(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(status: u16, error_class: Option<&str>) -> QumuloError {
        QumuloError::Service {
            operation: "list handles",
            status,
            error_class: error_class.map(str::to_owned),
            description: String::new(),
            attempts: 1,
        }
    }

    #[test]
    fn predicates() {
        assert!(answered(404, Some("fs_no_such_entry_error")).is_not_found());
        assert!(!answered(404, Some("api_not_found_error")).is_not_found());
        assert!(!answered(404, None).is_not_found());
        assert!(answered(401, None).is_auth() && answered(403, None).is_auth());
        assert!(!answered(404, None).is_auth() && !answered(429, None).is_auth());
        let network = QumuloError::Network {
            operation: "list handles",
            endpoint: "https://127.0.0.1:1".into(),
            message: "connection failed".into(),
            certificate: None,
            ca_cert_given: false,
            connected: false,
        };
        assert!(!network.is_auth() && !network.is_not_found());
    }
}
