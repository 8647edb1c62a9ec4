//! Qumulo's JSON bodies, and their conversion into the handle model: the only place that
//! knows Qumulo's field names.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::handles::model::{AccessRight, AccessRights, Handle, QumuloHandleFields};

/// A page of `GET /v1/smb/files/`.
///
/// `file_handles` is required: an answer without it (`{}`, an error object sent with 200) is
/// not an empty last page, and reading it as one would lose every handle after it.
#[derive(Debug, Deserialize)]
pub struct FilesPage<'a> {
    #[serde(borrow)]
    pub file_handles: Vec<&'a RawValue>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FileHandle {
    file_number: String,
    handle_info: HandleInfo,
}

#[derive(Debug, Deserialize)]
struct HandleInfo {
    location: String,
    #[serde(default)]
    num_byte_range_locks: Option<serde_json::Number>,
    #[serde(default)]
    access_mask: Option<Vec<String>>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

/// One element of the close answer.
#[derive(Debug, Deserialize)]
pub struct CloseResult {
    #[serde(default)]
    pub error_message: Option<String>,
}

/// The login answer.
#[derive(Deserialize)]
pub struct LoginAnswer {
    pub bearer_token: String,
}

/// `GET /v1/files/{ref}/info/attributes`, the fields used.
#[derive(Debug, Deserialize)]
pub struct Attributes {
    pub file_number: String,
}

/// `POST /v1/identity/find`, the fields used.
#[derive(Debug, Deserialize)]
pub struct Identity {
    #[serde(default)]
    pub name: Option<String>,
}

/// An error body.
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error_class: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Converts one listed record into a handle, keeping the record itself for the close.
pub fn handle_of(raw: &RawValue) -> Result<Handle, String> {
    let record: FileHandle = serde_json::from_str(raw.get()).map_err(|err| err.to_string())?;
    let file_id = record
        .file_number
        .parse()
        .map_err(|_| format!("file_number '{}' is not a number", record.file_number))?;
    let info = record.handle_info;
    if info.location.is_empty() {
        return Err("a handle has an empty location".into());
    }
    Ok(Handle {
        id: info.location,
        path: info.path.unwrap_or_default(),
        file_id,
        parent_id: None,
        session_id: None,
        client: None,
        client_name: None,
        open_time: None,
        last_reconnect_time: None,
        access: info.access_mask.as_deref().map(access_of),
        qumulo: Some(Box::new(QumuloHandleFields {
            owner: info.owner,
            owner_name: None,
            client_candidates: Vec::new(),
            byte_range_locks: info.num_byte_range_locks.and_then(|n| n.as_u64()),
            native: Some(raw.get().to_owned()),
        })),
    })
}

/// Read, write and delete from an SMB access mask, as Azure Files reports them: READ_DATA or
/// GENERIC_READ reads; WRITE_DATA, APPEND_DATA or GENERIC_WRITE writes; DELETE deletes; and
/// GENERIC_ALL, MAXIMUM_ALLOWED or FILE_ALL is all three. Unknown names are ignored (the set
/// of names has changed between releases).
pub fn access_of(mask: &[String]) -> AccessRights {
    let mut rights = AccessRights::default();
    for name in mask {
        let name = name.strip_prefix("MS_ACCESS_").unwrap_or(name);
        match name {
            "FILE_READ_DATA" | "FILE_LIST_DIRECTORY" | "GENERIC_READ" => {
                rights.insert(AccessRight::Read);
            }
            "FILE_WRITE_DATA"
            | "FILE_APPEND_DATA"
            | "FILE_ADD_FILE"
            | "FILE_ADD_SUBDIRECTORY"
            | "GENERIC_WRITE" => rights.insert(AccessRight::Write),
            "DELETE" => rights.insert(AccessRight::Delete),
            "GENERIC_ALL" | "MAXIMUM_ALLOWED" | "FILE_ALL" => {
                for right in AccessRight::ALL {
                    rights.insert(right);
                }
            }
            _ => {}
        }
    }
    rights
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"{
      "file_handles": [
        {"file_number": "1234567",
         "handle_info": {"location": "4.676543750958.39903", "version": 1,
           "num_byte_range_locks": 2, "num_notify_watches": "0",
           "access_mask": ["MS_ACCESS_FILE_READ_DATA", "MS_ACCESS_FILE_READ_ATTRIBUTES", "MS_ACCESS_SYNCHRONIZE", "MS_ACCESS_SOMETHING_NEW"],
           "owner": "12884901890", "path": "/projects/q3/budget.xlsx"}},
        {"file_number": "4", "handle_info": {"location": "1.2.3", "access_mask": ["MS_ACCESS_GENERIC_ALL"], "owner": "500"}}
      ],
      "paging": {"next": "/v1/smb/files/?after=OPAQUE&limit=2&resolve_paths=true"}
    }"#;

    #[test]
    fn a_page_without_its_handle_list_is_an_error_not_an_empty_page() {
        for body in [
            "",
            " ",
            "{}",
            "{\"paging\": {\"next\": null}}",
            "{\"file_handles\": [",
        ] {
            assert!(serde_json::from_str::<FilesPage>(body).is_err(), "{body:?}");
        }
        let empty: FilesPage = serde_json::from_str("{\"file_handles\": []}").unwrap();
        assert!(empty.file_handles.is_empty());
    }

    #[test]
    fn a_page_decodes_into_handles_that_keep_their_record() {
        let page: FilesPage = serde_json::from_str(PAGE).unwrap();
        assert_eq!(
            page.paging.unwrap().next.as_deref(),
            Some("/v1/smb/files/?after=OPAQUE&limit=2&resolve_paths=true")
        );
        let first = handle_of(page.file_handles[0]).unwrap();
        assert_eq!(first.id, "4.676543750958.39903");
        assert_eq!(first.path, "/projects/q3/budget.xlsx");
        assert_eq!(first.file_id, 1_234_567);
        assert_eq!(first.owner(), Some("12884901890"));
        assert_eq!(first.byte_range_locks(), Some(2));
        assert_eq!(
            first.access.unwrap().iter().collect::<Vec<_>>(),
            [AccessRight::Read]
        );
        assert!(first.client.is_none() && first.open_time.is_none());
        let record: serde_json::Value = serde_json::from_str(first.native().unwrap()).unwrap();
        assert_eq!(
            record["handle_info"]["num_notify_watches"], "0",
            "unknown fields are kept"
        );
        let second = handle_of(page.file_handles[1]).unwrap();
        assert_eq!(second.path, "");
        assert_eq!(second.access.unwrap().iter().count(), 3);
    }

    #[test]
    fn malformed_records_are_errors() {
        for record in [
            r#"{"handle_info": {"location": "1"}}"#,
            r#"{"file_number": "x", "handle_info": {"location": "1"}}"#,
            r#"{"file_number": "1", "handle_info": {"location": ""}}"#,
        ] {
            let raw: Box<RawValue> = serde_json::from_str(record).unwrap();
            assert!(handle_of(&raw).is_err(), "{record}");
        }
        let end: FilesPage =
            serde_json::from_str(r#"{"file_handles": [], "paging": {"next": null}}"#).unwrap();
        assert!(end.paging.unwrap().next.is_none());
    }
}
