//! The `throttle_per_sec` fault: the account's request-rate limit. Requests beyond N in one
//! second are answered 503 `ServerBusy` ("Operations per second is over the account limit.")
//! with `Retry-After`, as the service throttles; they count towards nothing.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests admitted in the current one-second window.
#[derive(Debug)]
pub struct Throttle {
    window: Mutex<(Instant, u64)>,
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            window: Mutex::new((Instant::now(), 0)),
        }
    }
}

impl Throttle {
    /// Whether a request arriving `now` is within `per_second` (0: no limit).
    pub fn admit(&self, per_second: u64, now: Instant) -> bool {
        if per_second == 0 {
            return true;
        }
        let mut window = self.window.lock().expect("throttle lock");
        if now.duration_since(window.0) >= Duration::from_secs(1) {
            *window = (now, 0);
        }
        if window.1 < per_second {
            window.1 += 1;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_per_second_then_a_new_window() {
        let throttle = Throttle::default();
        let start = Instant::now();
        let admitted = (0..10).filter(|_| throttle.admit(4, start)).count();
        assert_eq!(admitted, 4);
        assert!(!throttle.admit(4, start + Duration::from_millis(900)));
        assert!(throttle.admit(4, start + Duration::from_secs(1)));
        assert!(throttle.admit(0, start), "0 is no limit");
    }
}
