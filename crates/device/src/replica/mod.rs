//! The operations an inspector performs, shared by the app and the CLI:
//! parse the input, then store the record and its outbox mutation in one
//! transaction.

use chrono::{Local, NaiveDate};
use std::path::{Path, PathBuf};
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{Household, Raft, RaftStatus};
use tidemark_domain::events::{
    FloatReplacement, Inspection, RaftEvent, Relocation, RelocationState,
};
use tidemark_domain::ids::{EventId, HouseholdId, RaftId};
use tidemark_domain::input::{
    FloatReplacementInput, HouseholdInput, InspectionInput, RaftInput, RelocationInput,
};
use tidemark_domain::photo::{PhotoMoment, Sha256Hex};
use tidemark_domain::search::fold;
use tidemark_domain::values::Position;
use tidemark_domain::zone::{check_position, Zone, ZoneCheck};

use crate::dto::{
    AppInfo, DemoLoaded, HouseholdDetail, HouseholdSummary, RaftDetail, Saved, WardProgress,
};
use crate::error::DeviceError;
use crate::store::{Store, DB_FILE};

mod evidence;
mod voids;

pub use evidence::PhotoStaging;

/// How many households a search returns at most (the UI's `SEARCH_LIMIT`
/// says so when a list is that long).
pub const SEARCH_LIMIT: u32 = 500;

#[derive(Debug)]
pub struct Replica {
    store: Store,
    data_dir: Option<PathBuf>,
}

fn parse_id<T: std::str::FromStr<Err = tidemark_domain::ParseError>>(
    field: &str,
    raw: &str,
) -> Result<T, DeviceError> {
    raw.parse().map_err(|e| DeviceError::invalid(field, e))
}

fn not_found(entity: &'static str, id: impl ToString) -> DeviceError {
    DeviceError::NotFound {
        entity,
        id: id.to_string(),
    }
}

/// An edit form sends a position back as typed text, which parses as
/// "manual". When the figures did not change, the stored position (with its
/// real source) stays.
fn keep_provenance(typed: Option<Position>, stored: Option<Position>) -> Option<Position> {
    match (typed, stored) {
        (Some(t), Some(s)) if t.lat == s.lat && t.lon == s.lon && t.accuracy_m == s.accuracy_m => {
            Some(s)
        }
        (typed, _) => typed,
    }
}

/// The zone a person named: by code (any case), or by its name ignoring
/// case and diacritics.
fn zone_named<'z>(zones: &'z [Zone], given: &str) -> Option<&'z Zone> {
    let folded = fold(given);
    zones
        .iter()
        .find(|z| z.code.eq_ignore_ascii_case(given.trim()))
        .or_else(|| zones.iter().find(|z| fold(&z.name) == folded))
}

/// Where a raft stands once moved: relocated when it lies in its target
/// zone (or, without a target, in any zone); outside_zone, still to move,
/// when the check says it does not. Without zones on the device nothing
/// can be checked, and the inspector's word stands.
fn completed_status(
    zones: &[Zone],
    target_zone: Option<&str>,
    inside_target_zone: Option<bool>,
    to: Option<Position>,
) -> RaftStatus {
    let inside = match (target_zone, inside_target_zone) {
        (_, Some(inside)) => inside,
        (None, None) => !matches!(
            check_position(zones, to.as_ref()),
            ZoneCheck::OutsideEveryZone
        ),
        (Some(_), None) => true,
    };
    if inside {
        RaftStatus::Relocated
    } else {
        RaftStatus::OutsideZone
    }
}

/// The photos a form attaches, as addresses; a malformed one is a field
/// error.
fn attachments(
    photos: &[tidemark_domain::input::PhotoAttachment],
) -> Result<Vec<(Sha256Hex, PhotoMoment)>, DeviceError> {
    photos
        .iter()
        .map(|p| {
            p.sha256
                .parse()
                .map(|sha| (sha, p.moment))
                .map_err(|e| DeviceError::invalid("photos", e))
        })
        .collect()
}

/// The device's calendar day: field dates are checked against it.
fn today() -> NaiveDate {
    Local::now().date_naive()
}

impl Replica {
    /// Opens the replica kept in `data_dir`, creating it on first use.
    pub fn open(data_dir: &Path) -> Result<Self, DeviceError> {
        Ok(Self {
            store: Store::open(&data_dir.join(DB_FILE))?,
            data_dir: Some(data_dir.to_owned()),
        })
    }

    pub fn open_in_memory() -> Result<Self, DeviceError> {
        Ok(Self {
            store: Store::open_in_memory()?,
            data_dir: None,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    fn saved(&self, id: impl ToString) -> Result<Saved, DeviceError> {
        Ok(Saved {
            id: id.to_string(),
            pending_sync: self.store.pending_sync()?,
        })
    }

    pub fn app_info(&self) -> Result<AppInfo, DeviceError> {
        let demo_loaded: bool = self.store.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM households WHERE demo = 1 AND deleted = 0)",
            [],
            |r| r.get(0),
        )?;
        Ok(AppInfo {
            device_id: self.store.device_id().to_string(),
            data_dir: self
                .data_dir
                .as_deref()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            demo_loaded,
            pending_sync: self.store.pending_sync()?,
            needs_attention: self.store.needs_attention_count()?,
        })
    }

    pub fn admin_units(&self) -> Vec<AdminUnit> {
        self.store.admin_units().to_vec()
    }

    fn unit_name(&self, code: &str) -> String {
        self.store
            .admin_units()
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn search_households(&self, query: &str) -> Result<Vec<HouseholdSummary>, DeviceError> {
        self.store.search_households(query, SEARCH_LIMIT)
    }

    pub fn household(&self, id: &str) -> Result<Household, DeviceError> {
        let id: HouseholdId = parse_id("id", id)?;
        self.store
            .household(id)?
            .ok_or_else(|| not_found("household", id))
    }

    pub fn household_detail(&self, id: &str) -> Result<HouseholdDetail, DeviceError> {
        let household = self.household(id)?;
        let rafts =
            self.store
                .rafts_of(household.id, household.full_name.as_str(), household.demo)?;
        Ok(HouseholdDetail {
            admin_unit_name: self.unit_name(&household.admin_unit_code),
            household,
            rafts,
        })
    }

    /// Creates a household (`id` None) or edits one.
    pub fn save_household(
        &mut self,
        id: Option<&str>,
        input: &HouseholdInput,
    ) -> Result<Saved, DeviceError> {
        let draft = input.parse(self.store.admin_units())?;
        let units = self.store.admin_units().to_vec();
        let id: Option<HouseholdId> = id.map(|id| parse_id("id", id)).transpose()?;
        let saved_id = self.store.write(|tx| {
            // Read inside the write lock: another process (the CLI beside
            // the app) may have changed the record since.
            let existing = id
                .map(|id| tx.household(id)?.ok_or_else(|| not_found("household", id)))
                .transpose()?;
            let (id, demo, meta) = match &existing {
                Some(old) => (old.id, old.demo, tx.new_meta_for_edit(&old.meta)),
                None => (HouseholdId::new(), false, tx.new_meta()),
            };
            let household = Household {
                id,
                full_name: draft.full_name,
                cccd: draft.cccd,
                phone: draft.phone,
                village: draft.village,
                admin_unit_code: draft.admin_unit_code,
                cooperative: draft.cooperative,
                demo,
                meta,
            };
            match &existing {
                Some(old) => tx.update_household(old, &household, &units)?,
                None => {
                    tx.insert_household(&household, &units)?;
                    true
                }
            };
            Ok(id)
        })?;
        self.saved(saved_id)
    }

    pub fn delete_household(&mut self, id: &str) -> Result<Saved, DeviceError> {
        let household = self.household(id)?;
        self.store
            .write(|tx| tx.tombstone_household(household.id))?;
        self.saved(household.id)
    }

    pub fn raft(&self, id: &str) -> Result<Raft, DeviceError> {
        let id: RaftId = parse_id("raft_id", id)?;
        self.store.raft(id)?.ok_or_else(|| not_found("raft", id))
    }

    pub fn raft_detail(&self, id: &str) -> Result<RaftDetail, DeviceError> {
        let raft = self.raft(id)?;
        let household = self
            .store
            .household(raft.household_id)?
            .ok_or_else(|| not_found("household", raft.household_id))?;
        Ok(RaftDetail {
            zone_check: check_position(&self.store.zones()?, raft.position.as_ref()),
            floats: self.store.float_totals(&raft)?,
            history: self.store.history(raft.id)?,
            household_name: household.full_name.to_string(),
            admin_unit_name: self.unit_name(&household.admin_unit_code),
            demo: household.demo,
            raft,
        })
    }

    /// Creates a raft (`id` None) or edits one.
    pub fn save_raft(&mut self, id: Option<&str>, input: &RaftInput) -> Result<Saved, DeviceError> {
        let draft = input.parse()?;
        if self.store.household(draft.household_id)?.is_none() {
            return Err(DeviceError::invalid(
                "household_id",
                tidemark_domain::ParseError::new(
                    "household.unknown",
                    "Không tìm thấy hộ nuôi",
                    "Household not found",
                ),
            ));
        }
        let id: Option<RaftId> = id.map(|id| parse_id("raft_id", id)).transpose()?;
        let saved_id = self.store.write(|tx| {
            let existing = id
                .map(|id| tx.raft(id)?.ok_or_else(|| not_found("raft", id)))
                .transpose()?;
            let (id, meta) = match &existing {
                Some(old) => (old.id, tx.new_meta_for_edit(&old.meta)),
                None => (RaftId::new(), tx.new_meta()),
            };
            let raft = Raft {
                id,
                household_id: draft.household_id,
                local_tag: draft.local_tag,
                kind: draft.kind,
                cell_count: draft.cell_count,
                length_m: draft.length_m,
                width_m: draft.width_m,
                species: draft.species,
                position: keep_provenance(
                    draft.position,
                    existing.as_ref().and_then(|r| r.position),
                ),
                waterway: draft.waterway,
                zone: draft.zone,
                status: draft.status,
                initial_floats: draft.initial_floats,
                meta,
            };
            match &existing {
                Some(old) => {
                    tx.update_raft(old, &raft)?;
                }
                None => tx.insert_raft(&raft)?,
            }
            Ok(id)
        })?;
        self.saved(saved_id)
    }

    pub fn delete_raft(&mut self, id: &str) -> Result<Saved, DeviceError> {
        let raft = self.raft(id)?;
        self.store.write(|tx| tx.tombstone_raft(raft.id))?;
        self.saved(raft.id)
    }

    pub fn log_float_replacement(
        &mut self,
        input: &FloatReplacementInput,
    ) -> Result<Saved, DeviceError> {
        let d = input.parse(today())?;
        let photos = attachments(&input.photos)?;
        self.raft(&d.raft_id.to_string())?;
        let id = EventId::new();
        self.store.write(|tx| {
            let photos = tx.attach_photos(d.raft_id, id, &photos)?;
            let event = FloatReplacement {
                photos,
                id,
                raft_id: d.raft_id,
                date: d.date,
                styrofoam_removed: d.styrofoam_removed,
                installed: d.installed,
                installed_material: d.installed_material,
                supplier: d.supplier,
                batch: d.batch,
                disposal: d.disposal,
                subsidy_vnd: d.subsidy_vnd,
                note: d.note,
                meta: tx.new_meta(),
            };
            tx.append_event(&RaftEvent::FloatReplacement(event))
        })?;
        self.saved(id)
    }

    /// Logs a relocation step; the raft's status (and, once completed, its
    /// position) follow in the same transaction. With zones on the device,
    /// the destination is checked against the target zone offline: a
    /// completed relocation that ends outside it leaves the raft
    /// `outside_zone`, still to be moved.
    pub fn log_relocation(&mut self, input: &RelocationInput) -> Result<Saved, DeviceError> {
        let d = input.parse(today())?;
        let zones = self.store.zones()?;
        let target = match &d.target_zone {
            Some(given) if !zones.is_empty() => {
                Some(zone_named(&zones, given).ok_or_else(|| {
                    DeviceError::invalid(
                        "target_zone",
                        tidemark_domain::ParseError::new(
                            "relocation.unknown_zone",
                            format!("Không có vùng nuôi «{given}» trên máy này"),
                            format!("No farming zone «{given}» on this device"),
                        ),
                    )
                })?)
            }
            _ => None,
        };
        let inside_target_zone = target.zip(d.to).map(|(z, to)| z.area.contains(&to));
        let photos = attachments(&input.photos)?;
        let id = EventId::new();
        self.store.write(|tx| {
            let photos = tx.attach_photos(d.raft_id, id, &photos)?;
            let raft = tx
                .raft(d.raft_id)?
                .ok_or_else(|| not_found("raft", d.raft_id))?;
            let from = d.from.or(raft.position);
            let target_zone = target.map(|z| z.code.clone()).or(d.target_zone.clone());
            let event = Relocation {
                id,
                raft_id: d.raft_id,
                date: d.date,
                state: d.state,
                distance_m: from
                    .zip(d.to)
                    .map(|(a, b)| (a.distance_m(&b) * 10.0).round() / 10.0),
                from,
                to: d.to,
                target_zone: target_zone.clone(),
                deadline: d.deadline,
                inside_target_zone,
                note: d.note,
                photos,
                meta: tx.new_meta(),
            };
            tx.append_event(&RaftEvent::Relocation(event))?;
            let mut moved = raft.clone();
            moved.status = match d.state {
                RelocationState::Ordered => RaftStatus::MustRelocate,
                RelocationState::Started => RaftStatus::Relocating,
                RelocationState::Completed => {
                    completed_status(&zones, target_zone.as_deref(), inside_target_zone, d.to)
                }
                RelocationState::Dismantled => RaftStatus::Dismantled,
            };
            if d.state == RelocationState::Completed {
                moved.position = d.to.or(moved.position);
                moved.zone = target_zone.or(moved.zone);
            }
            moved.meta = tx.new_meta_for_edit(&raft.meta);
            tx.update_raft(&raft, &moved)?;
            Ok(())
        })?;
        self.saved(id)
    }

    pub fn log_inspection(&mut self, input: &InspectionInput) -> Result<Saved, DeviceError> {
        let d = input.parse(today())?;
        let photos = attachments(&input.photos)?;
        self.raft(&d.raft_id.to_string())?;
        let id = EventId::new();
        self.store.write(|tx| {
            let photos = tx.attach_photos(d.raft_id, id, &photos)?;
            let event = Inspection {
                id,
                raft_id: d.raft_id,
                number: d.number,
                date: d.date,
                position: d.position,
                inspectors: d.inspectors,
                witnesses: d.witnesses,
                findings: d.findings,
                floats_seen: d.floats_seen,
                violations: d.violations,
                remedy: d.remedy,
                refused_to_sign: d.refused_to_sign,
                photos,
                meta: tx.new_meta(),
            };
            tx.append_event(&RaftEvent::Inspection(event))
        })?;
        self.saved(id)
    }

    pub fn ward_progress(&self) -> Result<Vec<WardProgress>, DeviceError> {
        self.store.ward_progress()
    }

    pub fn load_demo_data(&mut self) -> Result<DemoLoaded, DeviceError> {
        crate::demo::load(&mut self.store, today())
    }

    /// Removes the demo dataset, what was done to it and its photos' files,
    /// so that a trained inspector starts on a clean device.
    pub fn remove_demo_data(&mut self) -> Result<crate::store::DemoRemoved, DeviceError> {
        let (removed, photos) = self.store.remove_demo_records()?;
        self.remove_photo_files(&photos);
        Ok(removed)
    }
}
