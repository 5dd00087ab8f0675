//! A made-up demo dataset for training and trying the app. Every household
//! is flagged `demo` (shown with a DEMO label), names use the word "Mẫu"
//! (sample) so they cannot be mistaken for real people, and no CCCD or phone
//! number is invented.

use chrono::{Duration, NaiveDate};
use tidemark_domain::entities::{FloatCounts, Household, Raft, RaftKind, RaftStatus, Species};
use tidemark_domain::events::{
    Disposal, FloatReplacement, Inspection, InstalledMaterial, RaftEvent, Relocation,
    RelocationState,
};
use tidemark_domain::ids::{EventId, HouseholdId, RaftId};
use tidemark_domain::values::{
    Count, FieldDate, Meters, PersonName, Position, PositionSource, Vnd,
};

use crate::dto::DemoLoaded;
use crate::error::DeviceError;
use crate::store::Store;

const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Phạm", "Vũ", "Đỗ", "Hoàng"];
const GIVEN: [&str; 7] = ["An", "Bình", "Cường", "Dung", "Hải", "Lan", "Tâm"];
const VILLAGES: [&str; 5] = [
    "Khu 1",
    "Khu 3",
    "Thôn Đồng Cốc",
    "Thôn Hoàng Tân",
    "Khu Bến Cờ",
];

/// A tiny deterministic generator, so the demo is the same on every device.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(below.max(1))) as u32
    }
}

fn count(n: u32) -> Result<Count, DeviceError> {
    Count::new(n).map_err(|e| DeviceError::invalid("demo", e))
}

/// Loads the demo dataset unless it is already there.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<DemoLoaded, DeviceError> {
    let present: bool = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM households WHERE demo = 1 AND deleted = 0)",
        [],
        |r| r.get(0),
    )?;
    if present {
        return Ok(DemoLoaded {
            households: 0,
            rafts: 0,
            events: 0,
        });
    }
    let units = store.admin_units().to_vec();
    // Every current ward, plus two pre-2025 units to show the roll-up.
    let mut unit_codes: Vec<String> = units
        .iter()
        .filter(|u| u.is_current())
        .map(|u| u.code.clone())
        .collect();
    unit_codes.extend(["QY-HOANG-TAN-2011".to_owned(), "QY-CAM-LA-2011".to_owned()]);
    let mut rng = Lcg(2026);
    let mut loaded = DemoLoaded {
        households: 0,
        rafts: 0,
        events: 0,
    };
    store.write(|tx| {
        for (i, unit) in unit_codes.iter().enumerate() {
            for j in 0..2 {
                let n = i * 2 + j;
                let name = format!(
                    "{} Mẫu {}",
                    FAMILY[n % FAMILY.len()],
                    GIVEN[n % GIVEN.len()]
                );
                let household = Household {
                    id: HouseholdId::new(),
                    full_name: PersonName::parse(&name)
                        .map_err(|e| DeviceError::invalid("demo", e))?,
                    cccd: None,
                    phone: None,
                    village: VILLAGES[n % VILLAGES.len()].to_owned(),
                    admin_unit_code: unit.clone(),
                    cooperative: (n % 3 == 0).then(|| "HTX Nuôi hàu Mẫu".to_owned()),
                    demo: true,
                    meta: tx.new_meta(),
                };
                tx.insert_household(&household, &units)?;
                loaded.households += 1;
                for k in 0..(1 + rng.next(3)) {
                    let status = match rng.next(6) {
                        0 => RaftStatus::MustRelocate,
                        1 => RaftStatus::OutsideZone,
                        _ => RaftStatus::RegisteredInZone,
                    };
                    let position = Position::new(
                        20.86 + f64::from(rng.next(1000)) / 10_000.0,
                        106.80 + f64::from(rng.next(1000)) / 10_000.0,
                        f64::from(3 + rng.next(12)),
                        PositionSource::Device,
                    )
                    .map_err(|e| DeviceError::invalid("demo", e))?;
                    let styrofoam = 120 + rng.next(480);
                    let raft = Raft {
                        id: RaftId::new(),
                        household_id: household.id,
                        local_tag: format!("QY-{:02}-{}", n + 1, k + 1),
                        kind: if k % 2 == 0 {
                            RaftKind::BambooRaft
                        } else {
                            RaftKind::HangingLines
                        },
                        cell_count: count(4 + rng.next(20))?,
                        length_m: Meters::new(f64::from(8 + rng.next(12))).ok(),
                        width_m: Meters::new(f64::from(6 + rng.next(8))).ok(),
                        species: if rng.next(4) == 0 {
                            Species::Clam
                        } else {
                            Species::EstuarineOyster
                        },
                        position: Some(position),
                        waterway: Some("Sông Chanh".to_owned()),
                        zone: (status == RaftStatus::RegisteredInZone)
                            .then(|| "Vùng nuôi mẫu số 1".to_owned()),
                        status,
                        initial_floats: FloatCounts {
                            styrofoam: count(styrofoam)?,
                            hdpe: count(rng.next(40))?,
                            other_compliant: Count::ZERO,
                        },
                        meta: tx.new_meta(),
                    };
                    tx.insert_raft(&raft)?;
                    loaded.rafts += 1;
                    let date = |days: u32| {
                        FieldDate::try_from(
                            (today - Duration::days(i64::from(days)))
                                .format("%Y-%m-%d")
                                .to_string(),
                        )
                    };
                    if rng.next(3) > 0 {
                        let removed = styrofoam / (2 + rng.next(3));
                        tx.append_event(&RaftEvent::FloatReplacement(FloatReplacement {
                            id: EventId::new(),
                            raft_id: raft.id,
                            date: date(30 + rng.next(60))
                                .map_err(|e| DeviceError::invalid("demo", e))?,
                            styrofoam_removed: count(removed)?,
                            installed: count(removed * 4 / 5)?,
                            installed_material: InstalledMaterial::Hdpe,
                            supplier: Some("Nhà cung cấp phao mẫu".to_owned()),
                            batch: Some(format!("LÔ-MẪU-{:03}", rng.next(999))),
                            disposal: Disposal::Collected,
                            subsidy_vnd: Vnd::new(i64::from(removed) * 15_000)
                                .map_err(|e| DeviceError::invalid("demo", e))?,
                            note: None,
                            photos: Vec::new(),
                            meta: tx.new_meta(),
                        }))?;
                        loaded.events += 1;
                    }
                    if status == RaftStatus::MustRelocate {
                        tx.append_event(&RaftEvent::Relocation(Relocation {
                            id: EventId::new(),
                            raft_id: raft.id,
                            date: date(20).map_err(|e| DeviceError::invalid("demo", e))?,
                            state: RelocationState::Ordered,
                            from: Some(position),
                            to: None,
                            target_zone: Some("Vùng nuôi mẫu số 1".to_owned()),
                            deadline: FieldDate::try_from(
                                (today + Duration::days(60)).format("%Y-%m-%d").to_string(),
                            )
                            .ok(),
                            distance_m: None,
                            inside_target_zone: None,
                            note: Some("Bè nằm trong luồng, phải di dời (dữ liệu mẫu)".to_owned()),
                            photos: Vec::new(),
                            meta: tx.new_meta(),
                        }))?;
                        loaded.events += 1;
                    }
                    if rng.next(2) == 0 {
                        tx.append_event(&RaftEvent::Inspection(Inspection {
                            id: EventId::new(),
                            raft_id: raft.id,
                            number: format!("{:02}/BB-MẪU", n + 1),
                            date: date(10 + rng.next(10))
                                .map_err(|e| DeviceError::invalid("demo", e))?,
                            position: Some(position),
                            inspectors: vec![PersonName::parse("Cán Bộ Mẫu")
                                .map_err(|e| DeviceError::invalid("demo", e))?],
                            witnesses: vec![],
                            findings: "Kiểm tra phao và vị trí lồng bè (dữ liệu mẫu)".to_owned(),
                            floats_seen: None,
                            violations: vec![],
                            remedy: None,
                            refused_to_sign: false,
                            photos: Vec::new(),
                            meta: tx.new_meta(),
                        }))?;
                        loaded.events += 1;
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(loaded)
}
