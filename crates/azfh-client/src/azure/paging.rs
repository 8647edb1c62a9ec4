//! The marker loop, written once: List Handles, List Directories and Files and Force Close
//! Handles all continue with an opaque marker until the service stops returning one.
//!
//! Facts it encodes: a page with no entries but a marker is not the end; only an absent or
//! empty marker is. A marker the service already sent is a server fault: the loop stops with
//! an error rather than spin.
//!
//! Listings are pipelined ([`Pipeline`]): as soon as a page's answer is in, the request for the
//! page after it is sent, and the page is decoded and handed to the caller while that request
//! travels. At most one request is ahead, so at most one more page is held; dropping the
//! pager aborts it.

use std::collections::HashSet;

use bytes::Bytes;

use super::error::AzureError;
use super::transport::{Request, Transport};
use crate::net::ahead::Ahead;

/// Where a marker-driven loop stands.
#[derive(Debug, Clone, Default)]
pub struct MarkerLoop {
    next: Option<String>,
    seen: HashSet<String>,
    finished: bool,
    rounds: u64,
}

impl MarkerLoop {
    /// Starts a loop, optionally resuming from a marker.
    pub fn new(resume_from: Option<String>) -> Self {
        let mut seen = HashSet::new();
        if let Some(marker) = &resume_from {
            seen.insert(marker.clone());
        }
        Self {
            next: resume_from,
            seen,
            finished: false,
            rounds: 0,
        }
    }

    /// The marker to send with the next request; `None` for the first one.
    pub fn marker(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// True once the service has answered without a marker.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Whether the service has sent `marker` before (or the loop resumed from it).
    pub fn has_seen(&self, marker: &str) -> bool {
        self.seen.contains(marker)
    }

    /// Requests answered so far.
    pub fn rounds(&self) -> u64 {
        self.rounds
    }

    /// Records the marker an answer carried (`None` or empty: the end).
    pub fn advance(&mut self, returned: Option<&str>) -> Result<(), AzureError> {
        self.rounds += 1;
        match returned.filter(|marker| !marker.is_empty()) {
            None => {
                self.finished = true;
                self.next = None;
                Ok(())
            }
            Some(marker) => {
                if !self.seen.insert(marker.to_owned()) {
                    self.finished = true;
                    return Err(AzureError::RepeatedMarker {
                        marker: marker.to_owned(),
                    });
                }
                self.next = Some(marker.to_owned());
                Ok(())
            }
        }
    }
}

/// A marker loop that keeps one request ahead of its caller.
///
/// [`next_body`](Self::next_body) returns page N's body once it is in, after sending the
/// request for page N+1 with the marker found at the end of N's body (a cheap scan of its
/// last bytes, see [`scan_next_marker`]). The caller decodes the page and reports the marker
/// it really carried to [`advance`](Self::advance): should the two differ, the request sent
/// ahead is dropped (aborted) and the right one sent in its place, so the scan only ever saves
/// time and never decides what is listed. The guarantees of the sequential loop hold: pages
/// come in order, and an error of page N+1's request (kept in its task) surfaces only when
/// page N+1 is asked for, after page N; a marker sent before stops the loop with an error
/// (and is never requested again); a body cut short is refused by the transport (`expecting`),
/// so it never reaches the scan; retries and pacing are the transport's, unchanged.
pub(crate) struct Pipeline {
    transport: Transport,
    markers: MarkerLoop,
    /// The request in flight and the marker it was sent with.
    ahead: Option<(Option<String>, Ahead<PageAnswer>)>,
    /// Whether the next page's request is sent before the caller asks for it.
    sends_ahead: bool,
}

/// A listing request's answer: the page's body.
type PageAnswer = Result<Bytes, AzureError>;

impl Pipeline {
    pub(crate) fn new(transport: Transport) -> Self {
        Self {
            transport,
            markers: MarkerLoop::new(None),
            ahead: None,
            sends_ahead: true,
        }
    }

    /// Sends each request only when its page is asked for (`false`), or as soon as the page
    /// before it is in (`true`, the default). A listing that runs many loops at once, each
    /// holding memory for its pages, sends only what it has room for.
    pub(crate) fn send_ahead_when(&mut self, on: bool) {
        self.sends_ahead = on;
    }

    /// True once the service has answered without a marker.
    pub(crate) fn is_finished(&self) -> bool {
        self.markers.is_finished()
    }

    /// Pages received so far.
    pub(crate) fn rounds(&self) -> u64 {
        self.markers.rounds()
    }

    /// Sends `request` in a task of its own.
    async fn send_ahead(&mut self, marker: Option<String>, request: Request) {
        let transport = self.transport.clone();
        let work = async move { transport.send(&request).await.map(|answer| answer.body) };
        self.ahead = Some((marker, Ahead::start(work).await));
    }

    /// The body of the next page (`None` after the last one), with the request for the page
    /// after it already sent when its marker could be read off the body's end. `request` makes
    /// the request for a marker (`None`: the first page).
    ///
    /// Cancel-safe: a call dropped while it waits leaves the request in flight, and the next
    /// call waits for the same page.
    pub(crate) async fn next_body(
        &mut self,
        request: impl Fn(Option<&str>) -> Request,
    ) -> Result<Option<Bytes>, AzureError> {
        if self.markers.is_finished() {
            self.ahead = None;
            return Ok(None);
        }
        if self.ahead.is_none() {
            let marker = self.markers.marker().map(str::to_owned);
            let first = request(marker.as_deref());
            self.send_ahead(marker, first).await;
        }
        let Some((_, ahead)) = self.ahead.as_mut() else {
            unreachable!("a request was just sent");
        };
        let answer = ahead.result().await;
        self.ahead = None;
        // An error leaves the loop where it was: asked again, it asks for the same page.
        let body = answer?;
        if !self.sends_ahead {
            return Ok(Some(body));
        }
        if let Some(next) = scan_next_marker(&body).filter(|next| !self.markers.has_seen(next)) {
            let ahead = request(Some(&next));
            self.send_ahead(Some(next), ahead).await;
        }
        Ok(Some(body))
    }

    /// Records the marker the page [`next_body`](Self::next_body) returned really carried.
    /// A request sent ahead with another marker is aborted, and the right one sent.
    pub(crate) async fn advance(
        &mut self,
        returned: Option<&str>,
        request: impl Fn(Option<&str>) -> Request,
    ) -> Result<(), AzureError> {
        let result = self.markers.advance(returned);
        let sent = self.ahead.as_ref().map(|(marker, _)| marker.as_deref());
        if result.is_err() || self.markers.is_finished() || !self.sends_ahead {
            self.ahead = None;
        } else if sent != Some(self.markers.marker()) {
            let marker = self.markers.marker().map(str::to_owned);
            let next = request(marker.as_deref());
            self.send_ahead(marker, next).await;
        }
        result
    }

    /// Stops after a page that could not be decoded: the request sent ahead is aborted. The
    /// loop stays where it was (asked again, it asks for the same page).
    pub(crate) fn stop(&mut self) {
        self.ahead = None;
    }
}

/// The text of the last `<NextMarker>` in the last 8 KiB of a listing's body, unescaped and
/// trimmed; `None` when there is none there, it is empty, or it is anything but plain text.
/// A guess that lets the next request go out before the page is decoded: the decoder's marker
/// is the one that counts.
pub fn scan_next_marker(body: &[u8]) -> Option<String> {
    const TAIL: usize = 8 * 1024;
    const OPEN: &[u8] = b"<NextMarker";
    const CLOSE: &[u8] = b"</NextMarker>";
    let tail = &body[body.len().saturating_sub(TAIL)..];
    let start = tail
        .windows(OPEN.len())
        .rposition(|window| window == OPEN)?
        + OPEN.len();
    let rest = &tail[start..];
    // `<NextMarker>` and `<NextMarker >` hold text; `<NextMarker/>` and anything else do not.
    let open_end = rest.iter().position(|&byte| byte == b'>')?;
    if !rest[..open_end].iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let rest = &rest[open_end + 1..];
    let text_end = rest.iter().position(|&byte| byte == b'<')?;
    if !rest[text_end..].starts_with(CLOSE) {
        return None;
    }
    let raw = std::str::from_utf8(&rest[..text_end]).ok()?;
    let text = azfh_protocol::xml_scan::text_content(raw).ok()?;
    Some(text.trim().to_owned()).filter(|marker| !marker.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_marker_is_read_off_the_end_of_a_body() {
        let page = |tail: &str| {
            format!(
                "<EnumerationResults><Marker>m0</Marker><Entries>{}</Entries>{tail}",
                "<Handle/>".repeat(2000)
            )
        };
        let scan = |tail: &str| scan_next_marker(page(tail).as_bytes());
        assert_eq!(
            scan("<NextMarker>1!8!YWJj+/==</NextMarker></EnumerationResults>").as_deref(),
            Some("1!8!YWJj+/==")
        );
        assert_eq!(
            scan("<NextMarker > a&amp;b </NextMarker></EnumerationResults>").as_deref(),
            Some("a&b")
        );
        for none in [
            "<NextMarker/></EnumerationResults>",
            "<NextMarker></NextMarker></EnumerationResults>",
            "<NextMarker>   </NextMarker></EnumerationResults>",
            "<NextMarker><x/></NextMarker></EnumerationResults>",
            "<NextMarkers>a</NextMarkers></EnumerationResults>",
            "<NextMarker>a&bogus;</NextMarker></EnumerationResults>",
            "<NextMarker>cut short",
            "</EnumerationResults>",
        ] {
            assert_eq!(scan(none), None, "{none}");
        }
        // `<Marker>` (the request's own marker) is never taken for the next one.
        assert_eq!(
            scan_next_marker(b"<EnumerationResults><Marker>m</Marker></EnumerationResults>"),
            None
        );
    }

    #[test]
    fn follows_markers_to_the_end() {
        let mut markers = MarkerLoop::new(None);
        assert_eq!(markers.marker(), None);
        markers.advance(Some("1!4!YQ==")).unwrap();
        assert_eq!(markers.marker(), Some("1!4!YQ=="));
        markers.advance(Some("1!4!Yg==")).unwrap();
        assert!(!markers.is_finished());
        markers.advance(Some("")).unwrap();
        assert!(markers.is_finished());
        assert_eq!(markers.rounds(), 3);
    }

    #[test]
    fn repeated_or_cycling_markers_stop_with_an_error() {
        let mut markers = MarkerLoop::new(None);
        markers.advance(Some("a")).unwrap();
        assert!(matches!(
            markers.advance(Some("a")),
            Err(AzureError::RepeatedMarker { .. })
        ));
        assert!(markers.is_finished());

        let mut cycling = MarkerLoop::new(None);
        cycling.advance(Some("a")).unwrap();
        cycling.advance(Some("b")).unwrap();
        assert!(cycling.advance(Some("a")).is_err());

        let mut resumed = MarkerLoop::new(Some("m".into()));
        assert_eq!(resumed.marker(), Some("m"));
        assert!(resumed.advance(Some("m")).is_err());
    }
}
