//! Event rows: float replacements, relocations, inspections. Append-only.

use rusqlite::params;
use tidemark_domain::events::{InstalledMaterial, RaftEvent};
use tidemark_domain::ids::RaftId;
use tidemark_domain::sync::{EntityKind, MutationOp};

use super::{Store, WriteTx};
use crate::error::DeviceError;

impl WriteTx<'_> {
    /// Appends an event to its raft's history, with its outbox mutation.
    pub fn append_event(&mut self, event: &RaftEvent) -> Result<(), DeviceError> {
        let (kind, id, raft_id, ledger) = match event {
            RaftEvent::FloatReplacement(e) => (
                EntityKind::FloatReplacement,
                e.id,
                e.raft_id,
                Some((
                    e.styrofoam_removed.get(),
                    e.installed.get(),
                    e.installed_material,
                )),
            ),
            RaftEvent::Relocation(e) => (EntityKind::Relocation, e.id, e.raft_id, None),
            RaftEvent::Inspection(e) => (EntityKind::Inspection, e.id, e.raft_id, None),
        };
        let (removed, installed, material) = match ledger {
            Some((r, i, m)) => (r, i, Some(m)),
            None => (0, 0, None),
        };
        let body = serde_json::to_value(event)?;
        let payload = body
            .get("event")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        self.append_mutation(
            kind,
            id.as_uuid(),
            None,
            MutationOp::Append { event: payload },
        )?;
        let created_at = event.meta().created_at.clone();
        self.tx
            .prepare_cached(
                "INSERT INTO events (id, raft_id, kind, date, body, styrofoam_removed, installed, installed_material, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id.to_string(),
                raft_id.to_string(),
                kind.as_str(),
                event.date().iso(),
                serde_json::to_string(event)?,
                removed,
                installed,
                material.map(|m| match m {
                    InstalledMaterial::Hdpe => "hdpe",
                    InstalledMaterial::OtherCompliant => "other_compliant",
                }),
                created_at,
            ])?;
        Ok(())
    }
}

impl Store {
    /// A raft's events, newest first (by date, then by when recorded).
    pub fn history(&self, raft_id: RaftId) -> Result<Vec<RaftEvent>, DeviceError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT body FROM events WHERE raft_id = ?1 ORDER BY date DESC, created_at DESC, id DESC")?;
        let bodies = stmt
            .query_map([raft_id.to_string()], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        bodies
            .iter()
            .map(|b| serde_json::from_str(b).map_err(DeviceError::from))
            .collect()
    }
}
