//! Typed Azure Files operations over the transport.

use std::fmt::Write as _;

use reqwest::Method;

use super::error::AzureError;
use super::paging::MarkerLoop;
use super::transport::{Request, Transport};
use super::wire;
use crate::handles::model::Handle;

/// A file or directory on a share (or on one of its snapshots).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub share: String,
    /// Share-relative path with `/` separators; empty for the root directory.
    pub path: String,
    /// A share snapshot id (`2026-11-01T00:00:00.0000000Z`).
    pub snapshot: Option<String>,
}

impl Location {
    /// `share/path` for messages.
    pub fn display(&self) -> String {
        let mut text = self.share.clone();
        if !self.path.is_empty() {
            text.push('/');
            text.push_str(&self.path);
        }
        if let Some(snapshot) = &self.snapshot {
            let _ = write!(text, " (snapshot {snapshot})");
        }
        text
    }
}

/// List Handles options.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListHandlesOptions {
    /// Also list handles on everything below a directory.
    pub recursive: bool,
    /// `maxresults`: handles per page; the service's default when `None`.
    pub page_size: Option<u32>,
}

/// The Azure Files client for one account.
#[derive(Clone)]
pub struct AzureFiles {
    transport: Transport,
}

impl AzureFiles {
    pub fn new(transport: Transport) -> Self {
        Self { transport }
    }

    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Lists handles on `location` page by page, following markers to the end.
    pub fn list_handles(&self, location: &Location, options: ListHandlesOptions) -> HandlePager {
        HandlePager {
            transport: self.transport.clone(),
            location: location.clone(),
            options,
            markers: MarkerLoop::new(None),
        }
    }
}

/// Pages of List Handles: one request per `next_page`.
pub struct HandlePager {
    transport: Transport,
    location: Location,
    options: ListHandlesOptions,
    markers: MarkerLoop,
}

impl HandlePager {
    /// The next page, or `None` after the last one. Pages may be empty and still not last.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Handle>>, AzureError> {
        if self.markers.is_finished() {
            return Ok(None);
        }
        let mut query = vec![("comp".to_owned(), "listhandles".to_owned())];
        if let Some(marker) = self.markers.marker() {
            query.push(("marker".into(), marker.to_owned()));
        }
        if let Some(size) = self.options.page_size {
            query.push(("maxresults".into(), size.to_string()));
        }
        if let Some(snapshot) = &self.location.snapshot {
            query.push(("sharesnapshot".into(), snapshot.clone()));
        }
        let mut headers = Vec::new();
        if self.options.recursive {
            headers.push(("x-ms-recursive".to_owned(), "true".to_owned()));
        }
        let request = Request {
            operation: "List Handles",
            method: Method::GET,
            share: self.location.share.clone(),
            path: self.location.path.clone(),
            query,
            headers,
        };
        let response = self.transport.send(&request).await?;
        let page =
            wire::decode_list_handles(&response.body).map_err(|source| AzureError::Decode {
                operation: "List Handles",
                source,
            })?;
        self.markers.advance(page.next_marker.as_deref())?;
        Ok(Some(page.handles))
    }

    /// Pages received so far.
    pub fn pages(&self) -> u64 {
        self.markers.rounds()
    }
}
