//! Event rows: float replacements, relocations, inspections. Append-only.

use rusqlite::{params, OptionalExtension};
use tidemark_domain::events::{InstalledMaterial, RaftEvent, Relocation};
use tidemark_domain::ids::RaftId;
use tidemark_domain::sync::{EntityKind, MutationOp};

use super::{Store, WriteTx};
use crate::error::DeviceError;

/// Which kind of record an event is.
pub(super) fn event_kind(event: &RaftEvent) -> EntityKind {
    match event {
        RaftEvent::FloatReplacement(_) => EntityKind::FloatReplacement,
        RaftEvent::Relocation(_) => EntityKind::Relocation,
        RaftEvent::Inspection(_) => EntityKind::Inspection,
    }
}

impl WriteTx<'_> {
    /// Appends an event to its raft's history, with its outbox mutation.
    pub fn append_event(&mut self, event: &RaftEvent) -> Result<(), DeviceError> {
        let body = serde_json::to_value(event)?;
        let payload = body
            .get("event")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let (id, raft_id) = match event {
            RaftEvent::FloatReplacement(e) => (e.id, e.raft_id),
            RaftEvent::Relocation(e) => (e.id, e.raft_id),
            RaftEvent::Inspection(e) => (e.id, e.raft_id),
        };
        if !self.is_demo_raft(raft_id)? {
            self.append_mutation(
                event_kind(event),
                id.as_uuid(),
                None,
                MutationOp::Append { event: payload },
            )?;
        }
        self.put_event(event)
    }

    /// Stores an event row (with its ledger columns for a float
    /// replacement). An event already stored is left as it is: events are
    /// facts, and the same fact may arrive again through sync.
    pub(super) fn put_event(&mut self, event: &RaftEvent) -> Result<(), DeviceError> {
        let (id, raft_id, ledger) = match event {
            RaftEvent::FloatReplacement(e) => (
                e.id,
                e.raft_id,
                Some((
                    e.styrofoam_removed.get(),
                    e.installed.get(),
                    e.installed_material,
                )),
            ),
            RaftEvent::Relocation(e) => (e.id, e.raft_id, None),
            RaftEvent::Inspection(e) => (e.id, e.raft_id, None),
        };
        let (removed, installed, material) =
            ledger.map_or((0, 0, None), |(r, i, m)| (r, i, Some(m)));
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO events (id, raft_id, kind, date, body, styrofoam_removed, installed, installed_material, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id.to_string(),
                raft_id.to_string(),
                event_kind(event).as_str(),
                event.date().iso(),
                serde_json::to_string(event)?,
                removed,
                installed,
                material.map(|m| match m {
                    InstalledMaterial::Hdpe => "hdpe",
                    InstalledMaterial::OtherCompliant => "other_compliant",
                }),
                event.meta().created_at,
            ])?;
        Ok(())
    }
}

impl Store {
    /// A raft's events, newest first (by date, then by when recorded).
    pub fn history(&self, raft_id: RaftId) -> Result<Vec<RaftEvent>, DeviceError> {
        super::document::documents(
            self.conn(),
            "SELECT body FROM events WHERE raft_id = ?1 ORDER BY date DESC, created_at DESC, id DESC",
            [raft_id.to_string()],
        )
    }

    /// Every relocation on this device, oldest first (for the map).
    pub fn relocations(&self) -> Result<Vec<Relocation>, DeviceError> {
        let events: Vec<RaftEvent> = super::document::documents(
            self.conn(),
            "SELECT body FROM events WHERE kind = 'relocation' ORDER BY date, created_at, id",
            [],
        )?;
        let relocations = events
            .into_iter()
            .filter_map(|e| match e {
                RaftEvent::Relocation(r) => Some(r),
                _ => None,
            })
            .collect();
        Ok(relocations)
    }

    pub fn event(
        &self,
        id: tidemark_domain::ids::EventId,
    ) -> Result<Option<RaftEvent>, DeviceError> {
        let body: Option<String> = self
            .conn()
            .prepare_cached("SELECT body FROM events WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        body.map(|b| serde_json::from_str(&b).map_err(DeviceError::from))
            .transpose()
    }
}
