//! Campaign progress per current ward. Records made in a pre-2025 unit
//! count towards the ward it was merged into.

use tidemark_domain::admin::current_ward_code;

use super::Store;
use crate::dto::WardProgress;
use crate::error::DeviceError;

impl Store {
    pub fn ward_progress(&self) -> Result<Vec<WardProgress>, DeviceError> {
        let units = self.admin_units();
        let mut wards: Vec<WardProgress> = units
            .iter()
            .filter(|u| u.is_current())
            .map(|u| WardProgress {
                ward_code: u.code.clone(),
                ward_name: u.name.clone(),
                households: 0,
                rafts: 0,
                styrofoam_initial: 0,
                styrofoam_remaining: 0,
                hdpe_installed: 0,
                rafts_relocated: 0,
                rafts_to_relocate: 0,
                demo_rafts: 0,
            })
            .collect();
        // One pass per table, grouped by the unit the records were made in.
        let mut by_unit = self.conn().prepare(
            "SELECT h.admin_unit_code,
                    COUNT(DISTINCT h.id),
                    COUNT(r.id),
                    COALESCE(SUM(r.initial_styrofoam), 0),
                    COALESCE(SUM(CASE WHEN r.status = 'relocated' THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN r.status IN ('outside_zone', 'must_relocate', 'relocating') THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN h.demo = 1 AND r.id IS NOT NULL THEN 1 ELSE 0 END), 0)
             FROM households h LEFT JOIN rafts r ON r.household_id = h.id AND r.deleted = 0
             WHERE h.deleted = 0 GROUP BY h.admin_unit_code",
        )?;
        let rows = by_unit.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, u32>(5)?,
                r.get::<_, u32>(6)?,
            ))
        })?;
        for row in rows {
            let (unit, households, rafts, styrofoam, relocated, to_relocate, demo) = row?;
            if let Some(w) = ward_of(&mut wards, units, &unit) {
                w.households += households;
                w.rafts += rafts;
                w.styrofoam_initial += u64::try_from(styrofoam).unwrap_or(0);
                w.rafts_relocated += relocated;
                w.rafts_to_relocate += to_relocate;
                w.demo_rafts += demo;
            }
        }
        // Remaining styrofoam is clamped per raft (a raft cannot go below 0),
        // so it is summed raft by raft, not as one ward-wide subtraction.
        let mut ledger = self.conn().prepare(concat!(
            "SELECT h.admin_unit_code,
                    COALESCE(SUM(MAX(r.initial_styrofoam - COALESCE(e.removed, 0), 0)), 0),
                    COALESCE(SUM(COALESCE(e.hdpe, 0)), 0)
             FROM rafts r
             JOIN households h ON h.id = r.household_id
             LEFT JOIN (SELECT raft_id, SUM(styrofoam_removed) AS removed,
                               SUM(CASE WHEN installed_material = 'hdpe' THEN installed ELSE 0 END) AS hdpe
                        FROM events WHERE kind = 'float_replacement' AND ",
            super::events::not_voided!(),
            "
                        GROUP BY raft_id) e ON e.raft_id = r.id
             WHERE r.deleted = 0 AND h.deleted = 0 GROUP BY h.admin_unit_code"
        ))?;
        let rows = ledger.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (unit, remaining, hdpe_installed) = row?;
            if let Some(w) = ward_of(&mut wards, units, &unit) {
                w.styrofoam_remaining += u64::try_from(remaining).unwrap_or(0);
                w.hdpe_installed += u64::try_from(hdpe_installed).unwrap_or(0);
            }
        }
        Ok(wards)
    }
}

fn ward_of<'a>(
    wards: &'a mut [WardProgress],
    units: &[tidemark_domain::admin::AdminUnit],
    unit: &str,
) -> Option<&'a mut WardProgress> {
    let code = current_ward_code(units, unit)?;
    wards.iter_mut().find(|w| w.ward_code == code)
}
