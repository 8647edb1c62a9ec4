//! How many pages a parallel listing may hold at once: as many as keep the caller busy.
//!
//! A page costs memory from the moment its request is sent (the answer arrives into it) until
//! the caller takes it. By Little's law, the pages needed in flight to keep the caller busy
//! are the time a page takes to arrive divided by the time the caller spends on one page:
//! - at 50 ms per request a page takes about 55 ms to arrive and the caller 2 ms to print it,
//!   so 28 in flight keep it printing without a pause;
//! - at zero latency a page arrives in a few milliseconds, about as long as the caller takes
//!   to print one, so a few suffice, and any more would only wait in memory;
//! - a caller that is slow to take pages (stdout is a pipe that someone reads slowly) gets
//!   the floor.
//!
//! The places are half again as many as that ratio ([`HEADROOM`]): the caller's time is wall
//! time on cores it shares with the decoding, and at exactly the ratio it waits for pages.
//!
//! The time a page takes to arrive is the shortest seen: the time of an answer that waited
//! behind no other. An average would count the waiting that the pages in flight cause
//! themselves (a server busy with 32 requests answers each later), and grow the budget the
//! more it is already too large. The caller's time is a moving average (each new sample
//! weighs 1/8). The number of places is their ratio (with the headroom) plus one, within
//! `floor..=ceiling`: a budget above it shrinks at once. One below grows by a place per page
//! that arrives while the caller has none waiting, and to the ratio at once when the caller
//! asks for a page and
//! none is waiting: the caller is starved, and the times (measured on at least four of its
//! pages) say how many places feed it. Growing a place per page alone took a listing at 50 ms
//! about six round trips to reach its thirty places, the pages of a split all requested a few
//! at a time; a caller stuck on a page (a full pipe) asks for nothing and grows nothing.
//! Before the caller has been measured, its time is assumed (a full page's printing), so the
//! first page's arrival alone can widen the budget: a split's first round then goes out at
//! the width the latency asks for, a round trip sooner than after measuring.
//! Memory is bounded by the ceiling times a page, and follows what the listing needs below
//! that.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// The weight of a new sample in the moving averages.
const SAMPLE_WEIGHT: f64 = 1.0 / 8.0;

/// The caller's time counts once it has been measured on this many pages: a first page may
/// be a directory's two handles, printed in no time.
const CALLER_SAMPLES: usize = 4;

/// The caller's time per page until it is measured: printing a page of 2,000 handles as
/// jsonl takes about 1.5 ms on the reference machine (two cores). Assuming more than that
/// errs towards fewer places; smaller pages are printed sooner, and their measured times then
/// grow the budget.
const ASSUMED_CALLER: Duration = Duration::from_millis(2);

/// Places beyond what the times ask for: half again as many. The caller shares two cores with
/// the decoding (and, against the emulator, with the server): its time per page is wall time,
/// which the decoding's bursts stretch, and a budget at exactly the ratio leaves it waiting
/// for pages as often as not. At 10 ms per request, over 100,000 handles in 101 parts, paired
/// runs gave 0.225 s at the ratio, 0.201 s at 1.5 times it (peak RSS 27.5 MiB against 24.9)
/// and 0.206 s at twice it (28.6 MiB, up to 30.7); at 50 ms the ceiling decides either way.
const HEADROOM: f64 = 1.5;

/// A caller faster than this per page counts as this fast (no division by nothing).
const QUICKEST_CALLER: Duration = Duration::from_micros(100);

#[derive(Debug)]
struct State {
    limit: usize,
    floor: usize,
    ceiling: usize,
    /// Places taken: requests in flight and pages not yet taken by the caller.
    held: usize,
    /// Pages arrived and not yet taken by the caller.
    waiting: usize,
    /// Seconds from a page's request until it is handed to the caller, at the quickest.
    arrival: Option<f64>,
    /// Seconds the caller spends on a page before it asks for the next, on average.
    caller: Option<f64>,
    /// Pages the caller's time was measured on.
    caller_samples: usize,
}

impl State {
    /// The places the times ask for, once a page's arrival time is known, and whether the
    /// caller's time in it was measured (else [`ASSUMED_CALLER`] stands for it).
    fn needed(&self) -> Option<(usize, bool)> {
        let arrival = self.arrival?;
        let measured = self.caller_samples >= CALLER_SAMPLES;
        let caller = match self.caller {
            Some(caller) if measured => caller,
            _ => ASSUMED_CALLER.as_secs_f64(),
        };
        let ratio = (HEADROOM * arrival / caller.max(QUICKEST_CALLER.as_secs_f64())).ceil();
        // The ratio is finite and positive; a huge one saturates, and the clamp bounds it.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let needed = (ratio as usize).saturating_add(1);
        Some((needed.clamp(self.floor, self.ceiling), measured))
    }

    /// Shrinks at once to what the measured times ask for; grows towards it by one place per
    /// page that arrives while the caller has none waiting, and at once when the caller asks
    /// for a page and none is waiting: it is starved, and the times say how many places feed
    /// it. A caller with pages waiting is not short of them, whatever its last time per page
    /// said (it may be stuck writing to a full pipe), and a stuck caller asks for nothing.
    /// Before the caller is measured, a page that arrives late grows the budget at once to
    /// what the assumed caller needs: the first page says how far away the service is, and a
    /// split's first round of parts then goes out wide, not eight and the rest a round trip
    /// later. Only measured times shrink it.
    fn adapt(&mut self, event: Event) {
        match self.needed() {
            Some((needed, true)) if needed < self.limit => self.limit = needed,
            Some((needed, measured)) if needed > self.limit && self.waiting == 0 => match event {
                Event::Arrived if measured => self.limit += 1,
                Event::Arrived | Event::CallerAsks => self.limit = needed,
            },
            _ => {}
        }
    }
}

/// What the budget adapts on.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A page arrived.
    Arrived,
    /// The caller is done with its last page and asks for the next.
    CallerAsks,
}

fn averaged(average: Option<f64>, sample: Duration) -> f64 {
    let sample = sample.as_secs_f64();
    average.map_or(sample, |average| {
        average + (sample - average) * SAMPLE_WEIGHT
    })
}

/// The places for pages, shared by a listing's parts.
#[derive(Debug)]
pub(crate) struct PageBudget {
    state: Mutex<State>,
    released: Notify,
}

/// A page's place, from its request until the caller takes the page; dropping it frees it.
#[derive(Debug)]
pub(crate) struct PagePlace {
    budget: Arc<PageBudget>,
    requested: Instant,
    arrived: bool,
}

impl PagePlace {
    /// The page is in and about to be handed to the caller: the time it took counts.
    pub(crate) fn arrived(&mut self) {
        if self.arrived {
            return;
        }
        self.arrived = true;
        let mut state = self.budget.lock();
        let before = state.limit;
        let took = self.requested.elapsed().as_secs_f64();
        state.arrival = Some(state.arrival.map_or(took, |quickest| quickest.min(took)));
        state.adapt(Event::Arrived);
        state.waiting += 1;
        let grown = state.limit.saturating_sub(before);
        drop(state);
        self.budget.wake(grown);
    }
}

impl Drop for PagePlace {
    fn drop(&mut self) {
        let mut state = self.budget.lock();
        state.held -= 1;
        if self.arrived {
            state.waiting -= 1;
        }
        drop(state);
        self.budget.released.notify_one();
    }
}

impl PageBudget {
    /// A budget that starts at `start` places and stays within `floor..=ceiling`.
    pub(crate) fn new(start: usize, floor: usize, ceiling: usize) -> Arc<Self> {
        let floor = floor.max(1);
        let ceiling = ceiling.max(floor);
        Arc::new(Self {
            state: Mutex::new(State {
                limit: start.clamp(floor, ceiling),
                floor,
                ceiling,
                held: 0,
                waiting: 0,
                arrival: None,
                caller: None,
                caller_samples: 0,
            }),
            released: Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("page budget lock")
    }

    /// Waits for a place for one more page; the page's time starts now.
    pub(crate) async fn place(self: &Arc<Self>) -> PagePlace {
        loop {
            {
                let mut state = self.lock();
                if state.held < state.limit {
                    state.held += 1;
                    return PagePlace {
                        budget: self.clone(),
                        requested: Instant::now(),
                        arrived: false,
                    };
                }
            }
            // A place freed between the check and this wait is not missed: `notify_one`
            // keeps its wake-up for the next waiter.
            self.released.notified().await;
        }
    }

    /// The caller spent `worked` on its last page before asking for the next.
    pub(crate) fn caller_worked(&self, worked: Duration) {
        let mut state = self.lock();
        let before = state.limit;
        state.caller = Some(averaged(state.caller, worked));
        state.caller_samples += 1;
        state.adapt(Event::CallerAsks);
        let grown = state.limit.saturating_sub(before);
        drop(state);
        self.wake(grown);
    }

    /// Lets up to `places` pages waiting for a place take the new ones.
    fn wake(&self, places: usize) {
        // Each wakes one waiter, or is kept for the next one to wait.
        for _ in 0..places {
            self.released.notify_one();
        }
    }

    /// The current number of places.
    #[cfg(test)]
    fn limit(&self) -> usize {
        self.lock().limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn holds_at_most_the_limit() {
        let budget = PageBudget::new(2, 1, 4);
        let first = budget.place().await;
        let _second = budget.place().await;
        let third = tokio::time::timeout(Duration::from_millis(20), budget.place()).await;
        assert!(third.is_err(), "a third page waits for a place");
        drop(first);
        let third = tokio::time::timeout(Duration::from_millis(200), budget.place()).await;
        assert!(third.is_ok(), "a freed place is taken");
    }

    /// A place taken `ms` ago (its request sent then).
    fn taken_ago(budget: &Arc<PageBudget>, ms: u64) -> PagePlace {
        budget.lock().held += 1;
        PagePlace {
            budget: budget.clone(),
            requested: Instant::now()
                .checked_sub(Duration::from_millis(ms))
                .unwrap(),
            arrived: false,
        }
    }

    /// The times set directly: the rule, apart from the clock.
    fn needed(arrival_ms: f64, caller_ms: f64) -> Option<usize> {
        let budget = PageBudget::new(8, 4, 32);
        let mut state = budget.lock();
        state.arrival = Some(arrival_ms / 1e3);
        state.caller = Some(caller_ms / 1e3);
        state.caller_samples = CALLER_SAMPLES;
        state.needed().map(|(needed, _)| needed)
    }

    #[test]
    fn places_are_the_arrival_time_over_the_callers_time_with_headroom_plus_one() {
        assert_eq!(
            needed(30.0, 2.0),
            Some(24),
            "30 ms away: 15 pages feed the caller; half again, 23, plus one"
        );
        assert_eq!(needed(4.0, 3.0), Some(4), "zero latency: the floor");
        assert_eq!(
            needed(55.0, 0.0),
            Some(32),
            "a caller that takes no time: the ceiling"
        );
        assert_eq!(needed(12.0, 2.0), Some(10));
        assert_eq!(needed(5.0, 500.0), Some(4), "a slow reader: the floor");
    }

    #[test]
    fn grows_a_place_per_page_and_shrinks_at_once() {
        let budget = PageBudget::new(8, 4, 32);
        budget.lock().caller = Some(0.002);
        budget.lock().caller_samples = CALLER_SAMPLES;
        let mut place = taken_ago(&budget, 55);
        place.arrived();
        assert_eq!(budget.limit(), 9, "one place more per page that arrives");
        budget.caller_worked(Duration::from_millis(10));
        assert_eq!(budget.limit(), 9, "the caller's time alone grows nothing");
        budget.lock().caller = Some(0.050);
        budget.caller_worked(Duration::from_millis(50));
        assert_eq!(
            budget.limit(),
            4,
            "a slow caller: down to the floor at once"
        );
    }

    #[test]
    fn a_starved_caller_gets_what_the_times_ask_at_once() {
        let budget = PageBudget::new(8, 4, 32);
        budget.lock().caller = Some(0.002);
        budget.lock().caller_samples = CALLER_SAMPLES;
        let mut waiting = taken_ago(&budget, 55);
        waiting.arrived();
        budget.caller_worked(Duration::from_millis(2));
        assert_eq!(
            budget.limit(),
            9,
            "a page is waiting: a place per page only"
        );
        drop(waiting);
        budget.caller_worked(Duration::from_millis(2));
        assert_eq!(
            budget.limit(),
            32,
            "none waiting: 55 ms over 2 ms, with headroom: the ceiling"
        );
    }

    #[test]
    fn a_late_first_page_widens_the_budget_before_the_caller_is_measured() {
        let far = PageBudget::new(8, 4, 32);
        taken_ago(&far, 30).arrived();
        assert_eq!(
            far.limit(),
            24,
            "30 ms over the assumed 2 ms, half again, plus one, at once"
        );
        let near = PageBudget::new(8, 4, 32);
        taken_ago(&near, 3).arrived();
        assert_eq!(near.limit(), 8, "an assumed time never shrinks the budget");
        near.lock().caller = Some(0.003);
        near.lock().caller_samples = CALLER_SAMPLES;
        near.caller_worked(Duration::from_millis(3));
        assert_eq!(near.limit(), 4, "a measured one does");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn every_new_place_lets_a_waiting_page_in() {
        let budget = PageBudget::new(1, 1, 8);
        budget.lock().caller = Some(0.010);
        budget.lock().caller_samples = CALLER_SAMPLES;
        let mut arrived = taken_ago(&budget, 50);
        arrived.arrived();
        let _held = budget.place().await;
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let budget = budget.clone();
                tokio::spawn(async move { budget.place().await })
            })
            .collect();
        tokio::task::yield_now().await;
        drop(arrived);
        budget.caller_worked(Duration::from_millis(10));
        for waiter in waiters {
            let placed = tokio::time::timeout(Duration::from_millis(200), waiter).await;
            assert!(placed.is_ok(), "each of the new places is taken");
        }
    }

    #[test]
    fn the_quickest_arrival_counts() {
        let budget = PageBudget::new(8, 4, 32);
        for ms in [40, 10, 30] {
            taken_ago(&budget, ms).arrived();
        }
        let quickest = budget.lock().arrival.unwrap();
        assert!((0.010..0.030).contains(&quickest), "{quickest}");
    }

    #[test]
    fn samples_move_the_average_by_an_eighth() {
        let average = averaged(None, Duration::from_millis(8));
        assert!(
            (average - 0.008).abs() < 1e-12,
            "the first sample is the average"
        );
        let average = averaged(Some(average), Duration::from_millis(16));
        assert!((average - 0.009).abs() < 1e-12, "{average}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_grown_limit_lets_a_waiting_page_in() {
        let budget = PageBudget::new(1, 1, 4);
        let _a = budget.place().await;
        let waiting = tokio::spawn({
            let budget = budget.clone();
            async move { budget.place().await }
        });
        tokio::task::yield_now().await;
        budget.lock().caller = Some(0.010);
        budget.lock().caller_samples = CALLER_SAMPLES;
        let mut arrived = taken_ago(&budget, 50);
        arrived.arrived();
        drop(arrived);
        let placed = tokio::time::timeout(Duration::from_millis(200), waiting).await;
        assert!(
            placed.is_ok(),
            "the new place goes to the page waiting for one"
        );
    }
}
