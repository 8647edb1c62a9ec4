//! An incoming request, decoded once: account, share, path segments, query and headers.

use std::net::SocketAddr;

use percent_encoding::percent_decode_str;

use crate::azure::response::ErrorReply;
use crate::azure::versions::ApiVersion;

/// A request to the emulated File service.
#[derive(Debug, Clone)]
pub(crate) struct ServiceRequest {
    pub method: String,
    /// The URL path exactly as received (what Shared Key signs).
    pub raw_path: String,
    /// Query parameters, percent-decoded (`+` stays `+`, as the service does).
    pub query: Vec<(String, String)>,
    /// Headers with lower-cased names.
    pub headers: Vec<(String, String)>,
    pub account: String,
    /// The share name, when the path has one.
    pub share: Option<String>,
    /// Decoded path segments below the share; `%2F` separates like `/`.
    pub segments: Vec<String>,
    pub peer: SocketAddr,
}

impl ServiceRequest {
    /// Decodes the request line and headers; a path or query that is not UTF-8 is 400.
    pub(crate) fn parse(
        method: &str,
        raw_path: &str,
        raw_query: Option<&str>,
        headers: Vec<(String, String)>,
        peer: SocketAddr,
    ) -> Result<Self, ErrorReply> {
        let decoded = percent_decode_str(raw_path).decode_utf8().map_err(|_| {
            ErrorReply::invalid_uri("the request path is not percent-encoded UTF-8")
        })?;
        let mut parts = decoded
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let account = parts.next().unwrap_or_default();
        let share = parts.next();
        let segments: Vec<String> = parts.collect();
        let mut query = Vec::new();
        for pair in raw_query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                percent_decode_str(text)
                    .decode_utf8()
                    .map(std::borrow::Cow::into_owned)
                    .map_err(|_| {
                        ErrorReply::invalid_uri("a query parameter is not percent-encoded UTF-8")
                    })
            };
            query.push((decode(name)?, decode(value)?));
        }
        Ok(Self {
            method: method.to_owned(),
            raw_path: raw_path.to_owned(),
            query,
            headers,
            account,
            share,
            segments,
            peer,
        })
    }

    /// A query parameter by name (names compare case-insensitively).
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.as_str())
    }

    /// A boolean header such as `x-ms-recursive` (`true`/`True`, as old SDKs sent).
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ErrorReply> {
        match self.header(name) {
            None => Ok(false),
            Some(value) if value.eq_ignore_ascii_case("true") => Ok(true),
            Some(value) if value.eq_ignore_ascii_case("false") => Ok(false),
            Some(value) => Err(ErrorReply::invalid_header(name, value)),
        }
    }

    /// The version the request is processed at: a SAS's signed version `sv` (the service then
    /// ignores `x-ms-version`, so a SAS URL works from curl or a browser), else the validated
    /// `x-ms-version`.
    pub(crate) fn version(&self) -> Result<ApiVersion, ErrorReply> {
        if let (Some(_), Some(signed)) = (self.query("sig"), self.query("sv")) {
            return ApiVersion::parse(signed)
                .ok_or_else(|| ErrorReply::invalid_query("sv", signed));
        }
        let value = self
            .header("x-ms-version")
            .ok_or_else(|| ErrorReply::missing_header("x-ms-version"))?;
        ApiVersion::parse(value).ok_or_else(|| ErrorReply::invalid_header("x-ms-version", value))
    }

    /// The decoded share-relative path (`/`-joined segments).
    pub(crate) fn path(&self) -> String {
        self.segments.join("/")
    }
}
