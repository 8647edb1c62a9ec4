//! `--sort` and `--limit` for `handles ls`: the order handles are printed in, and how many.
//! Sorting needs every selected handle before the first is printed, so it buffers (whatever
//! the format, and over several shares too); with `--limit N` it keeps only the N first in
//! that order (at most 2N held at once), so memory stays bounded by N, not by the shares.

use std::borrow::Borrow;
use std::cmp::Ordering;

use azfh_client::handles::Handle;

/// `--sort`: the order of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum HandleOrder {
    /// Oldest open time first (handles without one last)
    OpenTime,
    /// By path, case-insensitively, as Azure Files compares names
    Path,
    /// By client address, then port (handles without a client last)
    Client,
}

impl HandleOrder {
    /// How `a` and `b` compare; equal handles keep the order they were listed in.
    pub(crate) fn compare(self, a: &Handle, b: &Handle) -> Ordering {
        match self {
            HandleOrder::OpenTime => {
                (a.open_time.is_none(), a.open_time).cmp(&(b.open_time.is_none(), b.open_time))
            }
            HandleOrder::Path => a
                .path
                .to_lowercase()
                .cmp(&b.path.to_lowercase())
                .then_with(|| a.path.cmp(&b.path)),
            HandleOrder::Client => {
                let key = |h: &Handle| {
                    (
                        h.client.is_none(),
                        h.client.map(|c| c.ip.to_canonical()),
                        h.client.and_then(|c| c.port),
                    )
                };
                key(a).cmp(&key(b))
            }
        }
    }
}

/// The handles a sorted listing prints (a handle, or a row that holds one): all of them, or
/// the first `limit` in `order`.
pub(crate) struct Sorted<T = Handle> {
    order: HandleOrder,
    limit: Option<usize>,
    handles: Vec<T>,
}

impl<T: Borrow<Handle>> Sorted<T> {
    pub(crate) fn new(order: HandleOrder, limit: Option<usize>) -> Self {
        Self {
            order,
            limit,
            handles: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, handle: T) {
        self.handles.push(handle);
        if let Some(limit) = self.limit
            && self.handles.len() >= limit.saturating_mul(2).max(1024)
        {
            self.trim(limit);
        }
    }

    /// Keeps the first `limit`; a stable sort, so ties stay in the order listed (those kept
    /// earlier were listed earlier).
    fn trim(&mut self, limit: usize) {
        let order = self.order;
        self.handles
            .sort_by(|a, b| order.compare(a.borrow(), b.borrow()));
        self.handles.truncate(limit);
    }

    /// The handles to print, in order.
    pub(crate) fn finish(mut self) -> Vec<T> {
        self.trim(self.limit.unwrap_or(usize::MAX));
        self.handles
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azfh_client::handles::ClientAddr;
    use time::macros::datetime;

    fn handle(id: &str, path: &str, client: &str, day: Option<u8>) -> Handle {
        Handle {
            id: id.into(),
            path: path.into(),
            file_id: 1,
            parent_id: None,
            session_id: None,
            client: ClientAddr::parse(client),
            client_name: None,
            open_time: day.map(|d| datetime!(2026-11-01 00:00 UTC).replace_day(d).unwrap()),
            last_reconnect_time: None,
            qumulo: None,
            access: None,
        }
    }

    fn ids(handles: &[Handle]) -> Vec<&str> {
        handles.iter().map(|h| h.id.as_str()).collect()
    }

    fn sorted(order: HandleOrder, limit: Option<usize>, handles: &[Handle]) -> Vec<Handle> {
        let mut sorted = Sorted::new(order, limit);
        for h in handles {
            sorted.add(h.clone());
        }
        sorted.finish()
    }

    #[test]
    fn oldest_first_ties_in_listed_order_and_the_timeless_last() {
        let handles = [
            handle("a", "x", "10.0.0.2:1", Some(5)),
            handle("b", "y", "10.0.0.1:2", None),
            handle("c", "Z", "10.0.0.1:1", Some(3)),
            handle("d", "w", "", Some(5)),
            handle("e", "z", "[2001:db8::1]:9", Some(3)),
        ];
        let by = |order| ids(&sorted(order, None, &handles)).join("");
        assert_eq!(by(HandleOrder::OpenTime), "ceadb");
        assert_eq!(by(HandleOrder::Path), "dabce");
        assert_eq!(by(HandleOrder::Client), "cbaed");
        assert_eq!(
            ids(&sorted(HandleOrder::OpenTime, Some(2), &handles)),
            ["c", "e"]
        );
    }

    #[test]
    fn a_limit_holds_a_bounded_number() {
        let mut sorted = Sorted::new(HandleOrder::OpenTime, Some(3));
        for i in 0..10_000_u32 {
            let day = u8::try_from(28 - i % 28).unwrap();
            sorted.add(handle(&i.to_string(), "p", "10.0.0.1:1", Some(day)));
            assert!(sorted.handles.len() < 1024);
        }
        let first = sorted.finish();
        assert_eq!(
            ids(&first),
            ["27", "55", "83"],
            "day 1, in the order listed"
        );
    }
}
