//! Typed Azure Files operations over the transport.

use std::fmt::Write as _;

use reqwest::Method;

use super::content_range::{ContentRange, MAX_FILE_SIZE};
use super::decode;
use super::error::AzureError;
use super::paging::{MarkerLoop, Pipeline};
use super::transport::{Request, Transport};
use crate::handles::model::Handle;
use crate::net::body::LISTING_LIMIT;
use crate::net::body_sink::SharedSink;
use azfh_protocol::wire;

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
            location: location.clone(),
            options,
            pipeline: Pipeline::new(self.transport.clone()),
        }
    }
}

/// Pages of List Handles. The request for page N+1 is sent as soon as page N is in, before
/// page N is decoded and returned (see [`Pipeline`]): at most one page ahead; dropping the
/// pager aborts it.
pub struct HandlePager {
    location: Location,
    options: ListHandlesOptions,
    pipeline: Pipeline,
}

impl HandlePager {
    /// The next page, or `None` after the last one. Pages may be empty and still not last.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Handle>>, AzureError> {
        let request =
            |marker: Option<&str>| list_handles_request(&self.location, self.options, marker);
        let Some(body) = self.pipeline.next_body(request).await? else {
            return Ok(None);
        };
        let page = match decode::decode_list_handles(&body) {
            Ok(page) => page,
            Err(source) => {
                self.pipeline.stop();
                return Err(AzureError::decode("List Handles", source));
            }
        };
        self.pipeline
            .advance(page.next_marker.as_deref(), request)
            .await?;
        Ok(Some(page.handles))
    }

    /// Pages received so far.
    pub fn pages(&self) -> u64 {
        self.pipeline.rounds()
    }

    /// True once the last page has been returned.
    pub fn is_finished(&self) -> bool {
        self.pipeline.is_finished()
    }

    /// Whether page N+1's request is sent as soon as page N is in (the default) or only when
    /// it is asked for (see `azure::paging`).
    pub fn send_ahead_when(&mut self, on: bool) {
        self.pipeline.send_ahead_when(on);
    }
}

/// List Handles on `location` from `marker`.
fn list_handles_request(
    location: &Location,
    options: ListHandlesOptions,
    marker: Option<&str>,
) -> Request {
    let query = paged_query(
        vec![("comp".to_owned(), "listhandles".to_owned())],
        location,
        marker,
        options.page_size,
    );
    let mut headers = Vec::new();
    if options.recursive {
        headers.push(("x-ms-recursive".to_owned(), "true".to_owned()));
    }
    Request::at("List Handles", Method::GET, location, query, headers)
        .expecting(wire::ends_enumeration)
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
        let query = paged_query(
            vec![("comp".to_owned(), "forceclosehandles".to_owned())],
            location,
            marker,
            None,
        );
        let id = match target {
            CloseTarget::Id(id) => id,
            CloseTarget::All => "*",
        };
        let mut headers = vec![("x-ms-handle-id".to_owned(), id.to_owned())];
        if recursive {
            headers.push(("x-ms-recursive".into(), "true".into()));
        }
        let request = Request::at("Force Close Handles", Method::PUT, location, query, headers);
        let response = self.transport.send(&request).await?;
        let count = |name: &'static str, required: bool| -> Result<u64, AzureError> {
            match response.header("Force Close Handles", name)? {
                Some(text) => text.trim().parse().map_err(|_| AzureError::Decode {
                    operation: "Force Close Handles",
                    problem: wire::DecodeError::Field {
                        element: name,
                        value: text.to_owned(),
                        expected: "a count",
                    },
                }),
                // x-ms-number-of-handles-failed is absent before 2019-07-07.
                None if !required => Ok(0),
                None => Err(AzureError::Decode {
                    operation: "Force Close Handles",
                    problem: wire::DecodeError::MissingHeader { name },
                }),
            }
        };
        Ok(CloseRound {
            closed: count("x-ms-number-of-handles-closed", true)?,
            failed: count("x-ms-number-of-handles-failed", false)?,
            next_marker: response
                .header("Force Close Handles", "x-ms-marker")?
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
        // The round's closes happened, whatever its marker says: count them first.
        self.totals.add(&round);
        self.markers.advance(round.next_marker.as_deref())?;
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

/// List Directories and Files options.
#[derive(Debug, Clone, Default)]
pub struct ListDirectoryOptions {
    /// Only names that start with this (case-insensitive, like names).
    pub prefix: Option<String>,
    /// `maxresults`; the service's default (5,000) when `None`.
    pub page_size: Option<u32>,
    /// Times, ETag, attributes and permission key (`include=` and extended info).
    pub details: bool,
}

impl AzureFiles {
    /// Lists one directory level page by page.
    pub fn list_directory(
        &self,
        location: &Location,
        options: ListDirectoryOptions,
    ) -> DirectoryPager {
        DirectoryPager {
            location: location.clone(),
            options,
            pipeline: Pipeline::new(self.transport.clone()),
        }
    }

    /// Get File Properties (`HEAD`): size, ETag, Last-Modified, the stored MD5.
    pub async fn file_properties(&self, location: &Location) -> Result<FileProperties, AzureError> {
        let query = paged_query(Vec::new(), location, None, None);
        let request = Request::at(
            "Get File Properties",
            Method::HEAD,
            location,
            query,
            Vec::new(),
        );
        let response = self.transport.send(&request).await?;
        let text = response
            .header("Get File Properties", "content-length")?
            .ok_or_else(|| missing_header("Get File Properties", "Content-Length"))?;
        let size = text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|&size| size <= MAX_FILE_SIZE)
            .ok_or_else(|| {
                header_error(
                    "Get File Properties",
                    "Content-Length",
                    text,
                    "is not a file size of at most 4 TiB",
                )
            })?;
        Ok(FileProperties {
            size,
            version: FileVersion::of(&response, "Get File Properties")?,
            md5: md5_header(&response, "Get File Properties", "content-md5")?,
        })
    }

    /// Get File for bytes `start..=end` (to the end of the file when `end` is `None`).
    /// A start past the end is the service's 416. The answer must be exactly the asked range
    /// (clamped at the end of the file): a longer body is not read, and a `Content-Range` that
    /// disagrees with the request, or names a file above 4 TiB, is an error.
    pub async fn read_range(
        &self,
        location: &Location,
        start: u64,
        end: Option<u64>,
    ) -> Result<RangeRead, AzureError> {
        self.read_range_to(location, start, end, None).await
    }

    /// [`read_range`](Self::read_range) with the bytes given to `sink` as they arrive (from
    /// offset 0, at most the range's length; a retried read gives them again) instead of held
    /// in memory: the answer's `data` is then empty. Nothing past the range reaches `sink`, but
    /// what it took is only right if this returns `Ok`.
    pub(crate) async fn read_range_into(
        &self,
        location: &Location,
        start: u64,
        end: u64,
        sink: SharedSink,
    ) -> Result<RangeRead, AzureError> {
        self.read_range_to(location, start, Some(end), Some(sink))
            .await
    }

    async fn read_range_to(
        &self,
        location: &Location,
        start: u64,
        end: Option<u64>,
        sink: Option<SharedSink>,
    ) -> Result<RangeRead, AzureError> {
        if end.is_some_and(|end| end < start) {
            return Err(header_error(
                "Get File",
                "x-ms-range",
                &format!("bytes={start}-{}", end.unwrap_or_default()),
                "would end before it starts",
            ));
        }
        let header = match end {
            Some(end) => format!("bytes={start}-{end}"),
            None => format!("bytes={start}-"),
        };
        // No range reads more than 4 TiB, the largest file there is.
        let limit = end.map_or(MAX_FILE_SIZE, |end| (end - start).saturating_add(1));
        let (response, len) = self
            .get_file(location, Some(header), limit.min(MAX_FILE_SIZE), sink)
            .await?;
        let text = response
            .header("Get File", "content-range")?
            .ok_or_else(|| missing_header("Get File", "Content-Range"))?;
        let range = ContentRange::parse(text)
            .and_then(|range| range.check_answers(start, end).map(|()| range))
            .map_err(|problem| header_error("Get File", "Content-Range", text, problem))?;
        if range.byte_count() != len {
            return Err(header_error(
                "Get File",
                "Content-Range",
                text,
                "does not match the length of the body",
            ));
        }
        RangeRead::of(response, range.start, range.total, true)
    }

    /// Get File without a range: the whole file in one answer (used for empty files, so a
    /// body beyond a listing's limit is refused).
    pub async fn read_whole(&self, location: &Location) -> Result<RangeRead, AzureError> {
        let (response, size) = self.get_file(location, None, LISTING_LIMIT, None).await?;
        RangeRead::of(response, 0, size, false)
    }

    async fn get_file(
        &self,
        location: &Location,
        range: Option<String>,
        body_limit: u64,
        sink: Option<SharedSink>,
    ) -> Result<(super::transport::Response, u64), AzureError> {
        let query = paged_query(Vec::new(), location, None, None);
        let headers = range
            .map(|r| vec![("x-ms-range".to_owned(), r)])
            .unwrap_or_default();
        let mut request = Request::at("Get File", Method::GET, location, query, headers)
            .with_body_limit(body_limit);
        if let Some(sink) = &sink {
            request = request.with_sink(sink.clone());
        }
        let response = self.transport.send(&request).await?;
        let len = sink.map_or(response.body.len() as u64, |sink| sink.0.taken());
        let expected = response
            .header("Get File", "content-length")?
            .and_then(|v| v.trim().parse::<u64>().ok());
        if expected.is_some_and(|expected| expected != len) {
            return Err(AzureError::decode(
                "Get File",
                wire::DecodeError::Truncated("the body is shorter than its Content-Length"),
            ));
        }
        Ok((response, len))
    }
}

fn missing_header(operation: &'static str, name: &'static str) -> AzureError {
    AzureError::decode(operation, wire::DecodeError::MissingHeader { name })
}

/// A header of `operation`'s answer that cannot be believed.
fn header_error(
    operation: &'static str,
    name: &'static str,
    value: &str,
    problem: &'static str,
) -> AzureError {
    AzureError::decode(
        operation,
        wire::DecodeError::Header {
            name,
            value: value.to_owned(),
            problem,
        },
    )
}

fn md5_header(
    response: &super::transport::Response,
    operation: &'static str,
    name: &'static str,
) -> Result<Option<[u8; 16]>, AzureError> {
    use base64::Engine;
    let Some(text) = response.header(operation, name)? else {
        return Ok(None);
    };
    Ok(base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|bytes| bytes.try_into().ok()))
}

/// What identifies a version of a file's content: every range of one download must agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileVersion {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl FileVersion {
    fn of(
        response: &super::transport::Response,
        operation: &'static str,
    ) -> Result<Self, AzureError> {
        Ok(Self {
            etag: response.header(operation, "etag")?.map(str::to_owned),
            last_modified: response
                .header(operation, "last-modified")?
                .map(str::to_owned),
        })
    }
}

/// Get File Properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProperties {
    pub size: u64,
    pub version: FileVersion,
    pub md5: Option<[u8; 16]>,
}

impl RangeRead {
    fn of(
        response: super::transport::Response,
        offset: u64,
        total_size: u64,
        ranged: bool,
    ) -> Result<Self, AzureError> {
        Ok(Self {
            offset,
            total_size,
            version: FileVersion::of(&response, "Get File")?,
            // On a ranged read the whole file's MD5 is x-ms-content-md5; Content-MD5 is the range's.
            whole_md5: md5_header(
                &response,
                "Get File",
                if ranged {
                    "x-ms-content-md5"
                } else {
                    "content-md5"
                },
            )?,
            data: response.body,
        })
    }
}

/// One Get File answer.
#[derive(Debug, Clone)]
pub struct RangeRead {
    pub data: bytes::Bytes,
    /// Where `data` starts in the file.
    pub offset: u64,
    pub total_size: u64,
    pub version: FileVersion,
    /// The MD5 of the whole file, if the uploader stored one.
    pub whole_md5: Option<[u8; 16]>,
}

/// `query` followed by what addresses a request within a listing or a snapshot: `marker`
/// (where the previous page stopped), `maxresults`, and `sharesnapshot`.
fn paged_query(
    mut query: Vec<(String, String)>,
    location: &Location,
    marker: Option<&str>,
    page_size: Option<u32>,
) -> Vec<(String, String)> {
    if let Some(marker) = marker {
        query.push(("marker".into(), marker.to_owned()));
    }
    if let Some(size) = page_size {
        query.push(("maxresults".into(), size.to_string()));
    }
    if let Some(snapshot) = &location.snapshot {
        query.push(("sharesnapshot".into(), snapshot.clone()));
    }
    query
}

/// Pages of List Directories and Files, pipelined like [`HandlePager`]'s.
pub struct DirectoryPager {
    location: Location,
    options: ListDirectoryOptions,
    pipeline: Pipeline,
}

impl DirectoryPager {
    /// The next page (entries named by their name), or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Vec<crate::files::Entry>>, AzureError> {
        let operation = "List Directories and Files";
        let request =
            |marker: Option<&str>| list_directory_request(&self.location, &self.options, marker);
        let Some(body) = self.pipeline.next_body(request).await? else {
            return Ok(None);
        };
        let page = match decode::decode_list_directory(&body) {
            Ok(page) => page,
            Err(source) => {
                self.pipeline.stop();
                return Err(AzureError::decode(operation, source));
            }
        };
        self.pipeline
            .advance(page.next_marker.as_deref(), request)
            .await?;
        Ok(Some(page.entries))
    }

    /// Whether page N+1's request is sent as soon as page N is in (the default) or only when
    /// it is asked for (see `azure::paging`).
    pub fn send_ahead_when(&mut self, on: bool) {
        self.pipeline.send_ahead_when(on);
    }
}

/// List Directories and Files on `location` from `marker`.
fn list_directory_request(
    location: &Location,
    options: &ListDirectoryOptions,
    marker: Option<&str>,
) -> Request {
    let mut query = vec![
        ("restype".to_owned(), "directory".to_owned()),
        ("comp".to_owned(), "list".to_owned()),
    ];
    if let Some(prefix) = options.prefix.as_ref().filter(|p| !p.is_empty()) {
        query.push(("prefix".into(), prefix.clone()));
    }
    let mut query = paged_query(query, location, marker, options.page_size);
    let mut headers = Vec::new();
    if options.details {
        query.push((
            "include".into(),
            "Timestamps,ETag,Attributes,PermissionKey".into(),
        ));
        headers.push(("x-ms-file-extended-info".to_owned(), "true".to_owned()));
    }
    Request::at(
        "List Directories and Files",
        Method::GET,
        location,
        query,
        headers,
    )
    .expecting(wire::ends_enumeration)
}
