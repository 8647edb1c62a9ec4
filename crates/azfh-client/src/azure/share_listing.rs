//! List Shares (`GET /?comp=list` on the account): every share of an account, page by page,
//! pipelined like the other listings ([`Pipeline`]).

use reqwest::Method;

use super::client::AzureFiles;
use super::decode;
use super::error::AzureError;
use super::paging::Pipeline;
use super::transport::Request;
use crate::shares::Share;
use azfh_protocol::wire;

/// List Shares options.
#[derive(Debug, Clone, Default)]
pub struct ListSharesOptions {
    /// Only shares whose name starts with this.
    pub prefix: Option<String>,
    /// `maxresults`: shares per page; the service's default (5,000) when `None`.
    pub page_size: Option<u32>,
    /// Also each share's snapshots (`include=snapshots`), listed just before the share.
    pub snapshots: bool,
}

impl AzureFiles {
    /// Lists the account's shares page by page.
    pub fn list_shares(&self, options: ListSharesOptions) -> SharePager {
        SharePager {
            options,
            pipeline: Pipeline::new(self.transport().clone()),
        }
    }
}

/// Pages of List Shares.
pub struct SharePager {
    options: ListSharesOptions,
    pipeline: Pipeline,
}

impl SharePager {
    /// The next page of shares, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Share>>, AzureError> {
        let request = |marker: Option<&str>| list_shares_request(&self.options, marker);
        let Some(body) = self.pipeline.next_body(request).await? else {
            return Ok(None);
        };
        let page = match decode::decode_list_shares(&body) {
            Ok(page) => page,
            Err(source) => {
                self.pipeline.stop();
                return Err(AzureError::decode("List Shares", source));
            }
        };
        self.pipeline
            .advance(page.next_marker.as_deref(), request)
            .await?;
        Ok(Some(page.shares))
    }

    /// Every remaining share, through every page. An account has at most a few thousand
    /// shares, so holding them is bounded by what one operator can have.
    pub async fn collect_all(mut self) -> Result<Vec<Share>, AzureError> {
        let mut shares = Vec::new();
        while let Some(page) = self.next_page().await? {
            shares.extend(page);
        }
        Ok(shares)
    }
}

/// List Shares from `marker`.
fn list_shares_request(options: &ListSharesOptions, marker: Option<&str>) -> Request {
    let mut query = vec![("comp".to_owned(), "list".to_owned())];
    if let Some(prefix) = options.prefix.as_ref().filter(|p| !p.is_empty()) {
        query.push(("prefix".into(), prefix.clone()));
    }
    if let Some(marker) = marker {
        query.push(("marker".into(), marker.to_owned()));
    }
    if let Some(size) = options.page_size {
        query.push(("maxresults".into(), size.to_string()));
    }
    if options.snapshots {
        query.push(("include".into(), "snapshots".into()));
    }
    Request::on_account("List Shares", Method::GET, query).expecting(wire::ends_enumeration)
}
