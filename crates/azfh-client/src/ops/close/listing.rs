//! Listing TARGET to the end before closing: what a close selects, and every handle id seen,
//! so that `--verify` can tell a handle a client reopened (a new id) from one that was there.

use std::collections::HashSet;

use anyhow::Result;

use super::Closer;
use crate::handles::model::Handle;

/// What a listing selected, and the id of every handle it saw (selected or not).
pub struct Listing {
    pub selected: Vec<Handle>,
    pub seen: HashSet<String>,
}

impl Closer<'_> {
    /// Lists TARGET to the end and keeps what `select` selects; `None` when interrupted.
    pub async fn list(&self, select: &dyn Fn(&Handle) -> bool) -> Result<Option<Listing>> {
        self.observer.listing_started();
        let listing = self.list_to_end(select).await;
        self.observer.listing_ended();
        listing
    }

    async fn list_to_end(&self, select: &dyn Fn(&Handle) -> bool) -> Result<Option<Listing>> {
        let mut pager = self
            .backend
            .list(self.options.recursive, self.options.page_size);
        let mut listing = Listing {
            selected: Vec::new(),
            seen: HashSet::new(),
        };
        loop {
            let page = tokio::select! {
                () = self.interrupt.raised() => return Ok(None),
                page = pager.next_page() => page?,
            };
            let Some(page) = page else { break };
            for handle in page {
                listing.seen.insert(handle.id.clone());
                if select(&handle) {
                    listing.selected.push(handle);
                }
            }
            self.observer
                .listed(pager.pages(), listing.seen.len(), listing.selected.len());
        }
        Ok(Some(listing))
    }
}
