//! Which REST operation a request is (method, whether it names a share, `restype`, `comp`),
//! what a SAS needs for it (a permission, and for an account SAS a resource type), and the
//! one answer for every operation the emulator does not implement: 501 `NotImplemented`,
//! naming the operation.

use hyper::StatusCode;

use crate::azure::request::ServiceRequest;
use crate::azure::response::ErrorReply;

/// The operations the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    ListShares,
    GetShareProperties,
    GetDirectoryProperties,
    ListHandles,
    ForceCloseHandles,
    ListDirectory,
    GetFile,
    GetFileProperties,
}

/// An account SAS's signed resource types (`srt`): service, container (share) or object
/// (directory, file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceType {
    Service,
    Container,
    Object,
}

impl ResourceType {
    /// The letter `srt` uses for it.
    pub(crate) fn letter(self) -> char {
        match self {
            ResourceType::Service => 's',
            ResourceType::Container => 'c',
            ResourceType::Object => 'o',
        }
    }
}

impl Operation {
    /// The name the request log and statistics use (the REST reference's, without spaces).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Operation::ListShares => "ListShares",
            Operation::GetShareProperties => "GetShareProperties",
            Operation::GetDirectoryProperties => "GetDirectoryProperties",
            Operation::ListHandles => "ListHandles",
            Operation::ForceCloseHandles => "ForceCloseHandles",
            Operation::ListDirectory => "ListDirectoriesAndFiles",
            Operation::GetFile => "GetFile",
            Operation::GetFileProperties => "GetFileProperties",
        }
    }

    /// The SAS permission it needs: `r`ead, `w`rite or `l`ist.
    pub(crate) fn permission(self) -> char {
        match self {
            Operation::ListShares | Operation::ListHandles | Operation::ListDirectory => 'l',
            Operation::ForceCloseHandles => 'w',
            Operation::GetShareProperties
            | Operation::GetDirectoryProperties
            | Operation::GetFile
            | Operation::GetFileProperties => 'r',
        }
    }

    /// The resource type an account SAS must sign for it: List Shares is a service-level
    /// call; share-level calls and listing a directory's entries are container-level (as
    /// List Blobs is for blob containers); what addresses one directory or file, handles
    /// included, is object-level.
    pub(crate) fn resource_type(self) -> ResourceType {
        match self {
            Operation::ListShares => ResourceType::Service,
            Operation::GetShareProperties | Operation::ListDirectory => ResourceType::Container,
            Operation::GetDirectoryProperties
            | Operation::ListHandles
            | Operation::ForceCloseHandles
            | Operation::GetFile
            | Operation::GetFileProperties => ResourceType::Object,
        }
    }
}

/// The operation a request asks for; 501 `NotImplemented` naming it when the emulator does
/// not implement it.
pub(crate) fn route(request: &ServiceRequest) -> Result<Operation, ErrorReply> {
    let method = request.method.as_str();
    let restype = request.query("restype");
    let comp = request.query("comp");
    let has_share = request.share.is_some();
    let operation = match (method, has_share, restype, comp) {
        ("GET", false, None, Some("list")) => Some(Operation::ListShares),
        ("GET" | "HEAD", true, Some("share"), None) => Some(Operation::GetShareProperties),
        ("GET" | "HEAD", true, Some("directory"), None) => Some(Operation::GetDirectoryProperties),
        ("GET", true, Some("directory"), Some("list")) => Some(Operation::ListDirectory),
        ("GET", true, _, Some("listhandles")) => Some(Operation::ListHandles),
        ("PUT", true, _, Some("forceclosehandles")) => Some(Operation::ForceCloseHandles),
        ("GET", true, None, None) if !request.segments.is_empty() => Some(Operation::GetFile),
        ("HEAD", true, None, None) if !request.segments.is_empty() => {
            Some(Operation::GetFileProperties)
        }
        _ => None,
    };
    operation.ok_or_else(|| not_implemented(request))
}

/// 501 `NotImplemented`, naming the operation as the REST reference does when the request
/// is one the service knows.
pub(crate) fn not_implemented(request: &ServiceRequest) -> ErrorReply {
    let name = unimplemented_name(request).map_or_else(
        || {
            format!(
                "this request ({} with restype={} comp={})",
                request.method,
                request.query("restype").unwrap_or("(none)"),
                request.query("comp").unwrap_or("(none)")
            )
        },
        str::to_owned,
    );
    ErrorReply::new(
        StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
        format!(
            "The azfh emulator does not implement {name}; README.md lists the operations it does."
        ),
    )
}

/// The REST reference's name for a request the emulator does not implement.
fn unimplemented_name(request: &ServiceRequest) -> Option<&'static str> {
    let has_share = request.share.is_some();
    let has_path = !request.segments.is_empty();
    Some(
        match (
            request.method.as_str(),
            has_share,
            request.query("restype"),
            request.query("comp"),
        ) {
            ("GET", false, Some("service"), Some("properties")) => "Get File Service Properties",
            ("PUT", false, Some("service"), Some("properties")) => "Set File Service Properties",
            ("PUT", false, _, Some("userdelegationkey") | None) | ("POST", false, _, _) => {
                "Get User Delegation Key"
            }
            ("PUT", true, Some("share"), None) => "Create Share",
            ("PUT", true, Some("share"), Some("snapshot")) => "Snapshot Share",
            ("DELETE", true, Some("share"), _) => "Delete Share",
            ("PUT", true, Some("share"), Some("properties")) => "Set Share Properties",
            ("GET" | "HEAD", true, Some("share"), Some("metadata")) => "Get Share Metadata",
            ("PUT", true, Some("share"), Some("metadata")) => "Set Share Metadata",
            ("GET" | "HEAD", true, Some("share"), Some("acl")) => "Get Share ACL",
            ("PUT", true, Some("share"), Some("acl")) => "Set Share ACL",
            ("GET", true, Some("share"), Some("stats")) => "Get Share Stats",
            ("PUT", true, Some("share"), Some("filepermission")) => "Create Permission",
            ("GET", true, Some("share"), Some("filepermission")) => "Get Permission",
            ("PUT", true, Some("share"), Some("lease")) => "Lease Share",
            ("PUT", true, Some("share"), Some("undelete")) => "Restore Share",
            ("PUT", true, Some("directory"), None) => "Create Directory",
            ("DELETE", true, Some("directory"), None) => "Delete Directory",
            ("PUT", true, Some("directory"), Some("properties")) => "Set Directory Properties",
            ("GET" | "HEAD", true, Some("directory"), Some("metadata")) => "Get Directory Metadata",
            ("PUT", true, Some("directory"), Some("metadata")) => "Set Directory Metadata",
            ("PUT", true, Some("directory"), Some("rename")) => "Rename Directory",
            ("PUT", true, None, None) if has_path => "Create File or Copy File",
            ("DELETE", true, None, None) if has_path => "Delete File",
            ("PUT", true, None, Some("range")) => "Put Range",
            ("PUT", true, None, Some("properties")) => "Set File Properties",
            ("GET" | "HEAD", true, None, Some("metadata")) => "Get File Metadata",
            ("PUT", true, None, Some("metadata")) => "Set File Metadata",
            ("GET", true, None, Some("rangelist")) => "List Ranges",
            ("PUT", true, None, Some("lease")) => "Lease File",
            ("PUT", true, None, Some("copy")) => "Abort Copy File",
            ("PUT", true, None, Some("rename")) => "Rename File",
            _ => return None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, path: &str, query: &str) -> ServiceRequest {
        ServiceRequest::parse(
            method,
            path,
            Some(query),
            Vec::new(),
            "127.0.0.1:1".parse().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn routes_the_read_side() {
        let cases = [
            ("GET", "/acct", "comp=list", Operation::ListShares),
            (
                "GET",
                "/acct/",
                "comp=list&include=snapshots",
                Operation::ListShares,
            ),
            (
                "HEAD",
                "/acct/s",
                "restype=share",
                Operation::GetShareProperties,
            ),
            (
                "GET",
                "/acct/s/d",
                "restype=directory",
                Operation::GetDirectoryProperties,
            ),
            (
                "HEAD",
                "/acct/s",
                "restype=directory",
                Operation::GetDirectoryProperties,
            ),
            (
                "GET",
                "/acct/s/d",
                "restype=directory&comp=list",
                Operation::ListDirectory,
            ),
            ("HEAD", "/acct/s/f", "", Operation::GetFileProperties),
        ];
        for (method, path, query, expected) in cases {
            assert_eq!(
                route(&request(method, path, query)).unwrap(),
                expected,
                "{method} {path}?{query}"
            );
        }
    }

    #[test]
    fn unimplemented_operations_are_named() {
        let message = |method: &str, path: &str, query: &str| {
            let error = route(&request(method, path, query)).unwrap_err();
            assert_eq!((error.status.as_u16(), error.code), (501, "NotImplemented"));
            error.message.clone()
        };
        assert!(message("PUT", "/acct/s", "restype=share").contains("Create Share"));
        assert!(message("PUT", "/acct/s/f", "comp=range").contains("Put Range"));
        assert!(message("HEAD", "/acct/s", "comp=listhandles").contains("HEAD"));
        assert!(message("GET", "/acct/s", "comp=bogus").contains("comp=bogus"));
    }
}
