//! List Handles XML decoding throughput (handles per second).
//!
//! Run: `cargo bench --bench decode`. The page is what the emulator serves for 2,000 handles
//! (the page size of the end-to-end listing benchmark), with every field present. The general
//! way, quick-xml with serde into the same wire structs, is measured in the same run as the
//! reference, so the figure to quote is the ratio between the two.

use std::hint::black_box;

use azfh_client::azure::decode::decode_list_handles;
use azfh_protocol::wire::{
    AccessRightListXml, BOM, HandleEntriesXml, HandleXml, ListHandlesXml, NameXml, encode_body,
    format_rfc1123,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use time::macros::datetime;

fn page(handles: u32) -> Vec<u8> {
    let opened = datetime!(2026-11-01 08:30:00 UTC);
    let xml = ListHandlesXml {
        marker: None,
        max_results: Some(handles),
        entries: HandleEntriesXml {
            handles: (0..handles)
                .map(|i| HandleXml {
                    handle_id: format!("{}", 14_537_654_000_u64 + u64::from(i)),
                    path: NameXml::encode(
                        &format!("projects/apollo/src/module-{}/file {i}.c", i % 40),
                        true,
                    ),
                    file_id: format!("{}", 11_529_285_414_812_647_424_u64 + u64::from(i)),
                    parent_id: "13835128424026341376".into(),
                    session_id: format!("{}", 513_867_793_146_318_209_u64 + u64::from(i % 12)),
                    access_right_list: Some(AccessRightListXml {
                        rights: vec!["Read".into(), "Write".into()],
                    }),
                    client_ip: format!("10.20.{}.{}:{}", i % 7, i % 200, 49_152 + i % 1_000),
                    client_name: Some(format!("WS-{:04}", i % 12)),
                    open_time: format_rfc1123(opened + time::Duration::seconds(i64::from(i))),
                    last_reconnect_time: None,
                })
                .collect(),
        },
        next_marker: "1!40!c29tZS1vcGFxdWUtbWFya2VyLXBheWxvYWQ=".into(),
    };
    encode_body(&xml)
}

fn decode(c: &mut Criterion) {
    let body = page(2_000);
    let mut group = c.benchmark_group("list_handles_decode");
    group.throughput(Throughput::Elements(2_000));
    group.bench_function("page_of_2000", |b| {
        b.iter(|| decode_list_handles(black_box(&body)).unwrap());
    });
    let text = std::str::from_utf8(body.strip_prefix(BOM).unwrap_or(&body)).expect("UTF-8");
    group.bench_function("page_of_2000_serde_reference", |b| {
        b.iter(|| quick_xml::de::from_str::<ListHandlesXml>(black_box(text)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
