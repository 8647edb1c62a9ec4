//! What every HTTP backend shares: one way to build the HTTP client, one exchange (bounded in
//! time and size, failures described the same way), one retry loop under a pure policy and a
//! deadline, how
//! many requests to keep in flight (an AIMD pacer), which certificates to trust, and secrets
//! kept out of text.
//!
//! Depends on nothing else in the crate; `azure` and `qumulo` build on it.

pub(crate) mod ahead;
pub mod body;
pub(crate) mod body_sink;
pub mod buffer_pool;
pub(crate) mod client;
pub(crate) mod exchange;
pub(crate) mod failure;
pub mod options;
pub mod pacer;
pub mod patience;
pub(crate) mod platform_roots;
pub mod redact;
pub mod retry;
pub(crate) mod send;
pub mod tls;

pub use options::ConnectionOptions;

/// How a network failure's message begins when the host name did not resolve: such a failure
/// is not retried (a name that does not resolve now will not in a second), and the binary's
/// hint names the account and endpoint.
pub const UNRESOLVED_HOST: &str = "the host name does not resolve";

/// How a network failure's message begins when the server answered something that is not
/// HTTP (another protocol on that port, TLS spoken to plain HTTP): retried once, not six times.
pub const NOT_HTTP: &str = "answered something that is not HTTP";
