//! What a Qumulo admin found trying azfh against the emulated cluster (issue 16's review):
//! each finding, as the admin met it, from the outside.

use crate::qumulo::Cluster;

#[test]
fn a_misspelled_directory_fails_with_or_without_recursion() {
    let cluster = Cluster::start(50, |_| {});
    let plain = cluster.run(&["handles", "ls", &cluster.target("/projetcs")]);
    plain.failure("fs_no_such_entry_error", "absolute path");
    let recursive = cluster.run(&["handles", "ls", &cluster.target("/projetcs"), "-r"]);
    recursive.failure("fs_no_such_entry_error", "absolute path");
    assert_eq!(
        recursive.stderr, plain.stderr,
        "the same message as without -r"
    );
    assert!(recursive.stdout.is_empty());

    let before = cluster.emulator.view.requests();
    let close = cluster.run(&[
        "handles",
        "close",
        &cluster.target("/projetcs"),
        "-r",
        "--all",
        "--yes",
    ]);
    close.failure("fs_no_such_entry_error", "absolute path");
    assert!(close.stdout.is_empty(), "{}", close.stdout);
    assert!(cluster.emulator.view.requests() > before);

    // The cluster decides what exists, case included.
    let cased = cluster.run(&["handles", "ls", &cluster.target("/Projects"), "-r"]);
    cased.failure("fs_no_such_entry_error", "absolute path");
    let right = cluster.run(&["handles", "ls", &cluster.target("/projects/"), "-r"]);
    assert_eq!(
        right.jsonl_ids(),
        cluster.expected(|h| h.path.starts_with("/projects/"))
    );
}
