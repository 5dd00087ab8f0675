//! A raft's float counts: its initial counts plus the ledger of its float
//! replacements. Counts from several devices merge by addition, so two
//! inspectors logging replacements on the same raft offline both count;
//! nothing overwrites anything.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::entities::FloatCounts;
use crate::events::{FloatReplacement, InstalledMaterial};

/// One replacement as the ledger sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntry {
    pub styrofoam_removed: u64,
    pub installed: u64,
    pub installed_material: InstalledMaterial,
}

impl From<&FloatReplacement> for LedgerEntry {
    fn from(e: &FloatReplacement) -> Self {
        Self {
            styrofoam_removed: u64::from(e.styrofoam_removed.get()),
            installed: u64::from(e.installed.get()),
            installed_material: e.installed_material,
        }
    }
}

/// Current floats on a raft by material.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FloatTotals {
    #[ts(type = "number")]
    pub styrofoam: u64,
    #[ts(type = "number")]
    pub hdpe: u64,
    #[ts(type = "number")]
    pub other_compliant: u64,
    /// More styrofoam was logged as removed than the raft had: the counts
    /// show 0 styrofoam and the raft needs a recount on the next inspection.
    pub overdrawn: bool,
}

/// Sums the ledger onto the initial counts. Order-independent (a sum), so
/// every replica that holds the same events shows the same totals.
pub fn float_totals(
    initial: &FloatCounts,
    entries: impl IntoIterator<Item = LedgerEntry>,
) -> FloatTotals {
    let mut styrofoam = i128::from(initial.styrofoam.get());
    let mut hdpe = u64::from(initial.hdpe.get());
    let mut other = u64::from(initial.other_compliant.get());
    for e in entries {
        styrofoam -= i128::from(e.styrofoam_removed);
        match e.installed_material {
            InstalledMaterial::Hdpe => hdpe += e.installed,
            InstalledMaterial::OtherCompliant => other += e.installed,
        }
    }
    FloatTotals {
        styrofoam: u64::try_from(styrofoam.max(0)).unwrap_or(0),
        hdpe,
        other_compliant: other,
        overdrawn: styrofoam < 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Count;
    use proptest::prelude::*;

    fn initial(s: u32, h: u32) -> FloatCounts {
        FloatCounts {
            styrofoam: Count::new(s).unwrap(),
            hdpe: Count::new(h).unwrap(),
            other_compliant: Count::ZERO,
        }
    }

    fn hdpe(removed: u64, installed: u64) -> LedgerEntry {
        LedgerEntry {
            styrofoam_removed: removed,
            installed,
            installed_material: InstalledMaterial::Hdpe,
        }
    }

    #[test]
    fn two_devices_replacing_on_one_raft_both_count() {
        let t = float_totals(&initial(300, 0), [hdpe(100, 80), hdpe(120, 90)]);
        assert_eq!(
            t,
            FloatTotals {
                styrofoam: 80,
                hdpe: 170,
                other_compliant: 0,
                overdrawn: false
            }
        );
    }

    #[test]
    fn removing_more_than_there_is_shows_zero_and_flags_it() {
        let t = float_totals(&initial(50, 0), [hdpe(40, 40), hdpe(40, 40)]);
        assert_eq!(t.styrofoam, 0);
        assert!(t.overdrawn);
        assert_eq!(t.hdpe, 80);
    }

    fn entry() -> impl Strategy<Value = LedgerEntry> {
        (0u64..=100_000, 0u64..=100_000, any::<bool>()).prop_map(|(r, i, h)| LedgerEntry {
            styrofoam_removed: r,
            installed: i,
            installed_material: if h {
                InstalledMaterial::Hdpe
            } else {
                InstalledMaterial::OtherCompliant
            },
        })
    }

    proptest! {
        #[test]
        fn totals_do_not_depend_on_the_order_events_arrive(s in 0u32..=100_000, mut es in prop::collection::vec(entry(), 0..40), seed in any::<u64>()) {
            let a = float_totals(&initial(s, 0), es.clone());
            // A deterministic shuffle: rotate and reverse by the seed.
            let k = if es.is_empty() { 0 } else { (seed as usize) % es.len() };
            es.rotate_left(k);
            if seed % 2 == 0 { es.reverse(); }
            prop_assert_eq!(a, float_totals(&initial(s, 0), es));
        }

        #[test]
        fn installed_floats_are_never_lost(s in 0u32..=100_000, es in prop::collection::vec(entry(), 0..40)) {
            let t = float_totals(&initial(s, 0), es.clone());
            let installed: u64 = es.iter().map(|e| e.installed).sum();
            prop_assert_eq!(t.hdpe + t.other_compliant, installed);
            let removed: u64 = es.iter().map(|e| e.styrofoam_removed).sum();
            prop_assert_eq!(t.overdrawn, removed > u64::from(s));
            prop_assert_eq!(t.styrofoam, u64::from(s).saturating_sub(removed));
        }
    }
}
