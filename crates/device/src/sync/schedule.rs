//! When automatic sync tries next: a pure function of what happened, so the
//! policy is tested without clocks or threads.
//!
//! After a success, the next round comes after `IDLE` (sooner when a save
//! pokes the worker). After a transient failure (no network, server busy),
//! the wait doubles from `FIRST_RETRY` up to `MAX_RETRY`, with ±20 %
//! jitter so that a fleet of tablets coming back in range does not hit the
//! server in step. A failure that needs a person (sign in again, update
//! the app) pauses automatic sync until that person acts.

use std::time::Duration;

pub const IDLE: Duration = Duration::from_secs(60);
pub const FIRST_RETRY: Duration = Duration::from_secs(5);
pub const MAX_RETRY: Duration = Duration::from_secs(300);

/// How the last attempt ended, as the scheduler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Succeeded,
    /// The n-th transient failure in a row (1 for the first).
    FailedTransiently(u32),
    /// Nothing will change until a person acts.
    NeedsPerson,
}

/// The wait before the next attempt; None: wait for a person. `jitter` is
/// a number in [0, 1) the caller draws at random.
pub fn next_delay(last: Attempt, jitter: f64) -> Option<Duration> {
    match last {
        Attempt::Succeeded => Some(IDLE),
        Attempt::NeedsPerson => None,
        Attempt::FailedTransiently(n) => {
            let doublings = n.saturating_sub(1).min(16);
            let base = FIRST_RETRY.saturating_mul(1u32 << doublings).min(MAX_RETRY);
            let factor = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
            Some(base.mul_f64(factor))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn waits_double_after_each_failure_up_to_the_cap() {
        let mid = |n| next_delay(Attempt::FailedTransiently(n), 0.5);
        assert_eq!(mid(1), Some(Duration::from_secs(5)));
        assert_eq!(mid(2), Some(Duration::from_secs(10)));
        assert_eq!(mid(3), Some(Duration::from_secs(20)));
        assert_eq!(mid(7), Some(MAX_RETRY));
        assert_eq!(mid(1000), Some(MAX_RETRY));
        assert_eq!(next_delay(Attempt::Succeeded, 0.9), Some(IDLE));
        assert_eq!(next_delay(Attempt::NeedsPerson, 0.1), None);
    }

    proptest! {
        #[test]
        fn jitter_stays_within_a_fifth(n in 1u32..64, jitter in 0.0f64..1.0) {
            let d = next_delay(Attempt::FailedTransiently(n), jitter).unwrap();
            let base = next_delay(Attempt::FailedTransiently(n), 0.5).unwrap();
            prop_assert!(d >= base.mul_f64(0.8) && d <= base.mul_f64(1.2));
        }
    }
}
