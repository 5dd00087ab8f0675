//! Administrative units of Quảng Yên: the 19 wards and communes before
//! 1/7/2025 and the 6 wards after the merge (Resolution 1679/NQ-UBTVQH15).
//! Records keep the unit they were made in; reports roll old units up into
//! their current ward.
//!
//! The table is compiled in from `data/quang-yen-admin-units.csv`, so the
//! product never reads anything outside itself at run time.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::search::fold;

const QUANG_YEN_CSV: &str = include_str!("../data/quang-yen-admin-units.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AdminLevel {
    /// Phường.
    Ward,
    /// Xã.
    Commune,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdminUnit {
    /// Stable code: `QY-DONG-MAI` for a current ward, `QY-DONG-MAI-2011` for
    /// the unit of that name that existed before the merge.
    pub code: String,
    pub name: String,
    pub level: AdminLevel,
    /// ISO dates.
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// For a pre-2025 unit, the code of the ward it was merged into.
    pub merged_into: Option<String>,
}

impl AdminUnit {
    pub fn is_current(&self) -> bool {
        self.valid_to.is_none()
    }
}

fn code_for(name: &str, era: Option<&str>) -> String {
    let slug: String = fold(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_uppercase();
    match era {
        Some(year) => format!("QY-{slug}-{year}"),
        None => format!("QY-{slug}"),
    }
}

/// Every unit of Quảng Yên, old and current.
///
/// # Panics
/// Never at run time on the shipped table: a test parses it, and the table
/// is compiled in.
pub fn quang_yen_units() -> Vec<AdminUnit> {
    QUANG_YEN_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            let [name, level, from, to, merged] = cols.as_slice() else {
                return None;
            };
            let level = match *level {
                "ward" => AdminLevel::Ward,
                "commune" => AdminLevel::Commune,
                _ => return None,
            };
            let era = (!to.is_empty()).then(|| &from[..4]);
            Some(AdminUnit {
                code: code_for(name, era),
                name: (*name).to_owned(),
                level,
                valid_from: (*from).to_owned(),
                valid_to: (!to.is_empty()).then(|| (*to).to_owned()),
                merged_into: (!merged.is_empty()).then(|| code_for(merged, None)),
            })
        })
        .collect()
}

/// The current ward a unit rolls up to (itself when current).
pub fn current_ward_code<'a>(units: &'a [AdminUnit], code: &'a str) -> Option<&'a str> {
    let unit = units.iter().find(|u| u.code == code)?;
    Some(unit.merged_into.as_deref().unwrap_or(&unit.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nineteen_old_units_and_six_current_wards() {
        let units = quang_yen_units();
        assert_eq!(units.iter().filter(|u| !u.is_current()).count(), 19);
        let current: Vec<_> = units.iter().filter(|u| u.is_current()).collect();
        assert_eq!(current.len(), 6);
        assert!(current.iter().all(|u| u.level == AdminLevel::Ward));
    }

    #[test]
    fn every_old_unit_rolls_up_to_a_current_ward() {
        let units = quang_yen_units();
        for old in units.iter().filter(|u| !u.is_current()) {
            let ward = current_ward_code(&units, &old.code).unwrap();
            let target = units.iter().find(|u| u.code == ward).unwrap();
            assert!(target.is_current(), "{} -> {ward}", old.name);
        }
        assert_eq!(
            current_ward_code(&units, "QY-HOANG-TAN-2011"),
            Some("QY-HA-AN")
        );
        assert_eq!(
            current_ward_code(&units, "QY-DONG-MAI"),
            Some("QY-DONG-MAI")
        );
    }

    #[test]
    fn codes_are_unique() {
        let units = quang_yen_units();
        let mut codes: Vec<_> = units.iter().map(|u| u.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), units.len());
    }
}
