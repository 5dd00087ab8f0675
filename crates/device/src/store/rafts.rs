//! Raft rows, and their float totals from the replacement ledger.
//!
//! A raft is stored as columns, one per field (migration 0007); the
//! position's columns are all NULL or all set.

use rusqlite::{params, Connection, Row};
use tidemark_domain::entities::{FloatCounts, Raft, RaftKind, RaftStatus, Species};
use tidemark_domain::events::InstalledMaterial;
use tidemark_domain::ids::{HouseholdId, RaftId};
use tidemark_domain::ledger::{float_totals, FloatTotals, LedgerEntry};
use tidemark_domain::sync::{EntityKind, MutationOp};
use tidemark_domain::values::{Count, Meters, Position, PositionSource};

use super::demo_records::Record;
use super::document::changed_fields;
use super::statements::IdText;
use super::{RowWrite, Store, WriteTx};
use crate::dto::RaftSummary;
use crate::error::DeviceError;

/// The columns `read_raft` reads, in its order (a macro, so that queries
/// are built with `concat!` instead of at every call).
macro_rules! raft_columns {
    () => {
        "id, household_id, local_tag, kind, cell_count, length_m, width_m, species,
         lat, lon, accuracy_m, position_source, position_offset, waterway, zone, status,
         initial_styrofoam, initial_hdpe, initial_other, created_at, updated_at, created_by, device_id"
    };
}

fn corrupt(what: &str, value: impl std::fmt::Debug) -> DeviceError {
    DeviceError::Corrupt(format!("raft {what} {value:?}"))
}

fn count(what: &str, n: i64) -> Result<Count, DeviceError> {
    u32::try_from(n)
        .ok()
        .and_then(|n| Count::new(n).ok())
        .ok_or_else(|| corrupt(what, n))
}

fn meters(what: &str, m: Option<f64>) -> Result<Option<Meters>, DeviceError> {
    m.map(|m| Meters::new(m).map_err(|_| corrupt(what, m)))
        .transpose()
}

/// A raft from a row selected with `raft_columns!()`.
pub(super) fn read_raft(r: &Row<'_>) -> Result<Raft, DeviceError> {
    let id: String = r.get(0)?;
    let household: String = r.get(1)?;
    let kind: String = r.get(3)?;
    let species: String = r.get(7)?;
    let status: String = r.get(15)?;
    let position = match (
        r.get::<_, Option<f64>>(8)?,
        r.get::<_, Option<f64>>(9)?,
        r.get::<_, Option<f64>>(10)?,
        r.get::<_, Option<String>>(11)?,
    ) {
        (Some(lat), Some(lon), Some(accuracy_m), Some(source)) => {
            let source = PositionSource::from_wire(&source)
                .ok_or_else(|| corrupt("position source", &source))?;
            let mut position = Position::new(lat, lon, accuracy_m, source)
                .map_err(|_| corrupt("position", (lat, lon, accuracy_m)))?;
            position.offset = r
                .get::<_, Option<String>>(12)?
                .map(|json| serde_json::from_str(&json))
                .transpose()?;
            Some(position)
        }
        (None, None, None, None) => None,
        partial => return Err(corrupt("position", partial)),
    };
    Ok(Raft {
        id: id.parse().map_err(|_| corrupt("id", &id))?,
        household_id: household
            .parse()
            .map_err(|_| corrupt("household id", &household))?,
        local_tag: r.get(2)?,
        kind: RaftKind::from_wire(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        cell_count: count("cell count", r.get(4)?)?,
        length_m: meters("length", r.get(5)?)?,
        width_m: meters("width", r.get(6)?)?,
        species: Species::from_wire(&species).ok_or_else(|| corrupt("species", &species))?,
        position,
        waterway: r.get(13)?,
        zone: r.get(14)?,
        status: RaftStatus::from_wire(&status).ok_or_else(|| corrupt("status", &status))?,
        initial_floats: FloatCounts {
            styrofoam: count("styrofoam", r.get(16)?)?,
            hdpe: count("hdpe", r.get(17)?)?,
            other_compliant: count("other floats", r.get(18)?)?,
        },
        meta: super::read_meta(r, 19)?,
    })
}

/// Writes every column of `raft`, as a new row or over the row with its
/// id. `server_version` is the change-log version it comes from; a local
/// write passes None, which keeps the version the row had.
pub(super) fn write_raft(
    statements: &mut super::statements::Statements<'_>,
    raft: &Raft,
    row: RowWrite,
    server_version: Option<u64>,
) -> Result<(), DeviceError> {
    let position = raft.position.as_ref();
    let offset = position
        .and_then(|p| p.offset.as_ref())
        .map(serde_json::to_string)
        .transpose()?;
    // Two statements, not one upsert: an upsert makes SQLite keep a
    // statement journal, a copy of every page each insert touches.
    let sql = match row {
        RowWrite::New => {
            "INSERT INTO rafts (id, household_id, local_tag, kind, cell_count, length_m, width_m, species,
               lat, lon, accuracy_m, position_source, position_offset, waterway, zone, status,
               initial_styrofoam, initial_hdpe, initial_other, created_at, updated_at, created_by, device_id,
               server_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
               ?20, ?21, ?22, ?23, ?24)"
        }
        RowWrite::Existing => {
            "UPDATE rafts SET household_id = ?2, local_tag = ?3, kind = ?4, cell_count = ?5, length_m = ?6,
               width_m = ?7, species = ?8, lat = ?9, lon = ?10, accuracy_m = ?11, position_source = ?12,
               position_offset = ?13, waterway = ?14, zone = ?15, status = ?16, initial_styrofoam = ?17,
               initial_hdpe = ?18, initial_other = ?19, created_at = ?20, updated_at = ?21, created_by = ?22,
               device_id = ?23, server_version = COALESCE(?24, server_version)
             WHERE id = ?1"
        }
    };
    statements.get(sql)?.execute(params![
        IdText::of(raft.id.as_uuid()),
        IdText::of(raft.household_id.as_uuid()),
        raft.local_tag,
        raft.kind.as_str(),
        raft.cell_count.get(),
        raft.length_m.map(Meters::get),
        raft.width_m.map(Meters::get),
        raft.species.as_str(),
        position.map(|p| p.lat),
        position.map(|p| p.lon),
        position.map(|p| p.accuracy_m),
        position.map(|p| p.source.as_str()),
        offset,
        raft.waterway,
        raft.zone,
        raft.status.as_str(),
        raft.initial_floats.styrofoam.get(),
        raft.initial_floats.hdpe.get(),
        raft.initial_floats.other_compliant.get(),
        raft.meta.created_at,
        raft.meta.updated_at,
        raft.meta.created_by,
        IdText::of(raft.meta.device_id.as_uuid()),
        server_version.map(|v| v as i64),
    ])?;
    Ok(())
}

/// The raft with this id; a deleted one only when `with_deleted`.
pub(super) fn get_any(
    conn: &Connection,
    id: &str,
    with_deleted: bool,
) -> Result<Option<Raft>, DeviceError> {
    let sql = if with_deleted {
        concat!("SELECT ", raft_columns!(), " FROM rafts WHERE id = ?1")
    } else {
        concat!(
            "SELECT ",
            raft_columns!(),
            " FROM rafts WHERE id = ?1 AND deleted = 0"
        )
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([id])?;
    rows.next()?.map(read_raft).transpose()
}

pub(super) fn get(conn: &Connection, id: RaftId) -> Result<Option<Raft>, DeviceError> {
    get_any(conn, &id.to_string(), false)
}

/// The raft's current floats: initial counts plus its replacement ledger.
pub(super) fn totals(conn: &Connection, raft: &Raft) -> Result<FloatTotals, DeviceError> {
    let (removed, hdpe, other): (i64, i64, i64) = conn
        .prepare_cached(concat!(
            "SELECT COALESCE(SUM(styrofoam_removed), 0),
                    COALESCE(SUM(CASE WHEN installed_material = 'hdpe' THEN installed END), 0),
                    COALESCE(SUM(CASE WHEN installed_material = 'other_compliant' THEN installed END), 0)
             FROM events WHERE raft_id = ?1 AND kind = 'float_replacement' AND ",
            super::events::not_voided!()
        ))?
        .query_row([raft.id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let entry = |removed: i64, installed: i64, material| LedgerEntry {
        styrofoam_removed: u64::try_from(removed).unwrap_or(0),
        installed: u64::try_from(installed).unwrap_or(0),
        installed_material: material,
    };
    Ok(float_totals(
        &raft.initial_floats,
        [
            entry(removed, hdpe, InstalledMaterial::Hdpe),
            entry(0, other, InstalledMaterial::OtherCompliant),
        ],
    ))
}

impl WriteTx<'_> {
    pub fn raft(&self, id: RaftId) -> Result<Option<Raft>, DeviceError> {
        get(self.tx, id)
    }

    pub fn insert_raft(&mut self, raft: &Raft) -> Result<(), DeviceError> {
        if !self.new_raft_is_demo(raft.id, raft.household_id)? {
            self.append_creation(EntityKind::Raft, raft.id.as_uuid())?;
        }
        write_raft(&mut self.statements, raft, RowWrite::New, None)
    }

    /// Stores an edit of a raft; the mutation carries the changed fields only.
    pub fn update_raft(&mut self, old: &Raft, new: &Raft) -> Result<bool, DeviceError> {
        let fields = changed_fields(old, new)?;
        if fields.is_empty() {
            return Ok(false);
        }
        self.append_record_change(Record::Raft(new.id), MutationOp::Upsert { fields })?;
        write_raft(&mut self.statements, new, RowWrite::Existing, None)?;
        Ok(true)
    }

    /// Marks a raft deleted; its events stay (they happened).
    pub fn tombstone_raft(&mut self, id: RaftId) -> Result<(), DeviceError> {
        self.append_record_change(Record::Raft(id), MutationOp::Tombstone)?;
        let now = self.now().to_owned();
        self.tx.execute(
            "UPDATE rafts SET deleted = 1, updated_at = ?2 WHERE id = ?1",
            params![id.to_string(), now],
        )?;
        Ok(())
    }
}

impl Store {
    pub fn raft(&self, id: RaftId) -> Result<Option<Raft>, DeviceError> {
        get(self.conn(), id)
    }

    pub fn float_totals(&self, raft: &Raft) -> Result<FloatTotals, DeviceError> {
        totals(self.conn(), raft)
    }

    /// The live rafts of a household, by tag.
    pub fn rafts_of(
        &self,
        household_id: HouseholdId,
        household_name: &str,
        demo: bool,
    ) -> Result<Vec<RaftSummary>, DeviceError> {
        let mut stmt = self.conn().prepare_cached(concat!(
            "SELECT ",
            raft_columns!(),
            " FROM rafts WHERE household_id = ?1 AND deleted = 0 ORDER BY local_tag"
        ))?;
        let mut rows = stmt.query([household_id.to_string()])?;
        let mut rafts = Vec::new();
        while let Some(row) = rows.next()? {
            rafts.push(read_raft(row)?);
        }
        rafts
            .into_iter()
            .map(|raft| {
                Ok(RaftSummary {
                    floats: totals(self.conn(), &raft)?,
                    id: raft.id,
                    household_id: raft.household_id,
                    household_name: household_name.to_owned(),
                    local_tag: raft.local_tag,
                    kind: raft.kind,
                    species: raft.species,
                    status: raft.status,
                    demo,
                })
            })
            .collect()
    }
}

impl Store {
    /// Every live raft, by household and tag (for export).
    pub fn all_rafts(&self) -> Result<Vec<Raft>, DeviceError> {
        let mut stmt = self.conn().prepare(concat!(
            "SELECT ",
            raft_columns!(),
            " FROM rafts WHERE deleted = 0 ORDER BY household_id, local_tag"
        ))?;
        let mut rows = stmt.query([])?;
        let mut rafts = Vec::new();
        while let Some(row) = rows.next()? {
            rafts.push(read_raft(row)?);
        }
        Ok(rafts)
    }
}
