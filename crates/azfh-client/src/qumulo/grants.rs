//! Client addresses for Qumulo handles, from the SMB share-mode lock grants
//! (`GET /v1/files/locks/smb/share-mode/`): a handle carries no client, but each grant on a
//! file names the address holding it (`owner_address`), and grants join handles by file
//! (`file_id` = the handle's `file_number`).
//!
//! The join is exact only when one address holds grants on the file: then the handle's
//! `client` is that address. With several, the handle is one of theirs and which is not
//! known: its `client_candidates` lists them, and the filter layer decides
//! (`--client-ip-ambiguous`). Fetched when `--client-ip` or `--exclude-client-ip` asks for
//! them, once per listing: a later listing (`--verify`'s) sees the clients as they are then,
//! never a stale owner of a reopened file.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};

use futures_util::StreamExt;
use ipnet::IpNet;
use reqwest::Method;
use serde::Deserialize;

use super::QumuloClient;
use super::error::QumuloError;
use super::wire::Paging;
use crate::handles::model::{ClientAddr, Handle};

/// Grants a page asks for. The grant endpoints do not end their listing with a null link;
/// Qumulo's SDK stops on a page shorter than the limit, but a cluster may cap pages below
/// it, and a grant missed would make an ambiguous file look held by one client: the
/// listing ends only on an empty page (or a null link).
const PAGE: usize = 1000;

/// Pages a grant listing follows at most.
const MAX_PAGES: usize = 100_000;

/// Per-file lookups in flight at once.
const FILES_IN_FLIGHT: usize = 8;

/// `--client-ip` on Qumulo: which addresses are asked about, and what the grants said.
#[derive(Debug, Default)]
pub(super) struct ClientJoin {
    /// The selected addresses (empty: every grant is needed), and whether ambiguous handles
    /// are taken; unset when no address filter asks for the join.
    asked: OnceLock<(Vec<IpNet>, bool)>,
    /// Handles seen on files that selected and unselected clients both hold.
    ambiguous: Mutex<HashSet<String>>,
}

/// file id → the addresses holding share-mode grants on it.
pub(super) type Holders = BTreeMap<u64, BTreeSet<IpAddr>>;

#[derive(Debug, Deserialize)]
struct GrantsPage {
    grants: Vec<Grant>,
    #[serde(default)]
    paging: Option<Paging>,
}

#[derive(Debug, Deserialize)]
struct Grant {
    file_id: String,
    #[serde(default)]
    owner_address: Option<String>,
}

impl QumuloClient {
    /// Asks listings to attribute client addresses from the lock grants: `nets` the selected
    /// addresses (empty: all grants are fetched), `include_ambiguous` whether handles on
    /// files other clients hold too are taken. Once per client; later calls are ignored.
    pub fn join_clients(&self, nets: Vec<ipnet::IpNet>, include_ambiguous: bool) {
        let _ = self.join().asked.set((nets, include_ambiguous));
    }

    /// Whether listings join client addresses.
    pub fn joins_clients(&self) -> bool {
        self.join().asked.get().is_some()
    }

    /// Gives `handles` their client addresses, if asked to: from `holders`, the grants one
    /// listing reads once (on its first page).
    pub(super) async fn attribute_clients(
        &self,
        handles: &mut [Handle],
        holders: &mut Option<Holders>,
    ) -> Result<(), QumuloError> {
        let Some((nets, _)) = self.join().asked.get() else {
            return Ok(());
        };
        let holders = match holders {
            Some(holders) => holders,
            None => holders.insert(self.holders(nets).await?),
        };
        attribute(handles, holders);
        if !nets.is_empty() {
            let selected = |ip: &std::net::IpAddr| nets.iter().any(|net| net.contains(ip));
            let mut ambiguous = self.join().ambiguous.lock().expect("ambiguous");
            for handle in handles.iter() {
                let hits = handle
                    .client_candidates()
                    .iter()
                    .filter(|ip| selected(ip))
                    .count();
                if hits > 0 && hits < handle.client_candidates().len() {
                    ambiguous.insert(handle.id.clone());
                }
            }
        }
        Ok(())
    }

    /// What the client-address join left to say: ambiguous handles left out or taken.
    pub(super) fn join_notices(&self) -> Option<String> {
        let (_, include) = self.join().asked.get()?;
        let count = self.join().ambiguous.lock().expect("ambiguous").len();
        if count == 0 {
            return None;
        }
        let handles = if count == 1 {
            "handle is"
        } else {
            "handles are"
        };
        Some(if *include {
            format!(
                "{count} {handles} on files that clients outside --client-ip also hold: taken, as --client-ip-ambiguous=include asks, though they may not be the selected clients'"
            )
        } else {
            format!(
                "{count} {handles} on files that clients outside --client-ip also hold: left out as ambiguous (--client-ip-ambiguous=include takes them)"
            )
        })
    }

    /// Which addresses hold each file, as far as `nets` need to know: with only single
    /// addresses selected, the grants of those addresses (the cluster filters by
    /// `owner_address`) name the candidate files, and each candidate file's own grants tell
    /// whether another client holds it too; otherwise every grant of the cluster.
    pub(super) async fn holders(&self, nets: &[IpNet]) -> Result<Holders, QumuloError> {
        let hosts: Option<Vec<IpAddr>> = nets
            .iter()
            .map(|net| (net.prefix_len() == net.max_prefix_len()).then(|| net.addr()))
            .collect();
        let Some(hosts) = hosts.filter(|h| !h.is_empty()) else {
            return self.grants("/v1/files/locks/smb/share-mode/").await;
        };
        let mut files = BTreeSet::new();
        for host in hosts {
            let link = format!("/v1/files/locks/smb/share-mode/?owner_address={host}");
            files.extend(self.grants(&link).await?.into_keys());
        }
        let per_file: Vec<Result<Holders, QumuloError>> = futures_util::stream::iter(files)
            .map(|file| async move {
                self.grants(&format!("/v1/files/{file}/locks/smb/share-mode/"))
                    .await
            })
            .buffer_unordered(FILES_IN_FLIGHT)
            .collect()
            .await;
        let mut holders = Holders::new();
        for part in per_file {
            for (file, addresses) in part? {
                holders.entry(file).or_default().extend(addresses);
            }
        }
        Ok(holders)
    }

    /// Every grant at `first` (a server path), through every page.
    async fn grants(&self, first: &str) -> Result<Holders, QumuloError> {
        let mut link = first.to_owned();
        let _ = write!(
            link,
            "{}limit={PAGE}",
            if first.contains('?') { '&' } else { '?' }
        );
        let mut seen_links = HashSet::from([link.clone()]);
        let mut holders = Holders::new();
        for _ in 0..MAX_PAGES {
            let body = self
                .transport()
                .send("list lock grants", Method::GET, &link, None)
                .await?;
            let page: GrantsPage =
                serde_json::from_slice(&body).map_err(|err| QumuloError::Decode {
                    operation: "list lock grants",
                    message: err.to_string(),
                })?;
            for grant in &page.grants {
                let file: u64 = grant.file_id.parse().map_err(|_| QumuloError::Decode {
                    operation: "list lock grants",
                    message: format!("file_id '{}' is not a number", grant.file_id),
                })?;
                // A grant without a usable address says nothing of clients.
                if let Some(address) = grant
                    .owner_address
                    .as_deref()
                    .and_then(|a| a.trim().parse::<IpAddr>().ok())
                {
                    holders
                        .entry(file)
                        .or_default()
                        .insert(address.to_canonical());
                }
            }
            let next = page.paging.and_then(|p| p.next).filter(|n| !n.is_empty());
            match next {
                Some(next) if !page.grants.is_empty() && next.starts_with('/') => {
                    if !seen_links.insert(next.clone()) {
                        return Err(QumuloError::RepeatedPage { next });
                    }
                    link = next;
                }
                _ => return Ok(holders),
            }
        }
        Err(QumuloError::Decode {
            operation: "list lock grants",
            message: format!("more than {MAX_PAGES} pages"),
        })
    }
}

/// Gives each handle the address holding its file, or the candidates when several do.
pub(super) fn attribute(handles: &mut [Handle], holders: &Holders) {
    for handle in handles {
        match holders.get(&handle.file_id) {
            Some(addresses) if addresses.len() == 1 => {
                handle.client = addresses.first().map(|ip| ClientAddr {
                    ip: *ip,
                    port: None,
                });
            }
            Some(addresses) => {
                handle.qumulo_mut().client_candidates = addresses.iter().copied().collect();
            }
            None => {}
        }
    }
}
