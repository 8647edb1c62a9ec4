//! A service error retried to the end says what the service said, then how many attempts
//! were made, apart from its message (which ends with its own full stop).

use azfh_emulator::Faults;

use crate::support::Env;

#[test]
fn the_attempt_count_stands_apart_from_the_service_message() {
    let env = Env::demo();
    env.set_faults(Faults {
        busy_every: 1,
        retry_after_secs: 0,
        ..Faults::default()
    });
    let run = env.azfh().run(["handles", "ls", "demo", "--retries", "1"]);
    run.failure("503 ServerBusy", "the service is busy");
    let error = run.stderr_lines("error");
    assert!(
        error[0].contains("Please retry your request. (after 2 attempts)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("request. after"), "{}", run.stderr);
}
