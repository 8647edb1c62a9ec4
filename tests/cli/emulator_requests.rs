//! Raw requests to the emulator for the emulator's own tests: signed with the development
//! key (Shared Key), with a SAS instead, or not at all, so that what the emulator answers is
//! pinned down whatever a client happens to send.

use std::time::SystemTime;

use azfh_emulator::{ACCOUNT, ACCOUNT_KEY};
use azfh_protocol::signing::{SigningInput, authorization};
use base64::Engine;

use crate::support::Env;

/// The version every request here sends.
pub(crate) const VERSION: &str = "2026-10-06";

/// What the emulator answered.
pub(crate) struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub(crate) fn code(&self) -> &str {
        self.header("x-ms-error-code").unwrap_or_default()
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How a request proves who sends it.
pub(crate) enum Credential<'a> {
    SharedKey,
    /// A SAS token (a query string without `?`).
    Sas(&'a str),
}

/// Sends `METHOD /devstoreaccount1/PATH?QUERY` with `x-ms-version`.
pub(crate) fn send(
    env: &Env,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    credential: &Credential<'_>,
) -> Answer {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let path = if path.is_empty() {
            format!("/{ACCOUNT}")
        } else {
            format!("/{ACCOUNT}/{path}")
        };
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        let headers: Vec<(String, String)> = vec![
            ("x-ms-version".into(), VERSION.into()),
            (
                "x-ms-date".into(),
                httpdate::fmt_http_date(SystemTime::now()),
            ),
        ];
        let mut parts: Vec<String> = query
            .iter()
            .map(|(n, v)| format!("{n}={}", azfh_protocol::percent::encode_component(v)))
            .collect();
        if let Credential::Sas(token) = credential {
            parts.push((*token).to_owned());
        }
        let url = format!("http://{}{}?{}", env.emulator.addr, path, parts.join("&"));
        let mut request = reqwest::Client::new().request(method.parse().unwrap(), url);
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Credential::SharedKey = credential {
            let key = base64::engine::general_purpose::STANDARD
                .decode(ACCOUNT_KEY)
                .unwrap();
            let input = SigningInput {
                method,
                path: &path,
                query: &query,
                headers: &headers,
            };
            request = request.header("authorization", authorization(ACCOUNT, &key, &input));
        }
        let response = request.send().await.unwrap();
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    })
}

/// Sends a request signed with the development key.
pub(crate) fn signed(env: &Env, method: &str, path: &str, query: &[(&str, &str)]) -> Answer {
    send(env, method, path, query, &Credential::SharedKey)
}
