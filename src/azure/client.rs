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

/// Which handles a Force Close Handles request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseTarget<'a> {
    /// One handle, by the id List Handles gave it.
    Id(&'a str),
    /// Every handle (`x-ms-handle-id: *`).
    All,
}

/// What one Force Close Handles request did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CloseRound {
    pub closed: u64,
    pub failed: u64,
    /// `x-ms-marker`: more remain to be closed from here.
    pub next_marker: Option<String>,
    /// An attempt whose answer was lost may have closed handles this answer does not count.
    pub ambiguous: bool,
    /// The service throttled an attempt.
    pub throttled: bool,
}

/// Totals of a close that followed its markers to the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CloseTotals {
    pub closed: u64,
    pub failed: u64,
    pub rounds: u64,
    pub ambiguous: bool,
    pub throttled: bool,
}

impl CloseTotals {
    fn add(&mut self, round: &CloseRound) {
        self.closed += round.closed;
        self.failed += round.failed;
        self.rounds += 1;
        self.ambiguous |= round.ambiguous;
        self.throttled |= round.throttled;
    }
}

impl AzureFiles {
    /// One Force Close Handles request. The service refuses `x-ms-recursive` on a file with
    /// 400; then the request is sent once more without it, and `recursive` is turned off for
    /// the rounds that follow. (No probe asks first whether the path is a file: probes fail on
    /// files pending deletion, the very files that need their handles closed.)
    pub async fn force_close_round(
        &self,
        location: &Location,
        target: CloseTarget<'_>,
        recursive: &mut bool,
        marker: Option<&str>,
    ) -> Result<CloseRound, AzureError> {
        match self
            .force_close_request(location, target, *recursive, marker)
            .await
        {
            Err(AzureError::Service(err))
                if *recursive && err.status == 400 && blames_recursive(&err) =>
            {
                tracing::debug!(target: "azfh::http", "x-ms-recursive refused on {}; sending again without it", location.display());
                *recursive = false;
                self.force_close_request(location, target, false, marker)
                    .await
            }
            other => other,
        }
    }

    async fn force_close_request(
        &self,
        location: &Location,
        target: CloseTarget<'_>,
        recursive: bool,
        marker: Option<&str>,
    ) -> Result<CloseRound, AzureError> {
        let mut query = vec![("comp".to_owned(), "forceclosehandles".to_owned())];
        if let Some(marker) = marker {
            query.push(("marker".into(), marker.to_owned()));
        }
        if let Some(snapshot) = &location.snapshot {
            query.push(("sharesnapshot".into(), snapshot.clone()));
        }
        let id = match target {
            CloseTarget::Id(id) => id,
            CloseTarget::All => "*",
        };
        let mut headers = vec![("x-ms-handle-id".to_owned(), id.to_owned())];
        if recursive {
            headers.push(("x-ms-recursive".into(), "true".into()));
        }
        let request = Request {
            operation: "Force Close Handles",
            method: Method::PUT,
            share: location.share.clone(),
            path: location.path.clone(),
            query,
            headers,
        };
        let response = self.transport.send(&request).await?;
        let count = |name: &'static str, required: bool| -> Result<u64, AzureError> {
            match response.header(name) {
                Some(text) => text.trim().parse().map_err(|_| AzureError::Decode {
                    operation: "Force Close Handles",
                    source: wire::DecodeError::Field {
                        element: name,
                        value: text.to_owned(),
                        expected: "a count",
                    },
                }),
                // x-ms-number-of-handles-failed is absent before 2019-07-07.
                None if !required => Ok(0),
                None => Err(AzureError::Decode {
                    operation: "Force Close Handles",
                    source: wire::DecodeError::Missing { element: name },
                }),
            }
        };
        Ok(CloseRound {
            closed: count("x-ms-number-of-handles-closed", true)?,
            failed: count("x-ms-number-of-handles-failed", false)?,
            next_marker: response
                .header("x-ms-marker")
                .map(str::to_owned)
                .filter(|m| !m.is_empty()),
            ambiguous: response.ambiguous,
            throttled: response.throttled,
        })
    }

    /// Closes one handle by id on its own path, following the service's markers to the end.
    pub async fn close_handle(
        &self,
        location: &Location,
        id: &str,
    ) -> Result<CloseTotals, AzureError> {
        let mut closer = self.close_loop(location, CloseTarget::Id(id), false, None);
        while closer.next_round().await?.is_some() {}
        Ok(closer.totals())
    }

    /// A Force Close loop, one request per [`CloseLoop::next_round`]; `resume_from` continues
    /// an interrupted loop from the marker it printed.
    pub fn close_loop(
        &self,
        location: &Location,
        target: CloseTarget<'_>,
        recursive: bool,
        resume_from: Option<String>,
    ) -> CloseLoop {
        CloseLoop {
            client: self.clone(),
            location: location.clone(),
            id: match target {
                CloseTarget::Id(id) => Some(id.to_owned()),
                CloseTarget::All => None,
            },
            recursive,
            markers: MarkerLoop::new(resume_from),
            totals: CloseTotals::default(),
        }
    }
}

/// Whether a 400 names `x-ms-recursive` (or names nothing, as some answers do).
fn blames_recursive(err: &super::ServiceError) -> bool {
    err.offending
        .as_ref()
        .is_none_or(|(name, _)| name.eq_ignore_ascii_case("x-ms-recursive"))
}

/// A marker-driven Force Close loop.
pub struct CloseLoop {
    client: AzureFiles,
    location: Location,
    id: Option<String>,
    recursive: bool,
    markers: MarkerLoop,
    totals: CloseTotals,
}

impl CloseLoop {
    /// Sends the next request; `None` once the service has returned no marker.
    pub async fn next_round(&mut self) -> Result<Option<CloseRound>, AzureError> {
        if self.markers.is_finished() {
            return Ok(None);
        }
        let target = self.id.as_deref().map_or(CloseTarget::All, CloseTarget::Id);
        let marker = self.markers.marker().map(str::to_owned);
        let round = self
            .client
            .force_close_round(
                &self.location,
                target,
                &mut self.recursive,
                marker.as_deref(),
            )
            .await?;
        self.markers.advance(round.next_marker.as_deref())?;
        self.totals.add(&round);
        Ok(Some(round))
    }

    /// The marker to resume from if the loop stops now (`None` before the first round).
    pub fn resume_marker(&self) -> Option<&str> {
        self.markers.marker()
    }

    pub fn totals(&self) -> CloseTotals {
        self.totals
    }

    /// True once the service has answered without a marker.
    pub fn is_finished(&self) -> bool {
        self.markers.is_finished()
    }
}
