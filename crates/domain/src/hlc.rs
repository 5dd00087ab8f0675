//! Hybrid logical clock: physical milliseconds plus a counter, tie-broken by
//! device id. Stamps from one device only grow, even when the wall clock
//! steps back; observing a stamp from elsewhere moves the clock past it.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use ts_rs::TS;

use crate::ids::DeviceId;

/// One HLC stamp. Total order: wall time, then counter, then device id, so
/// two devices never produce equal stamps and merges are deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct Hlc {
    #[ts(type = "number")]
    pub wall_ms: u64,
    pub counter: u32,
    pub device: DeviceId,
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.wall_ms, self.counter, self.device).cmp(&(other.wall_ms, other.counter, other.device))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Hlc {
    /// Sortable text form: `0001732700000000-0000000000-<device>`: every
    /// part is fixed-width, so text order is stamp order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:016}-{:010}-{}",
            self.wall_ms, self.counter, self.device
        )
    }
}

/// A remote stamp too far ahead of our physical clock to be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("remote clock is {ahead_ms} ms ahead, more than the allowed drift")]
pub struct ClockDrift {
    pub ahead_ms: u64,
}

/// A device's clock; the store persists its last stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// Stamps further ahead of our physical time than this are not adopted.
    pub const MAX_DRIFT_MS: u64 = 60 * 60 * 1000;

    pub fn new(device: DeviceId) -> Self {
        Self {
            last: Hlc {
                wall_ms: 0,
                counter: 0,
                device,
            },
        }
    }

    /// Resumes from a persisted stamp.
    pub fn resume(last: Hlc) -> Self {
        Self { last }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A new stamp for a local write, strictly greater than every stamp this
    /// clock has issued or observed.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.last.wall_ms {
            self.last.wall_ms = now_ms;
            self.last.counter = 0;
        } else {
            self.advance_counter();
        }
        self.last
    }

    /// Moves the clock past a stamp seen from elsewhere (a pull). A stamp
    /// more than [`Self::MAX_DRIFT_MS`] ahead of `now_ms` is refused: the
    /// clock stays where it was and the caller flags the record.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Result<Hlc, ClockDrift> {
        if remote.wall_ms > now_ms.saturating_add(Self::MAX_DRIFT_MS) {
            return Err(ClockDrift {
                ahead_ms: remote.wall_ms - now_ms,
            });
        }
        let wall = now_ms.max(self.last.wall_ms).max(remote.wall_ms);
        let counter = if wall == self.last.wall_ms && wall == remote.wall_ms {
            self.last.counter.max(remote.counter)
        } else if wall == self.last.wall_ms {
            self.last.counter
        } else if wall == remote.wall_ms {
            remote.counter
        } else {
            self.last.wall_ms = wall;
            self.last.counter = 0;
            return Ok(self.last);
        };
        self.last.wall_ms = wall;
        self.last.counter = counter;
        self.advance_counter();
        Ok(self.last)
    }

    fn advance_counter(&mut self) {
        match self.last.counter.checked_add(1) {
            Some(c) => self.last.counter = c,
            None => {
                // 4 billion stamps in one millisecond: borrow the next one.
                self.last.wall_ms += 1;
                self.last.counter = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn device(n: u128) -> DeviceId {
        DeviceId::from_uuid(Uuid::from_u128(n))
    }

    #[test]
    fn a_clock_stepping_back_still_issues_growing_stamps() {
        let mut c = HlcClock::new(device(1));
        let a = c.tick(1_000);
        let b = c.tick(500);
        assert!(b > a);
        assert_eq!(b.wall_ms, 1_000);
    }

    #[test]
    fn a_far_future_remote_stamp_is_refused_and_leaves_the_clock_alone() {
        let mut c = HlcClock::new(device(1));
        let before = c.tick(10_000);
        let remote = Hlc {
            wall_ms: 10_000 + HlcClock::MAX_DRIFT_MS + 1,
            counter: 0,
            device: device(2),
        };
        assert!(c.observe(remote, 10_000).is_err());
        assert_eq!(c.last(), before);
    }

    #[test]
    fn equal_wall_and_counter_are_ordered_by_device() {
        let a = Hlc {
            wall_ms: 5,
            counter: 1,
            device: device(1),
        };
        let b = Hlc {
            wall_ms: 5,
            counter: 1,
            device: device(2),
        };
        assert!(a < b);
    }

    #[derive(Debug, Clone)]
    enum Step {
        Tick(u64),
        Observe(u64, u32, u64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u64..100_000).prop_map(Step::Tick),
            (0u64..100_000, 0u32..5, 0u64..100_000)
                .prop_map(|(w, c, now)| Step::Observe(w, c, now)),
        ]
    }

    proptest! {
        #[test]
        fn every_stamp_is_greater_than_everything_before_it(steps in prop::collection::vec(step(), 1..200)) {
            let mut c = HlcClock::new(device(1));
            let mut high = c.last();
            for s in steps {
                match s {
                    Step::Tick(now) => {
                        let t = c.tick(now);
                        prop_assert!(t > high);
                        prop_assert!(t.wall_ms >= now);
                        high = t;
                    }
                    Step::Observe(w, n, now) => {
                        let remote = Hlc { wall_ms: w, counter: n, device: device(2) };
                        match c.observe(remote, now) {
                            Ok(t) => {
                                prop_assert!(t > high);
                                prop_assert!(t.wall_ms > remote.wall_ms || (t.wall_ms == remote.wall_ms && t.counter > remote.counter));
                                high = t;
                            }
                            Err(_) => prop_assert!(w > now + HlcClock::MAX_DRIFT_MS),
                        }
                    }
                }
            }
        }

        #[test]
        fn text_form_sorts_like_the_stamps(a in 0u64..10_000_000_000_000, b in 0u64..10_000_000_000_000, ca in any::<u32>(), cb in any::<u32>()) {
            let x = Hlc { wall_ms: a, counter: ca, device: device(1) };
            let y = Hlc { wall_ms: b, counter: cb, device: device(1) };
            prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
        }
    }
}
