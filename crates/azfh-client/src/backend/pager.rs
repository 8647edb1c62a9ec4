//! A listing of handles in progress, whichever backend it pages through.

use crate::azure::HandlePager;
use crate::handles::model::Handle;
use crate::ops::handle_listing::TreeListing;
use crate::qumulo::QumuloPager;

/// A listing in progress.
pub enum Pager {
    Azure(HandlePager),
    /// A recursive Azure listing in parallel parts: pages come from whichever part has one,
    /// so the order across parts is not promised.
    AzureTree(Box<TreeListing>),
    Qumulo(QumuloPager),
}

impl Pager {
    /// The next page (possibly empty); `None` at the end.
    pub async fn next_page(&mut self) -> anyhow::Result<Option<Vec<Handle>>> {
        Ok(match self {
            Pager::Azure(pager) => pager.next_page().await?,
            Pager::AzureTree(pager) => pager.next_page().await?,
            Pager::Qumulo(pager) => pager.next_page().await?,
        })
    }

    pub fn pages(&self) -> u64 {
        match self {
            Pager::Azure(pager) => pager.pages(),
            Pager::AzureTree(pager) => pager.pages(),
            Pager::Qumulo(pager) => pager.pages(),
        }
    }
}
