//! Which handles in a later listing are closed handles come back: what `--verify` closes
//! besides the original selection.
//!
//! A client that reconnects after its handle was closed opens a new handle: a new id, a fresh
//! open time, on the same path, from the same client. A time filter (`--older-than 7d`) never
//! selects it again, so `--verify` recognises it by what was closed instead: the same path,
//! and the same client, which is the same SMB session, or the same address (the port is
//! ignored: a reconnect comes from a new one) and client name, or on a backend that reports
//! no client, the same owner. Only handles that were not in the first listing count: a handle
//! that was already open beside the closed one, and was not selected, is never taken for its
//! return.

use std::collections::HashSet;
use std::net::IpAddr;

use super::model::Handle;

/// What was closed, remembered by path and client.
#[derive(Debug, Default)]
pub struct ClosedIdentities {
    sessions: HashSet<(String, u64)>,
    clients: HashSet<(String, IpAddr, Option<String>)>,
    owners: HashSet<(String, String)>,
}

impl ClosedIdentities {
    /// Remembers a handle this run closed.
    pub fn remember(&mut self, handle: &Handle) {
        let path = handle.path.clone();
        if let Some(session) = handle.session_id {
            self.sessions.insert((path.clone(), session));
        }
        if let Some(client) = handle.client {
            self.clients
                .insert((path.clone(), client.ip, handle.client_name.clone()));
        }
        if let Some(owner) = handle.owner() {
            self.owners.insert((path, owner.to_owned()));
        }
    }

    /// Whether `handle` is on a path this run closed a handle on, from the same client.
    pub fn reopens(&self, handle: &Handle) -> bool {
        let path = &handle.path;
        handle
            .session_id
            .is_some_and(|session| self.sessions.contains(&(path.clone(), session)))
            || handle.client.is_some_and(|client| {
                self.clients
                    .contains(&(path.clone(), client.ip, handle.client_name.clone()))
            })
            || handle
                .owner()
                .is_some_and(|owner| self.owners.contains(&(path.clone(), owner.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::model::ClientAddr;

    fn handle(id: &str, path: &str, client: &str, name: Option<&str>, session: u64) -> Handle {
        Handle {
            id: id.into(),
            path: path.into(),
            file_id: 1,
            parent_id: None,
            session_id: Some(session),
            client: ClientAddr::parse(client),
            client_name: name.map(str::to_owned),
            open_time: None,
            last_reconnect_time: None,
            access: None,
            qumulo: None,
        }
    }

    #[test]
    fn the_same_client_on_the_same_path_is_a_return() {
        let mut closed = ClosedIdentities::default();
        closed.remember(&handle("1", "a/b.txt", "10.0.0.1:1000", Some("WS-1"), 7));
        assert!(
            closed.reopens(&handle("2", "a/b.txt", "10.0.0.1:1000", Some("WS-1"), 7)),
            "same session"
        );
        assert!(
            closed.reopens(&handle("3", "a/b.txt", "10.0.0.1:2000", Some("WS-1"), 8)),
            "a new session and port from the same address and name"
        );
        assert!(
            !closed.reopens(&handle("4", "a/c.txt", "10.0.0.1:1000", Some("WS-1"), 7)),
            "another path"
        );
        assert!(
            !closed.reopens(&handle("5", "a/b.txt", "10.0.0.2:1000", Some("WS-2"), 9)),
            "another client"
        );
        assert!(
            !closed.reopens(&handle("6", "a/b.txt", "10.0.0.1:1000", Some("WS-9"), 9)),
            "another name behind the same address, in another session"
        );
    }

    #[test]
    fn owners_stand_for_clients_where_there_are_none() {
        let mut closed = ClosedIdentities::default();
        let mut qumulo = handle("4.1.1", "/p/f", "", None, 0);
        qumulo.session_id = None;
        qumulo.qumulo_mut().owner = Some("12884901890".into());
        closed.remember(&qumulo);
        let mut again = qumulo.clone();
        again.id = "4.1.2".into();
        assert!(closed.reopens(&again));
        again.qumulo_mut().owner = Some("500".into());
        assert!(!closed.reopens(&again));
    }
}
