//! Filter values (`--older-than`, `--client-ip`, `--client-name`, `--path`, …) and the other
//! value parsers: none panics, and whatever they accept builds a selection that can be
//! applied to a handle without panicking.
#![no_main]

use azfh_client::ops::download::plan::{parse_block_size, parse_byte_range, parse_size};
use azfh_client::handles::selection::{
    parse_access, parse_age, parse_client_name_glob, parse_client_address, parse_path_glob,
    parse_session_id, parse_timestamp,
};
use azfh_client::handles::{AccessRight, ClientAddr, Filters, Handle, Selection};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let mut filters = Filters::default();
    // Each line is tried as every kind of value.
    for line in text.lines().take(8) {
        if let Ok(age) = parse_age(line) {
            filters.older_than = Some(age);
            filters.newer_than = age.checked_mul(2);
        }
        if let Ok(t) = parse_timestamp(line) {
            filters.opened_before = Some(t);
        }
        if let Ok(net) = parse_client_address(line) {
            filters.client_ips.push(net);
        }
        if let Ok(glob) = parse_client_name_glob(line) {
            filters.client_names.push(glob);
        }
        if let Ok(glob) = parse_path_glob(line) {
            filters.paths.push(glob);
        }
        if let Ok(id) = parse_session_id(line) {
            filters.session_ids.push(id);
        }
        if let Ok(right) = parse_access(line) {
            filters.access.push(right);
        }
        let _ = parse_byte_range(line);
        let _ = parse_size(line);
        let _ = parse_block_size(line);
        let _ = ClientAddr::parse(line);
    }
    let Ok(selection) = Selection::new(&filters, now) else {
        return;
    };
    let handle = Handle {
        id: "1".into(),
        path: text.lines().next().unwrap_or_default().to_owned(),
        file_id: 1,
        parent_id: Some(0),
        session_id: Some(7),
        client: Some(ClientAddr::parse("10.1.2.3:445").expect("a valid address")),
        client_name: Some(text.to_owned()),
        open_time: Some(now - time::Duration::days(3)),
        last_reconnect_time: None,
        qumulo: None,
        access: Some([AccessRight::Read].into_iter().collect()),
    };
    let _ = selection.matches(&handle);
});
