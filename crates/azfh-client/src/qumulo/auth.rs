//! How the client authorizes with a cluster: a token, or a login it performs itself.
//!
//! Chosen by the caller (the binary picks it from flags, environment and `qq`'s files); the
//! transport only sends it.

/// How to authorize with the cluster.
#[derive(Clone, PartialEq, Eq)]
pub enum QumuloAuth {
    /// A session or access token, sent as `Authorization: Bearer`.
    Token { token: String, source: String },
    /// `POST /v1/session/login` first (and again once if the session expires).
    Login { user: String, password: String },
}

impl std::fmt::Debug for QumuloAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QumuloAuth::Token { source, .. } => write!(f, "Token(<redacted> from {source})"),
            QumuloAuth::Login { user, .. } => write!(f, "Login({user}, <redacted>)"),
        }
    }
}
