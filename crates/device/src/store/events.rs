//! Event rows: float replacements, relocations, inspections, and voids of
//! them. Append-only: a voided event stays, and every ledger query leaves
//! it out with `not_voided!`.

use rusqlite::{params, OptionalExtension};
use tidemark_domain::events::{InstalledMaterial, RaftEvent, Relocation};
use tidemark_domain::ids::{EventId, RaftId};
use tidemark_domain::sync::{EntityKind, MutationOp};

use super::{Store, WriteTx};
use crate::error::DeviceError;

/// Which kind of record an event is.
pub(super) fn event_kind(event: &RaftEvent) -> EntityKind {
    match event {
        RaftEvent::FloatReplacement(_) => EntityKind::FloatReplacement,
        RaftEvent::Relocation(_) => EntityKind::Relocation,
        RaftEvent::Inspection(_) => EntityKind::Inspection,
        RaftEvent::EventVoid(_) => EntityKind::EventVoid,
    }
}

/// The SQL condition an `events` row (as `events`) meets when no void
/// names it; a macro so that each query takes it in with `concat!`, one
/// literal prepared once, instead of a string built per call.
macro_rules! not_voided {
    () => {
        "NOT EXISTS (SELECT 1 FROM events v WHERE v.voids = events.id)"
    };
}
pub(super) use not_voided;

impl WriteTx<'_> {
    /// Appends an event to its raft's history, with its outbox mutation.
    pub fn append_event(&mut self, event: &RaftEvent) -> Result<(), DeviceError> {
        let body = serde_json::to_value(event)?;
        let payload = body
            .get("event")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let (id, raft_id) = (event.id(), event.raft_id());
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
        let ledger = match event {
            RaftEvent::FloatReplacement(e) => Some((
                e.styrofoam_removed.get(),
                e.installed.get(),
                e.installed_material,
            )),
            _ => None,
        };
        let voids = match event {
            RaftEvent::EventVoid(v) => Some(v.voided_event.to_string()),
            _ => None,
        };
        let (removed, installed, material) =
            ledger.map_or((0, 0, None), |(r, i, m)| (r, i, Some(m)));
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO events (id, raft_id, kind, date, body, styrofoam_removed, installed, installed_material, created_at, voids)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                event.id().to_string(),
                event.raft_id().to_string(),
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
                voids,
            ])?;
        Ok(())
    }

    pub fn event(&self, id: EventId) -> Result<Option<RaftEvent>, DeviceError> {
        event(self.tx, id)
    }

    /// Whether a void names the event.
    pub fn is_voided(&self, id: EventId) -> Result<bool, DeviceError> {
        Ok(self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM events WHERE voids = ?1)")?
            .query_row([id.to_string()], |r| r.get(0))?)
    }
}

fn event(conn: &rusqlite::Connection, id: EventId) -> Result<Option<RaftEvent>, DeviceError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM events WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    body.map(|b| serde_json::from_str(&b).map_err(DeviceError::from))
        .transpose()
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

    /// Every relocation on this device that stands (not voided), oldest
    /// first (for the map).
    pub fn relocations(&self) -> Result<Vec<Relocation>, DeviceError> {
        let events: Vec<RaftEvent> = super::document::documents(
            self.conn(),
            concat!(
                "SELECT body FROM events WHERE kind = 'relocation' AND ",
                not_voided!(),
                " ORDER BY date, created_at, id"
            ),
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

    pub fn event(&self, id: EventId) -> Result<Option<RaftEvent>, DeviceError> {
        event(self.conn(), id)
    }
}
