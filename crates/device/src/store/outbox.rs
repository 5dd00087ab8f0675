//! The outbox: mutations waiting for the server, in device-sequence order.
//!
//! A row holds its mutation as JSON, except the creation of a household or
//! a raft: its `body` is NULL and the mutation is made, when it is read,
//! from the record as stored (see migration 0007 for why that converges).
//! A creation is most of what a large import writes, and copying every
//! record into the outbox more than doubled what it wrote.

use rusqlite::{params, Connection, Row};
use std::collections::{HashMap, HashSet};
use tidemark_domain::hlc::Hlc;
use tidemark_domain::ids::{DeviceId, MutationId};
use tidemark_domain::sync::{EntityKind, Mutation, MutationOp};
use uuid::Uuid;

use super::document::creation_fields;
use super::statements::IdText;
use super::{households, rafts};
use crate::error::DeviceError;

/// One outbox row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: u64,
    pub mutation: Mutation,
}

const COLUMNS: &str = "seq, mutation_id, entity, entity_id, hlc_wall_ms, hlc_counter, body";

/// Appends `m`; with `by_reference`, its fields are not stored (a creation
/// whose record is written in the same transaction).
pub(super) fn append(
    statements: &mut super::statements::Statements<'_>,
    m: &Mutation,
    by_reference: bool,
) -> Result<(), DeviceError> {
    let body = if by_reference {
        None
    } else {
        Some(serde_json::to_string(m)?)
    };
    statements
        .get(
            "INSERT INTO outbox (seq, mutation_id, entity, entity_id, hlc_wall_ms, hlc_counter, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
        m.device_seq as i64,
        m.mutation_id.as_uuid().as_bytes(),
        m.entity.as_str(),
        IdText::of(m.entity_id),
        m.hlc.wall_ms as i64,
        m.hlc.counter,
        body,
    ])?;
    Ok(())
}

/// The mutation of a row selected with `COLUMNS`.
fn read_entry(
    conn: &Connection,
    device: DeviceId,
    r: &Row<'_>,
) -> Result<OutboxEntry, DeviceError> {
    let seq = u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0);
    if let Some(body) = r.get::<_, Option<String>>(6)? {
        return Ok(OutboxEntry {
            seq,
            mutation: serde_json::from_str(&body)?,
        });
    }
    let mutation_id: [u8; 16] = r.get(1)?;
    let entity: String = r.get(2)?;
    let entity_id: String = r.get(3)?;
    let corrupt = || DeviceError::Corrupt(format!("outbox creation {seq} of {entity} {entity_id}"));
    let (entity, fields) = match entity.as_str() {
        "household" => (
            EntityKind::Household,
            creation_fields(&households::get_any(conn, &entity_id, true)?.ok_or_else(corrupt)?)?,
        ),
        "raft" => (
            EntityKind::Raft,
            creation_fields(&rafts::get_any(conn, &entity_id, true)?.ok_or_else(corrupt)?)?,
        ),
        _ => return Err(corrupt()),
    };
    Ok(OutboxEntry {
        seq,
        mutation: Mutation {
            device_seq: seq,
            mutation_id: MutationId::from_uuid(Uuid::from_bytes(mutation_id)),
            device_id: device,
            entity,
            entity_id: entity_id.parse().map_err(|_| corrupt())?,
            hlc: Hlc {
                wall_ms: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                counter: r.get(5)?,
                device,
            },
            base_version: None,
            op: MutationOp::Upsert { fields },
        },
    })
}

pub(super) fn pending_count(conn: &Connection) -> Result<u32, DeviceError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
}

pub(super) fn entries(
    conn: &Connection,
    device: DeviceId,
    after_seq: u64,
    limit: u32,
) -> Result<Vec<OutboxEntry>, DeviceError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let mut rows = stmt.query(params![after_seq as i64, limit])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(read_entry(conn, device, row)?);
    }
    Ok(out)
}

/// The mutation with sequence number `seq`, if it is still in the outbox.
pub(super) fn entry(
    conn: &Connection,
    device: DeviceId,
    seq: u64,
) -> Result<Option<OutboxEntry>, DeviceError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM outbox WHERE seq = ?1"))?;
    let mut rows = stmt.query([seq as i64])?;
    rows.next()?
        .map(|row| read_entry(conn, device, row))
        .transpose()
}

/// What local mutations not yet pushed have changed in a record.
#[derive(Debug, Default)]
pub(super) struct PendingFields {
    /// Its creation is pending: every field is as this device wrote it.
    pub all: bool,
    pub fields: HashSet<String>,
}

impl PendingFields {
    pub fn contains(&self, field: &str) -> bool {
        self.all || self.fields.contains(field)
    }
}

/// What is pending for each record of `ids` that has mutations waiting
/// (a record with none is absent): one pass over the outbox for a whole
/// pulled page, not one per change. The outbox has no index by record,
/// since every write would pay for one.
pub(super) fn pending_fields(
    conn: &Connection,
    ids: &HashSet<String>,
) -> Result<HashMap<String, PendingFields>, DeviceError> {
    let mut pending: HashMap<String, PendingFields> = HashMap::new();
    if ids.is_empty() {
        return Ok(pending);
    }
    let mut stmt = conn.prepare_cached("SELECT entity_id, body FROM outbox")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id = row
            .get_ref(0)?
            .as_str()
            .map_err(|e| DeviceError::Corrupt(format!("outbox record id: {e}")))?;
        if !ids.contains(id) {
            continue;
        }
        let record = pending.entry(id.to_owned()).or_default();
        match row.get::<_, Option<String>>(1)? {
            None => record.all = true,
            Some(body) => {
                let m: Mutation = serde_json::from_str(&body)?;
                if let MutationOp::Upsert { fields } = m.op {
                    record
                        .fields
                        .extend(fields.into_iter().map(|(name, _)| name));
                }
            }
        }
    }
    Ok(pending)
}

impl super::Store {
    /// How many mutations wait to be pushed.
    pub fn pending_sync(&self) -> Result<u32, DeviceError> {
        pending_count(&self.conn)
    }

    /// Outbox entries after `after_seq`, oldest first.
    pub fn outbox(&self, after_seq: u64, limit: u32) -> Result<Vec<OutboxEntry>, DeviceError> {
        entries(&self.conn, self.device_id, after_seq, limit)
    }

    /// Open items in the "needs attention" list.
    pub fn needs_attention_count(&self) -> Result<u32, DeviceError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM needs_attention WHERE resolved_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }
}
