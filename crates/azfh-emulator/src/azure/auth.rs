//! Who may do what: Shared Key, SAS and bearer-token checks, in the service's order and with
//! its error answers (403 `AuthenticationFailed` with an `AuthenticationErrorDetail` that
//! carries the server's string-to-sign on a signature mismatch, the 15-minute clock skew rule,
//! 400 `MissingRequiredHeader` for an OAuth request without `x-ms-file-request-intent`).

use hyper::StatusCode;
use time::OffsetDateTime;

use crate::azure::operation::Operation;
use crate::azure::request::ServiceRequest;
use crate::azure::response::ErrorReply;
use crate::azure::sas;
use crate::azure::versions::ApiVersion;
use azfh_protocol::sas::SasFields;
use azfh_protocol::signing::{SigningInput, string_to_sign, verify};
use azfh_protocol::wire::parse_rfc1123;

/// Requests dated further than this from the emulator's clock are refused.
const MAX_CLOCK_SKEW: time::Duration = time::Duration::minutes(15);

/// The account the emulator serves and the tokens it accepts.
#[derive(Debug, Clone)]
pub(crate) struct Authority {
    pub account: String,
    pub key: Vec<u8>,
    pub bearer_tokens: Vec<String>,
}

/// Authorizes a request for `operation`.
pub(crate) fn authorize(
    request: &ServiceRequest,
    version: &ApiVersion,
    authority: &Authority,
    operation: Operation,
    now: OffsetDateTime,
) -> Result<(), ErrorReply> {
    match request.header("authorization") {
        Some(value) if value.starts_with("SharedKey ") => {
            shared_key(request, authority, &value[10..], now)
        }
        Some(value) if value.starts_with("Bearer ") => {
            bearer(request, version, authority, &value[7..])
        }
        Some(_) => Err(ErrorReply::new(
            StatusCode::BAD_REQUEST,
            "InvalidAuthenticationInfo",
            "Authentication information is not given in the correct format. Check the value of Authorization header.",
        )),
        None if request.query("sig").is_some() => {
            shared_access_signature(request, authority, operation, now)
        }
        None => Err(ErrorReply::new(
            StatusCode::UNAUTHORIZED,
            "NoAuthenticationInformation",
            "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
        )),
    }
}

fn shared_key(
    request: &ServiceRequest,
    authority: &Authority,
    credentials: &str,
    now: OffsetDateTime,
) -> Result<(), ErrorReply> {
    let (account, signature) = credentials.trim().split_once(':').ok_or_else(|| {
        ErrorReply::new(
            StatusCode::BAD_REQUEST,
            "InvalidAuthenticationInfo",
            "Authentication information is not given in the correct format. Check the value of Authorization header.",
        )
    })?;
    if account != authority.account {
        return Err(ErrorReply::authentication_failed(format!(
            "Cannot find the claimed account when trying to GetProperties for the account {account}."
        )));
    }
    let date_text = request
        .header("x-ms-date")
        .or_else(|| request.header("date"))
        .ok_or_else(|| ErrorReply::authentication_failed("Request date header not specified"))?;
    let date = parse_rfc1123(date_text).ok_or_else(|| {
        ErrorReply::authentication_failed(format!(
            "Request date header is malformed: '{date_text}'"
        ))
    })?;
    if date < now - MAX_CLOCK_SKEW {
        return Err(ErrorReply::authentication_failed(format!(
            "Request date header too old: '{date_text}'"
        )));
    }
    if date > now + MAX_CLOCK_SKEW {
        return Err(ErrorReply::authentication_failed(format!(
            "Request date header too far in the future: '{date_text}'"
        )));
    }
    let expected = string_to_sign(
        &authority.account,
        &SigningInput {
            method: &request.method,
            path: &request.raw_path,
            query: &request.query,
            headers: &request.headers,
        },
    );
    if verify(&authority.key, &expected, signature) {
        Ok(())
    } else {
        Err(ErrorReply::authentication_failed(format!(
            "The MAC signature found in the HTTP request '{signature}' is not the same as any computed signature. Server used following string to sign: '{expected}'."
        )))
    }
}

fn bearer(
    request: &ServiceRequest,
    version: &ApiVersion,
    authority: &Authority,
    token: &str,
) -> Result<(), ErrorReply> {
    if !authority
        .bearer_tokens
        .iter()
        .any(|known| known == token.trim())
    {
        return Err(ErrorReply::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationInfo",
            "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
        )
        .with_header(
            "www-authenticate",
            "Bearer authorization_uri=https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/authorize resource_id=https://storage.azure.com",
        ));
    }
    if !version.has_oauth() {
        return Err(ErrorReply::authentication_failed(format!(
            "Bearer tokens on the File service need x-ms-version 2022-11-02 or later, not {}.",
            version.0
        )));
    }
    match request.header("x-ms-file-request-intent") {
        None => Err(ErrorReply::missing_header("x-ms-file-request-intent")),
        Some(value) if value.eq_ignore_ascii_case("backup") => Ok(()),
        Some(value) => Err(ErrorReply::invalid_header(
            "x-ms-file-request-intent",
            value,
        )),
    }
}

fn shared_access_signature(
    request: &ServiceRequest,
    authority: &Authority,
    operation: Operation,
    now: OffsetDateTime,
) -> Result<(), ErrorReply> {
    let fields = SasFields::from_query(|name| request.query(name).map(str::to_owned));
    let path = request.path();
    let signed_request = sas::SignedRequest {
        account: &authority.account,
        key: &authority.key,
        share: request.share.as_deref().unwrap_or_default(),
        path: &path,
        permission: operation.permission(),
        resource_type: operation.resource_type().letter(),
        peer: request.peer.ip(),
        https: false,
        now,
    };
    sas::check(
        &fields,
        request.query("sig").unwrap_or_default(),
        &signed_request,
    )
    .map_err(|(code, detail)| {
        if code == "AuthenticationFailed" {
            ErrorReply::authentication_failed(detail)
        } else {
            let mut error = ErrorReply::new(
                StatusCode::FORBIDDEN,
                code,
                "This request is not authorized to perform this operation.",
            );
            error.authentication_detail = Some(detail);
            error
        }
    })
}
