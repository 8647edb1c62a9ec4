//! Typed Qumulo operations: the handle listing (a `paging.next` loop) and batched closes.

use std::collections::HashSet;
use std::fmt::Write as _;

use bytes::Bytes;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use serde_json::value::RawValue;

use super::error::QumuloError;
use super::transport::QumuloTransport;
use super::wire::{self, Attributes, CloseResult, FilesPage};
use crate::handles::model::Handle;
use crate::net::ahead::Ahead;

/// Handles a close request carries at most (`qq` batches session closes by 100 after a
/// customer's request grew too large to send).
pub const CLOSE_BATCH: usize = 100;

/// A Qumulo cluster.
#[derive(Clone)]
pub struct QumuloClient {
    transport: QumuloTransport,
    names: std::sync::Arc<super::identity::Names>,
    join: std::sync::Arc<super::grants::ClientJoin>,
}

/// What to list: the handles on `path`, or with `recursive` also below it.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Absolute, no trailing `/` (the root is `/`).
    pub path: String,
    pub recursive: bool,
    pub page_size: Option<u32>,
}

impl QumuloClient {
    pub fn new(transport: QumuloTransport) -> Self {
        Self {
            transport,
            names: std::sync::Arc::default(),
            join: std::sync::Arc::default(),
        }
    }

    pub fn transport(&self) -> &QumuloTransport {
        &self.transport
    }

    pub(super) fn names(&self) -> &super::identity::Names {
        &self.names
    }

    pub(super) fn join(&self) -> &super::grants::ClientJoin {
        &self.join
    }

    /// The file number of `path` (`GET /v1/files/{ref}/info/attributes`).
    pub async fn file_number(&self, path: &str) -> Result<u64, QumuloError> {
        let reference = utf8_percent_encode(path, NON_ALPHANUMERIC).to_string();
        let body = self
            .transport
            .send(
                "get file attributes",
                Method::GET,
                &format!("/v1/files/{reference}/info/attributes"),
                None,
            )
            .await?;
        let attributes: Attributes =
            serde_json::from_slice(&body).map_err(|err| QumuloError::Decode {
                operation: "get file attributes",
                message: err.to_string(),
            })?;
        attributes
            .file_number
            .parse()
            .map_err(|_| QumuloError::Decode {
                operation: "get file attributes",
                message: format!("file_number '{}' is not a number", attributes.file_number),
            })
    }

    /// Lists the handles in `scope`, page by page.
    pub fn list_handles(&self, scope: Scope) -> QumuloPager {
        QumuloPager {
            client: self.clone(),
            scope,
            next: None,
            started: false,
            finished: false,
            seen_links: HashSet::new(),
            seen_ids: HashSet::new(),
            pages: 0,
            ahead: None,
            holders: None,
        }
    }

    /// Closes `handles` (at most [`CLOSE_BATCH`]), each sent back as it was listed; one
    /// result per handle: `None` closed, `Some(message)` the cluster's error for it; and
    /// whether an earlier attempt of the request may have been carried out.
    pub async fn close(&self, handles: &[Handle]) -> Result<CloseAnswer, QumuloError> {
        let records: Vec<Box<RawValue>> = handles
            .iter()
            .map(|handle| match handle.native() {
                Some(record) => RawValue::from_string(record.to_owned()),
                None => RawValue::from_string(
                    serde_json::json!({"handle_info": {"location": handle.id}}).to_string(),
                ),
            })
            .collect::<Result<_, _>>()
            .map_err(|err| QumuloError::Decode {
                operation: "close handles",
                message: err.to_string(),
            })?;
        let body = serde_json::to_vec(&records).map_err(|err| QumuloError::Decode {
            operation: "close handles",
            message: err.to_string(),
        })?;
        let sent = self
            .transport
            .send_telling(
                "close handles",
                Method::POST,
                "/v1/smb/files/close",
                Some(Bytes::from(body)),
            )
            .await?;
        Ok(CloseAnswer {
            messages: close_messages(&sent.body, handles.len(), "close handles", "handles")?,
            ambiguous: sent.ambiguous,
        })
    }

    /// The locations of the handles open on file `number` now (every page).
    pub async fn open_on_file(&self, number: u64) -> Result<HashSet<String>, QumuloError> {
        let mut link = format!("/v1/smb/files/?file_number={number}");
        let mut seen_links = HashSet::from([link.clone()]);
        let mut open = HashSet::new();
        loop {
            let body = self
                .transport
                .send("list handles", Method::GET, &link, None)
                .await?;
            let page: FilesPage =
                serde_json::from_slice(&body).map_err(|err| QumuloError::Decode {
                    operation: "list handles",
                    message: err.to_string(),
                })?;
            for raw in &page.file_handles {
                let handle = wire::handle_of(raw).map_err(|message| QumuloError::Decode {
                    operation: "list handles",
                    message,
                })?;
                open.insert(handle.id);
            }
            match page.paging.and_then(|p| p.next).filter(|n| !n.is_empty()) {
                Some(next) if !page.file_handles.is_empty() && next.starts_with('/') => {
                    if !seen_links.insert(next.clone()) {
                        return Err(QumuloError::RepeatedPage { next });
                    }
                    link = next;
                }
                _ => return Ok(open),
            }
        }
    }
}

/// The answer to a close request.
#[derive(Debug)]
pub struct CloseAnswer {
    /// One per item sent: `None` closed, `Some(message)` the cluster's error for it.
    pub messages: Vec<Option<String>>,
    /// An earlier attempt of the request failed after the cluster may have acted on it.
    pub ambiguous: bool,
}

/// One verdict per item of a close request from the cluster's answer (an array of
/// `{error_message}`). An empty answer means no errors; errors that cannot be matched to
/// items fail them all (never a silent success).
pub(super) fn close_messages(
    answer: &[u8],
    items: usize,
    operation: &'static str,
    what: &str,
) -> Result<Vec<Option<String>>, QumuloError> {
    let results: Vec<CloseResult> = if answer.iter().all(u8::is_ascii_whitespace) {
        Vec::new()
    } else {
        serde_json::from_slice(answer).map_err(|err| QumuloError::Decode {
            operation,
            message: err.to_string(),
        })?
    };
    let message = |r: &CloseResult| r.error_message.clone().filter(|m| !m.trim().is_empty());
    if results.len() == items {
        return Ok(results.iter().map(message).collect());
    }
    let errors: Vec<String> = results.iter().filter_map(message).collect();
    if errors.is_empty() {
        Ok(vec![None; items])
    } else {
        let text = format!(
            "the cluster answered {} results for {items} {what}: {}",
            results.len(),
            errors.join("; ")
        );
        Ok(vec![Some(text); items])
    }
}

/// The handle listing: follows `paging.next` to the end, de-duplicates by location (paging is
/// not a snapshot), keeps the handles inside the scope, and stops with an error if a page
/// link comes back.
///
/// Pipelined like the Azure pagers: once a page is in and its `paging.next` read (the page's
/// handles are still raw JSON then), the next page is requested in a task of its own, and
/// this page's handles are decoded and handed over while it travels. One page ahead at most;
/// dropping the pager aborts it; a link that would end the listing with an error is never
/// requested, and an error of the page ahead surfaces only when that page is asked for.
pub struct QumuloPager {
    client: QumuloClient,
    scope: Scope,
    next: Option<String>,
    started: bool,
    finished: bool,
    seen_links: HashSet<String>,
    seen_ids: HashSet<String>,
    pages: u64,
    /// The request for `next`, sent ahead.
    ahead: Option<Ahead<Result<Bytes, QumuloError>>>,
    /// Who holds each file, read once for this listing when `--client-ip` asks.
    holders: Option<super::grants::Holders>,
}

impl QumuloPager {
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// The next page's handles in scope (possibly none); `None` at the end.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Handle>>, QumuloError> {
        if self.finished {
            return Ok(None);
        }
        // `next` is cleared only once its page is in: a call dropped while it waits, or a
        // failed request, leaves it to be asked for again.
        let link = if self.started {
            let Some(link) = self.next.clone() else {
                self.finished = true;
                return Ok(None);
            };
            link
        } else {
            let link = self.first_link().await?;
            self.started = true;
            self.next = Some(link.clone());
            link
        };
        let answer = match self.ahead.as_mut() {
            Some(ahead) => ahead.result().await,
            None => {
                self.client
                    .transport
                    .send("list handles", Method::GET, &link, None)
                    .await
            }
        };
        self.ahead = None;
        let body = answer?;
        self.next = None;
        let page: FilesPage = serde_json::from_slice(&body).map_err(|err| QumuloError::Decode {
            operation: "list handles",
            message: err.to_string(),
        })?;
        if let Some(next) = page
            .paging
            .as_ref()
            .and_then(|paging| paging.next.as_deref())
            && !page.file_handles.is_empty()
            && next.starts_with('/')
            && next != link
            && !self.seen_links.contains(next)
        {
            let transport = self.client.transport.clone();
            let next = next.to_owned();
            let work = async move {
                transport
                    .send("list handles", Method::GET, &next, None)
                    .await
            };
            self.ahead = Some(Ahead::start(work).await);
        }
        match self.decode_page(page, &link) {
            Ok(mut handles) => {
                if let Err(err) = self
                    .client
                    .attribute_clients(&mut handles, &mut self.holders)
                    .await
                {
                    self.ahead = None;
                    return Err(err);
                }
                self.client.name_owners(&mut handles).await;
                Ok(Some(handles))
            }
            Err(err) => {
                self.ahead = None;
                Err(err)
            }
        }
    }

    /// The handles of `page` (fetched from `link`) in scope, not seen before; records where
    /// the listing goes next.
    fn decode_page(&mut self, page: FilesPage<'_>, link: &str) -> Result<Vec<Handle>, QumuloError> {
        self.pages += 1;
        let mut handles = Vec::with_capacity(page.file_handles.len());
        for raw in &page.file_handles {
            let handle = wire::handle_of(raw).map_err(|message| QumuloError::Decode {
                operation: "list handles",
                message,
            })?;
            if self.in_scope(&handle) && self.seen_ids.insert(handle.id.clone()) {
                handles.push(handle);
            }
        }
        let next = page
            .paging
            .and_then(|paging| paging.next)
            .filter(|next| !next.is_empty());
        match next {
            // An empty page ends the listing too (some endpoints never send a null link).
            Some(_) if page.file_handles.is_empty() => self.finished = true,
            Some(next) => {
                if !next.starts_with('/') {
                    return Err(QumuloError::Decode {
                        operation: "list handles",
                        message: format!("paging.next '{next}' is not a server path"),
                    });
                }
                if !self.seen_links.insert(next.clone()) || next == link {
                    return Err(QumuloError::RepeatedPage { next });
                }
                self.next = Some(next);
            }
            None => self.finished = true,
        }
        Ok(handles)
    }

    async fn first_link(&mut self) -> Result<String, QumuloError> {
        let mut link = "/v1/smb/files/?resolve_paths=true".to_owned();
        if let Some(limit) = self.scope.page_size {
            let _ = write!(link, "&limit={limit}");
        }
        // One object: the cluster filters by its file number. Below a directory (or on the
        // whole cluster) every handle is listed and the path decides, but the directory is
        // looked up all the same: a misspelled one must fail as a misspelled file does, not
        // report "no open handles" (the cluster decides what exists, case included).
        let below = self.scope.path.trim_end_matches('/');
        if !self.scope.recursive {
            let number = self.client.file_number(&self.scope.path).await?;
            let _ = write!(link, "&file_number={number}");
        } else if !below.is_empty() {
            self.client.file_number(below).await?;
        }
        self.seen_links.insert(link.clone());
        Ok(link)
    }

    fn in_scope(&self, handle: &Handle) -> bool {
        let scope = self.scope.path.trim_end_matches('/');
        let path = handle.path.trim_end_matches('/');
        if !self.scope.recursive {
            return true;
        }
        scope.is_empty()
            || path == scope
            || path
                .strip_prefix(scope)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}
