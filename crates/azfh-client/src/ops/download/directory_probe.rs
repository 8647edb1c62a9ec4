//! Whether a path that held no file is a directory: asked only after Get File found nothing,
//! so that `get` can say "add -r" instead of "not found".

use crate::azure::{AzureFiles, ListDirectoryOptions, Location};

/// Whether `location` lists as a directory.
pub async fn is_directory(client: &AzureFiles, location: &Location) -> bool {
    let options = ListDirectoryOptions {
        page_size: Some(1),
        ..Default::default()
    };
    client
        .list_directory(location, options)
        .next_page()
        .await
        .is_ok()
}
