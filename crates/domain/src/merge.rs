//! Field-level merge of concurrent edits, as a pure function. The server
//! applies it when a push arrives; devices apply the same rule when a pull
//! brings the server's version, so every replica decides alike.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::hlc::Hlc;

/// Who last wrote a field of a record, and at which record version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldWrite {
    pub stamp: Hlc,
    #[ts(type = "number")]
    pub version: u64,
}

/// What to do with one incoming field value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldOutcome {
    /// Take the incoming value.
    Apply,
    /// Take the incoming value; the current one was a concurrent edit that
    /// loses and must be kept in a conflict record.
    ApplyOverConflict,
    /// Keep the current value; the incoming one was a concurrent edit that
    /// loses and must be kept in a conflict record.
    KeepOverConflict,
    /// Keep the current value: the incoming one is older and was already
    /// seen by whoever wrote the current one (a replay, or superseded).
    Keep,
}

/// Decides one field. An edit is concurrent with the current value when its
/// author had not seen the write that produced it (`base_version` below the
/// version of that write) and it came from another device; concurrent edits
/// with different values are conflicts whatever their order. The winner is
/// the greater HLC stamp (wall time, counter, then device id), so the result
/// does not depend on the order in which pushes arrive.
pub fn merge_field(
    current: Option<FieldWrite>,
    incoming: Hlc,
    base_version: Option<u64>,
    values_differ: bool,
) -> FieldOutcome {
    let Some(current) = current else {
        return FieldOutcome::Apply;
    };
    let saw_current = base_version.is_some_and(|base| base >= current.version);
    let concurrent = !saw_current && current.stamp.device != incoming.device && values_differ;
    match (incoming > current.stamp, concurrent) {
        (true, false) => FieldOutcome::Apply,
        (true, true) => FieldOutcome::ApplyOverConflict,
        (false, true) => FieldOutcome::KeepOverConflict,
        (false, false) if saw_current => FieldOutcome::Apply,
        (false, false) => FieldOutcome::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DeviceId;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn stamp(wall: u64, device: u128) -> Hlc {
        Hlc {
            wall_ms: wall,
            counter: 0,
            device: DeviceId::from_uuid(Uuid::from_u128(device)),
        }
    }

    #[test]
    fn an_edit_based_on_the_current_version_applies_even_with_a_slow_clock() {
        let current = FieldWrite {
            stamp: stamp(2_000, 1),
            version: 3,
        };
        assert_eq!(
            merge_field(Some(current), stamp(1_000, 2), Some(3), true),
            FieldOutcome::Apply
        );
    }

    #[test]
    fn two_blind_edits_of_one_field_are_a_conflict_either_way_round() {
        let a = FieldWrite {
            stamp: stamp(1_000, 1),
            version: 2,
        };
        assert_eq!(
            merge_field(Some(a), stamp(1_500, 2), Some(1), true),
            FieldOutcome::ApplyOverConflict
        );
        let b = FieldWrite {
            stamp: stamp(1_500, 2),
            version: 2,
        };
        assert_eq!(
            merge_field(Some(b), stamp(1_000, 1), Some(1), true),
            FieldOutcome::KeepOverConflict
        );
    }

    #[test]
    fn the_same_value_twice_is_no_conflict_and_a_replay_is_kept_out() {
        let current = FieldWrite {
            stamp: stamp(1_500, 2),
            version: 2,
        };
        assert_eq!(
            merge_field(Some(current), stamp(1_000, 1), Some(1), false),
            FieldOutcome::Keep
        );
        let own = FieldWrite {
            stamp: stamp(1_500, 1),
            version: 2,
        };
        assert_eq!(
            merge_field(Some(own), stamp(1_000, 1), Some(1), true),
            FieldOutcome::Keep
        );
    }

    proptest! {
        /// Two concurrent edits end with the same winner whichever arrives
        /// first, and the loser is always kept.
        #[test]
        fn concurrent_edits_converge_whatever_the_order(wa in 0u64..10_000, wb in 0u64..10_000) {
            let (a, b) = (stamp(wa, 1), stamp(wb, 2));
            // A first, then B (both based on version 1; A's write made version 2).
            let b_after_a = merge_field(Some(FieldWrite { stamp: a, version: 2 }), b, Some(1), true);
            // B first, then A.
            let a_after_b = merge_field(Some(FieldWrite { stamp: b, version: 2 }), a, Some(1), true);
            let winner_ab = if b_after_a == FieldOutcome::ApplyOverConflict { b } else { a };
            let winner_ba = if a_after_b == FieldOutcome::ApplyOverConflict { a } else { b };
            prop_assert_eq!(winner_ab, winner_ba);
            prop_assert_eq!(winner_ab, a.max(b));
            prop_assert!(matches!(b_after_a, FieldOutcome::ApplyOverConflict | FieldOutcome::KeepOverConflict));
            prop_assert!(matches!(a_after_b, FieldOutcome::ApplyOverConflict | FieldOutcome::KeepOverConflict));
        }
    }
}
