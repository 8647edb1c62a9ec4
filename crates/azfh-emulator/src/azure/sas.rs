//! Shared access signatures as the File service checks them: the signature over the string
//! `azfh_protocol::sas` builds; start and expiry in each form the service accepts (a date, a
//! time without seconds, with seconds, with a fraction); address and protocol restrictions;
//! an account SAS's services and the resource type (`srt`) the operation needs; and the
//! permission it needs. Refusals carry the service's codes and `AuthenticationErrorDetail`.

use std::net::IpAddr;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use azfh_protocol::sas::SasFields;
use azfh_protocol::signing::verify;

/// Why a SAS was refused, as (code, detail).
pub(crate) type SasRefusal = (&'static str, String);

/// What a SAS is checked against: the request and the account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SignedRequest<'a> {
    pub account: &'a str,
    pub key: &'a [u8],
    pub share: &'a str,
    /// Share-relative, decoded.
    pub path: &'a str,
    /// The permission the operation needs (`r`, `w`, `l`).
    pub permission: char,
    /// The resource type an account SAS must sign for the operation (`s`, `c`, `o`).
    pub resource_type: char,
    pub peer: IpAddr,
    pub https: bool,
    pub now: OffsetDateTime,
}

/// Checks a SAS for a request.
pub(crate) fn check(
    fields: &SasFields,
    signature: &str,
    request: &SignedRequest<'_>,
) -> Result<(), SasRefusal> {
    let SignedRequest {
        account,
        key,
        share,
        path,
        permission,
        resource_type,
        peer,
        https,
        now,
    } = *request;
    let parse = |text: &str| parse_time(text);
    let expiry = parse(&fields.expiry).ok_or_else(|| {
        (
            "AuthenticationFailed",
            "Signed expiry time is missing or malformed.".to_owned(),
        )
    })?;
    let start = fields.start.as_deref().map(parse);
    if matches!(start, Some(None)) {
        return Err((
            "AuthenticationFailed",
            "Signed start time is malformed.".into(),
        ));
    }
    let start = start.flatten();
    if now >= expiry || start.is_some_and(|start| now < start) {
        return Err((
            "AuthenticationFailed",
            format!(
                "Signature not valid in the specified time frame: Start [{}] - Expiry [{}] - Current [{}]",
                fields.start.clone().unwrap_or_default(),
                fields.expiry,
                now.format(&Rfc3339).unwrap_or_default()
            ),
        ));
    }
    let resource_path = if fields.is_account_sas() {
        String::new()
    } else {
        match fields.resource.as_deref() {
            Some("s") => format!("/{share}"),
            Some("f") if !path.is_empty() => format!("/{share}/{path}"),
            _ => {
                return Err((
                    "AuthenticationFailed",
                    "Signed resource (sr) must be s (share) or f (file).".into(),
                ));
            }
        }
    };
    if !verify(
        key,
        &fields.string_to_sign(account, &resource_path),
        signature,
    ) {
        return Err((
            "AuthenticationFailed",
            format!(
                "Signature did not match. String to sign used was {}",
                fields
                    .string_to_sign(account, &resource_path)
                    .replace('\n', "\\n")
            ),
        ));
    }
    if fields.protocol.as_deref() == Some("https") && !https {
        return Err((
            "AuthorizationProtocolMismatch",
            "This request is not authorized to perform this operation using this protocol.".into(),
        ));
    }
    if let Some(range) = &fields.ip
        && !ip_in_range(peer, range)
    {
        return Err((
            "AuthorizationSourceIPMismatch",
            format!(
                "This request is not authorized to perform this operation using this source IP {peer}."
            ),
        ));
    }
    if fields.is_account_sas() {
        if !fields.services.as_deref().unwrap_or_default().contains('f') {
            return Err((
                "AuthorizationServiceMismatch",
                "This request is not authorized to perform this operation using this service."
                    .into(),
            ));
        }
        if !fields
            .resource_types
            .as_deref()
            .unwrap_or_default()
            .contains(resource_type)
        {
            return Err((
                "AuthorizationResourceTypeMismatch",
                "This request is not authorized to perform this operation using this resource type.".into(),
            ));
        }
    } else if fields.resource.as_deref() == Some("f")
        && !resource_path.eq_ignore_ascii_case(&format!("/{share}/{path}"))
    {
        return Err((
            "AuthorizationPermissionMismatch",
            "The SAS is for another file.".into(),
        ));
    }
    if !fields.permissions.contains(permission) {
        return Err((
            "AuthorizationPermissionMismatch",
            "This request is not authorized to perform this operation using this permission."
                .into(),
        ));
    }
    Ok(())
}

/// A signed start or expiry in any form the service accepts: an ISO 8601 UTC date
/// (`2027-01-01`, what `az … generate-sas --expiry 2027-01-01` sends), a time without seconds
/// (`2027-01-01T00:00Z`), with seconds, or with a fraction of them; any RFC 3339 time too.
fn parse_time(text: &str) -> Option<OffsetDateTime> {
    use time::macros::format_description;
    let text = text.trim();
    if let Ok(parsed) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(parsed);
    }
    if let Ok(date) = time::Date::parse(text, format_description!("[year]-[month]-[day]")) {
        return Some(date.midnight().assume_utc());
    }
    let minutes = text.strip_suffix('Z')?;
    time::PrimitiveDateTime::parse(
        minutes,
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    )
    .ok()
    .map(time::PrimitiveDateTime::assume_utc)
}

fn ip_in_range(peer: IpAddr, range: &str) -> bool {
    let parse = |text: &str| text.trim().parse::<IpAddr>().ok();
    match range.split_once('-') {
        Some((low, high)) => match (parse(low), parse(high)) {
            (Some(low), Some(high)) => low <= peer && peer <= high,
            _ => false,
        },
        None => parse(range) == Some(peer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);
    const KEY: &[u8] = b"key";

    fn account_sas() -> SasFields {
        SasFields {
            version: "2026-10-06".into(),
            permissions: "rl".into(),
            expiry: "2026-11-22T00:00:00Z".into(),
            services: Some("f".into()),
            resource_types: Some("sco".into()),
            ..SasFields::default()
        }
    }

    fn request(share: &'static str, permission: char) -> SignedRequest<'static> {
        SignedRequest {
            account: "acct",
            key: KEY,
            share,
            path: "dir/f",
            permission,
            resource_type: 'o',
            peer: "127.0.0.1".parse().unwrap(),
            https: false,
            now: NOW,
        }
    }

    fn run(fields: &SasFields, signature: &str, permission: char) -> Result<(), SasRefusal> {
        check(fields, signature, &request("share", permission))
    }

    fn signature_of(token: &str) -> String {
        let raw = token.split("sig=").nth(1).unwrap();
        percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn account_sas_signs_and_checks() {
        let fields = account_sas();
        assert!(
            fields
                .string_to_sign("acct", "")
                .ends_with("2026-10-06\n\n"),
            "encryption scope line"
        );
        let token = fields.sign("acct", "", KEY);
        let sig = signature_of(&token);
        assert_eq!(run(&fields, &sig, 'l'), Ok(()));
        assert_eq!(
            run(&fields, &sig, 'w').unwrap_err().0,
            "AuthorizationPermissionMismatch"
        );
        assert_eq!(
            run(&fields, "AAAA", 'l').unwrap_err().0,
            "AuthenticationFailed"
        );
        let mut expired = fields.clone();
        expired.expiry = "2026-11-20T00:00:00Z".into();
        let sig = signature_of(&expired.sign("acct", "", KEY));
        assert!(
            run(&expired, &sig, 'l')
                .unwrap_err()
                .1
                .contains("time frame")
        );
    }

    #[test]
    fn service_sas_covers_its_share_or_file() {
        let fields = SasFields {
            version: "2026-10-06".into(),
            permissions: "l".into(),
            expiry: "2026-11-22T00:00:00Z".into(),
            resource: Some("s".into()),
            ..SasFields::default()
        };
        let sig = signature_of(&fields.sign("acct", "/share", KEY));
        assert_eq!(run(&fields, &sig, 'l'), Ok(()));
        let other_share = check(&fields, &sig, &request("other", 'l'));
        assert_eq!(other_share.unwrap_err().0, "AuthenticationFailed");
    }

    #[test]
    fn times_in_every_form_the_service_accepts() {
        for (text, expected) in [
            ("2027-01-01", datetime!(2027-01-01 00:00 UTC)),
            ("2027-01-01T10:30Z", datetime!(2027-01-01 10:30 UTC)),
            ("2027-01-01T10:30:15Z", datetime!(2027-01-01 10:30:15 UTC)),
            (
                "2027-01-01T10:30:15.1234567Z",
                datetime!(2027-01-01 10:30:15.1234567 UTC),
            ),
        ] {
            assert_eq!(parse_time(text), Some(expected), "{text}");
        }
        for bad in [
            "2027-13-01",
            "2027-01-01T10Z",
            "tomorrow",
            "",
            "2027-01-01T10:30",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn account_sas_resource_types_are_checked_per_operation() {
        let mut fields = account_sas();
        fields.resource_types = Some("s".into());
        let sig = signature_of(&fields.sign("acct", "", KEY));
        let refused = run(&fields, &sig, 'r').unwrap_err();
        assert_eq!(refused.0, "AuthorizationResourceTypeMismatch");
        let mut service_level = request("share", 'l');
        service_level.resource_type = 's';
        assert_eq!(check(&fields, &sig, &service_level), Ok(()));
    }

    #[test]
    fn protocol_and_ip_restrictions() {
        let mut fields = account_sas();
        fields.protocol = Some("https".into());
        let sig = signature_of(&fields.sign("acct", "", KEY));
        assert_eq!(
            run(&fields, &sig, 'l').unwrap_err().0,
            "AuthorizationProtocolMismatch"
        );
        let mut fields = account_sas();
        fields.ip = Some("10.0.0.1-10.0.0.9".into());
        let sig = signature_of(&fields.sign("acct", "", KEY));
        assert_eq!(
            run(&fields, &sig, 'l').unwrap_err().0,
            "AuthorizationSourceIPMismatch"
        );
        assert!(ip_in_range(
            "10.0.0.5".parse().unwrap(),
            "10.0.0.1-10.0.0.9"
        ));
    }
}
