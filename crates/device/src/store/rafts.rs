//! Raft rows, and their float totals from the replacement ledger.

use rusqlite::{params, Connection, OptionalExtension};
use tidemark_domain::entities::{FloatCounts, Raft};
use tidemark_domain::events::InstalledMaterial;
use tidemark_domain::ids::{HouseholdId, RaftId};
use tidemark_domain::ledger::{float_totals, FloatTotals, LedgerEntry};
use tidemark_domain::sync::{EntityKind, MutationOp};

use super::document::{changed_fields, creation_fields, creation_stamps, restamp};
use super::{Store, WriteTx};
use crate::dto::RaftSummary;
use crate::error::DeviceError;

pub(super) fn status_text(raft: &Raft) -> Result<String, DeviceError> {
    Ok(serde_json::to_value(raft.status)?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

pub(super) fn get(conn: &Connection, id: RaftId) -> Result<Option<Raft>, DeviceError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM rafts WHERE id = ?1 AND deleted = 0")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    body.map(|b| serde_json::from_str(&b).map_err(DeviceError::from))
        .transpose()
}

/// The raft's current floats: initial counts plus its replacement ledger.
pub(super) fn totals(conn: &Connection, raft: &Raft) -> Result<FloatTotals, DeviceError> {
    let (removed, hdpe, other): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(styrofoam_removed), 0),
                    COALESCE(SUM(CASE WHEN installed_material = 'hdpe' THEN installed END), 0),
                    COALESCE(SUM(CASE WHEN installed_material = 'other_compliant' THEN installed END), 0)
             FROM events WHERE raft_id = ?1 AND kind = 'float_replacement'",
        )?
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

fn insert_row(
    tx: &rusqlite::Transaction<'_>,
    raft: &Raft,
    stamps: &str,
) -> Result<(), DeviceError> {
    let FloatCounts {
        styrofoam,
        hdpe,
        other_compliant,
    } = raft.initial_floats;
    tx.prepare_cached(
        "INSERT INTO rafts (id, household_id, body, local_tag, status, initial_styrofoam, initial_hdpe, initial_other, updated_at, field_stamps)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        raft.id.to_string(),
        raft.household_id.to_string(),
        serde_json::to_string(raft)?,
        raft.local_tag,
        status_text(raft)?,
        styrofoam.get(),
        hdpe.get(),
        other_compliant.get(),
        raft.meta.updated_at,
        stamps,
    ])?;
    Ok(())
}

impl WriteTx<'_> {
    pub fn raft(&self, id: RaftId) -> Result<Option<Raft>, DeviceError> {
        get(&self.tx, id)
    }

    pub fn insert_raft(&mut self, raft: &Raft) -> Result<(), DeviceError> {
        let fields = creation_fields(raft)?;
        let hlc = self.append_mutation(
            EntityKind::Raft,
            raft.id.as_uuid(),
            None,
            MutationOp::Upsert { fields },
        )?;
        insert_row(&self.tx, raft, &creation_stamps(hlc))
    }

    /// Stores an edit of a raft; the mutation carries the changed fields only.
    pub fn update_raft(&mut self, old: &Raft, new: &Raft) -> Result<bool, DeviceError> {
        let fields = changed_fields(old, new)?;
        if fields.is_empty() {
            return Ok(false);
        }
        let (stamps, base): (String, Option<i64>) = self.tx.query_row(
            "SELECT field_stamps, server_version FROM rafts WHERE id = ?1",
            [new.id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let hlc = self.append_mutation(
            EntityKind::Raft,
            new.id.as_uuid(),
            base.and_then(|v| u64::try_from(v).ok()),
            MutationOp::Upsert {
                fields: fields.clone(),
            },
        )?;
        let FloatCounts {
            styrofoam,
            hdpe,
            other_compliant,
        } = new.initial_floats;
        self.tx.execute(
            "UPDATE rafts SET household_id = ?2, body = ?3, local_tag = ?4, status = ?5, initial_styrofoam = ?6,
               initial_hdpe = ?7, initial_other = ?8, updated_at = ?9, field_stamps = ?10 WHERE id = ?1",
            params![
                new.id.to_string(),
                new.household_id.to_string(),
                serde_json::to_string(new)?,
                new.local_tag,
                status_text(new)?,
                styrofoam.get(),
                hdpe.get(),
                other_compliant.get(),
                new.meta.updated_at,
                restamp(&stamps, &fields, hlc)?,
            ],
        )?;
        Ok(true)
    }

    /// Marks a raft deleted; its events stay (they happened).
    pub fn tombstone_raft(&mut self, id: RaftId) -> Result<(), DeviceError> {
        let base: Option<i64> = self.tx.query_row(
            "SELECT server_version FROM rafts WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )?;
        self.append_mutation(
            EntityKind::Raft,
            id.as_uuid(),
            base.and_then(|v| u64::try_from(v).ok()),
            MutationOp::Tombstone,
        )?;
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
        let mut stmt = self.conn().prepare_cached(
            "SELECT body FROM rafts WHERE household_id = ?1 AND deleted = 0 ORDER BY local_tag",
        )?;
        let bodies = stmt
            .query_map([household_id.to_string()], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        bodies
            .iter()
            .map(|body| {
                let raft: Raft = serde_json::from_str(body)?;
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
