//! `GET /v1/smb/sessions/` (every page) and `POST /v1/smb/sessions/close` (sessions sent
//! back as listed, [`CLOSE_BATCH`] a request, as `qq smb_close_sessions` does).

use std::collections::HashSet;

use bytes::Bytes;
use reqwest::Method;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::QumuloClient;
use super::client::{CLOSE_BATCH, CloseAnswer, close_messages};
use super::error::QumuloError;
use super::session::Session;
use super::wire::Paging;

/// Pages a listing follows at most: far more than any cluster's sessions need, so a server
/// that pages forever with fresh links ends with an error instead of running on.
const MAX_PAGES: u64 = 100_000;

#[derive(Debug, Deserialize)]
struct SessionsPage<'a> {
    #[serde(borrow)]
    session_infos: Vec<&'a RawValue>,
    #[serde(default)]
    paging: Option<Paging>,
}

impl QumuloClient {
    /// Every session of the cluster, through every page, users named; with `auth_id`, only
    /// that user's (the cluster filters: `identity=auth_id:N`).
    pub async fn list_sessions(
        &self,
        page_size: Option<u32>,
        auth_id: Option<u64>,
    ) -> Result<Vec<Session>, QumuloError> {
        let mut query = Vec::new();
        if let Some(limit) = page_size {
            query.push(format!("limit={limit}"));
        }
        if let Some(id) = auth_id {
            query.push(format!("identity=auth_id:{id}"));
        }
        let mut link = "/v1/smb/sessions/".to_owned();
        if !query.is_empty() {
            link = format!("{link}?{}", query.join("&"));
        }
        let mut seen_links = HashSet::from([link.clone()]);
        let mut seen = HashSet::new();
        let mut sessions = Vec::new();
        for _ in 0..MAX_PAGES {
            let body = self
                .transport()
                .send("list sessions", Method::GET, &link, None)
                .await?;
            let page: SessionsPage = serde_json::from_slice(&body).map_err(|err| decode(&err))?;
            for raw in &page.session_infos {
                let session = Session::of(raw).map_err(|message| QumuloError::Decode {
                    operation: "list sessions",
                    message,
                })?;
                // Paging is not a snapshot: a session can show up on two pages.
                if seen.insert(session.location.clone()) {
                    sessions.push(session);
                }
            }
            let next = page
                .paging
                .and_then(|p| p.next)
                .filter(|next| !next.is_empty());
            match next {
                Some(_) if page.session_infos.is_empty() => return self.named(sessions).await,
                None => return self.named(sessions).await,
                Some(next) if !next.starts_with('/') => {
                    return Err(QumuloError::Decode {
                        operation: "list sessions",
                        message: format!("paging.next '{next}' is not a server path"),
                    });
                }
                Some(next) => {
                    if !seen_links.insert(next.clone()) {
                        return Err(QumuloError::RepeatedPage { next });
                    }
                    link = next;
                }
            }
        }
        Err(QumuloError::Decode {
            operation: "list sessions",
            message: format!("more than {MAX_PAGES} pages"),
        })
    }

    /// Fills in the users the session records leave unnamed.
    async fn named(&self, mut sessions: Vec<Session>) -> Result<Vec<Session>, QumuloError> {
        let unnamed = |s: &&Session| s.user.is_none();
        self.look_up(
            sessions
                .iter()
                .filter(unnamed)
                .filter_map(|s| s.auth_id.as_deref()),
        )
        .await;
        for session in sessions.iter_mut().filter(|s| s.user.is_none()) {
            session.user = session
                .auth_id
                .as_deref()
                .and_then(|id| self.known_name(id));
        }
        Ok(sessions)
    }

    /// Closes `sessions` (at most [`CLOSE_BATCH`]), each sent back as listed; one result per
    /// session: `None` closed, `Some(message)` the cluster's error for it; and whether an
    /// earlier attempt of the request may have been carried out.
    pub async fn close_sessions(&self, sessions: &[Session]) -> Result<CloseAnswer, QumuloError> {
        debug_assert!(sessions.len() <= CLOSE_BATCH);
        let records: Vec<&RawValue> = sessions
            .iter()
            .map(|s| serde_json::from_str::<&RawValue>(&s.native))
            .collect::<Result<_, _>>()
            .map_err(|err| decode(&err))?;
        let body = serde_json::to_vec(&records).map_err(|err| decode(&err))?;
        let sent = self
            .transport()
            .send_telling(
                "close sessions",
                Method::POST,
                "/v1/smb/sessions/close",
                Some(Bytes::from(body)),
            )
            .await?;
        Ok(CloseAnswer {
            messages: close_messages(&sent.body, sessions.len(), "close sessions", "sessions")?,
            ambiguous: sent.ambiguous,
        })
    }
}

fn decode(err: &serde_json::Error) -> QumuloError {
    QumuloError::Decode {
        operation: "list sessions",
        message: err.to_string(),
    }
}
