//! How many requests to keep in flight: an adaptive limit, kept apart from the calls.
//!
//! Starts at the most the caller allows; halves whenever the service throttles (429/503) and
//! grows back by one after as many successes as the current limit (additive increase,
//! multiplicative decrease). Fast when the service keeps up, kind when it does not.

use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

#[derive(Debug)]
struct State {
    limit: usize,
    max: usize,
    in_flight: usize,
    successes: usize,
}

/// The adaptive limit, shared by the tasks it paces.
#[derive(Debug)]
pub struct Pacer {
    state: Mutex<State>,
    released: Notify,
}

/// A place in flight; dropping it frees the place.
#[derive(Debug)]
pub struct Permit {
    pacer: Arc<Pacer>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.pacer.state.lock().expect("pacer lock").in_flight -= 1;
        self.pacer.released.notify_one();
    }
}

impl Pacer {
    pub fn new(max: usize) -> Arc<Self> {
        let max = max.max(1);
        Arc::new(Self {
            state: Mutex::new(State {
                limit: max,
                max,
                in_flight: 0,
                successes: 0,
            }),
            released: Notify::new(),
        })
    }

    /// Waits for a place under the current limit.
    pub async fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            {
                let mut state = self.state.lock().expect("pacer lock");
                if state.in_flight < state.limit {
                    state.in_flight += 1;
                    return Permit {
                        pacer: self.clone(),
                    };
                }
            }
            self.released.notified().await;
        }
    }

    /// Records how a request went: throttled, or not.
    pub fn record(&self, throttled: bool) {
        let mut state = self.state.lock().expect("pacer lock");
        if throttled {
            state.limit = (state.limit / 2).max(1);
            state.successes = 0;
        } else {
            state.successes += 1;
            if state.successes >= state.limit && state.limit < state.max {
                state.limit += 1;
                state.successes = 0;
            }
        }
        drop(state);
        self.released.notify_one();
    }

    /// The current limit.
    pub fn limit(&self) -> usize {
        self.state.lock().expect("pacer lock").limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_on_throttling_and_grows_back() {
        let pacer = Pacer::new(32);
        assert_eq!(pacer.limit(), 32);
        pacer.record(true);
        assert_eq!(pacer.limit(), 16);
        pacer.record(true);
        pacer.record(true);
        pacer.record(true);
        pacer.record(true);
        pacer.record(true);
        assert_eq!(pacer.limit(), 1, "never below one");
        pacer.record(false);
        assert_eq!(pacer.limit(), 2);
        pacer.record(false);
        pacer.record(false);
        assert_eq!(pacer.limit(), 3);
        for _ in 0..1_000 {
            pacer.record(false);
        }
        assert_eq!(pacer.limit(), 32, "never above the maximum");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn holds_at_most_the_limit_in_flight() {
        let pacer = Pacer::new(2);
        let a = pacer.acquire().await;
        let _b = pacer.acquire().await;
        let third =
            tokio::time::timeout(std::time::Duration::from_millis(20), pacer.acquire()).await;
        assert!(third.is_err(), "a third place waits");
        drop(a);
        let third =
            tokio::time::timeout(std::time::Duration::from_millis(200), pacer.acquire()).await;
        assert!(third.is_ok(), "a freed place is taken");
    }
}
