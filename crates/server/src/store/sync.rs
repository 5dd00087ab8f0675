//! Push and pull over the SQLite store. A push is one IMMEDIATE
//! transaction: skip what the device already pushed, refuse a gap, merge,
//! append to the change log, advance the device's high-water mark; so a
//! push cut off at any point either happened whole or not at all, and
//! repeating it changes nothing.

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::{Map, Value};
use tidemark_domain::merge::{merge_field, FieldOutcome, FieldWrite};
use tidemark_domain::sync::{
    Change, Fate, Mutation, MutationFate, MutationOp, PullResponse, PushRequest, PushResponse,
};

use super::visibility::{ward_of, Visibility};
use super::{ConflictRecord, RecordState, ServerStore};
use crate::error::ServerError;

/// A page of a pull holds at most this many changes.
pub const MAX_PULL_LIMIT: u32 = 5_000;

impl ServerStore {
    /// Applies a push; see the module comment for the guarantees.
    pub fn push(&self, request: &PushRequest) -> Result<PushResponse, ServerError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let device = request.device_id.to_string();
        tx.execute(
            "INSERT OR IGNORE INTO devices (device_id) VALUES (?1)",
            [&device],
        )?;
        let high_water: i64 = tx.query_row(
            "SELECT high_water FROM devices WHERE device_id = ?1",
            [&device],
            |r| r.get(0),
        )?;
        let mut last = u64::try_from(high_water).unwrap_or(0);
        let mut fates = Vec::with_capacity(request.mutations.len());
        for m in &request.mutations {
            if m.device_id != request.device_id {
                return Err(ServerError::WrongDevice);
            }
            if m.device_seq <= last {
                fates.push(fate(m, Fate::AlreadyApplied, None));
                continue;
            }
            if m.device_seq != last + 1 {
                return Err(ServerError::Gap {
                    expected: last + 1,
                    got: m.device_seq,
                });
            }
            let (outcome, code) = apply(&tx, m)?;
            fates.push(fate(m, outcome, code));
            last = m.device_seq;
        }
        tx.execute(
            "UPDATE devices SET high_water = ?2 WHERE device_id = ?1",
            params![device, last as i64],
        )?;
        tx.commit()?;
        Ok(PushResponse {
            acknowledged_seq: last,
            fates,
        })
    }

    /// The change log after `cursor` that `visibility` allows, at most
    /// `limit` entries. The next cursor moves past changes the user may not
    /// see, so a device never scans them again.
    pub fn pull(
        &self,
        cursor: u64,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<PullResponse, ServerError> {
        let limit = limit.clamp(1, MAX_PULL_LIMIT);
        let mut conn = self.lock();
        // One read transaction: the head and the page see the same log.
        let tx = conn.transaction()?;
        let head: i64 = tx.query_row("SELECT COALESCE(MAX(cursor), 0) FROM changes", [], |r| {
            r.get(0)
        })?;
        let (everything, wards) = match visibility {
            Visibility::Everything => (true, String::from("[]")),
            Visibility::Wards(w) => (false, serde_json::to_string(w)?),
        };
        let rows = {
            let mut stmt = tx.prepare_cached(
                "SELECT cursor, version, mutation FROM changes
                 WHERE cursor > ?1 AND cursor <= ?2
                   AND (?3 OR ward IN (SELECT value FROM json_each(?4)))
                 ORDER BY cursor LIMIT ?5",
            )?;
            let rows = stmt
                .query_map(
                    params![cursor as i64, head, everything, wards, limit + 1],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        let has_more = rows.len() > limit as usize;
        let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
        for (c, version, mutation) in rows.into_iter().take(limit as usize) {
            changes.push(Change {
                cursor: u64::try_from(c).unwrap_or(0),
                version: u64::try_from(version).unwrap_or(0),
                mutation: serde_json::from_str(&mutation)?,
            });
        }
        let next_cursor = if has_more {
            changes.last().map_or(cursor, |c| c.cursor)
        } else {
            cursor.max(u64::try_from(head).unwrap_or(0))
        };
        Ok(PullResponse {
            changes,
            next_cursor,
            has_more,
        })
    }

    /// The current fields of a household or raft, for tests and exports.
    pub fn record(&self, entity: &str, id: &str) -> Result<Option<RecordState>, ServerError> {
        let conn = self.lock();
        let row: Option<(String, i64, bool)> = conn
            .query_row(
                "SELECT fields, version, deleted FROM records WHERE entity = ?1 AND id = ?2",
                [entity, id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(fields, version, deleted)| {
            Ok(RecordState {
                fields: serde_json::from_str(&fields)?,
                version: u64::try_from(version).unwrap_or(0),
                deleted,
            })
        })
        .transpose()
    }

    /// Open conflicts of a record.
    pub fn conflicts(&self, entity_id: &str) -> Result<Vec<ConflictRecord>, ServerError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT entity, entity_id, field, kept_value, lost_value FROM conflicts WHERE entity_id = ?1 AND resolved = 0 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([entity_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(entity, entity_id, field, kept, lost)| {
                Ok(ConflictRecord {
                    entity,
                    entity_id,
                    field,
                    kept_value: serde_json::from_str(&kept)?,
                    lost_value: serde_json::from_str(&lost)?,
                })
            })
            .collect()
    }

    /// How many events are stored (each once, however often pushed).
    pub fn event_count(&self) -> Result<u64, ServerError> {
        let n: i64 = self
            .lock()
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

fn fate(m: &Mutation, fate: Fate, code: Option<&'static str>) -> MutationFate {
    MutationFate {
        device_seq: m.device_seq,
        mutation_id: m.mutation_id,
        fate,
        code: code.map(str::to_owned),
    }
}

fn log_change(tx: &Transaction<'_>, m: &Mutation, version: u64) -> Result<(), ServerError> {
    let ward = ward_of(tx, m)?;
    tx.prepare_cached(
        "INSERT INTO changes (entity, entity_id, version, mutation, ward) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        m.entity.as_str(),
        m.entity_id.to_string(),
        version as i64,
        serde_json::to_string(m)?,
        ward,
    ])?;
    Ok(())
}

fn conflict(
    tx: &Transaction<'_>,
    m: &Mutation,
    field: &str,
    kept: &Value,
    lost: &Value,
    lost_stamp: String,
) -> Result<(), ServerError> {
    tx.execute(
        "INSERT INTO conflicts (entity, entity_id, field, kept_value, lost_value, lost_stamp, lost_mutation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![m.entity.as_str(), m.entity_id.to_string(), field, kept.to_string(), lost.to_string(), lost_stamp, m.mutation_id.to_string()],
    )?;
    Ok(())
}

/// Applies one mutation; returns its fate.
fn apply(tx: &Transaction<'_>, m: &Mutation) -> Result<(Fate, Option<&'static str>), ServerError> {
    match (&m.op, m.entity.is_event()) {
        (MutationOp::Append { event }, true) => {
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO events (id, entity, body) VALUES (?1, ?2, ?3)",
                params![
                    m.entity_id.to_string(),
                    m.entity.as_str(),
                    event.to_string()
                ],
            )?;
            if inserted == 1 {
                log_change(tx, m, 1)?;
            }
            Ok((Fate::Applied, None))
        }
        (MutationOp::Upsert { fields }, false) => upsert(tx, m, fields),
        (MutationOp::Tombstone, false) => tombstone(tx, m),
        _ => Ok((Fate::Rejected, Some("sync.op_mismatch"))),
    }
}

struct Stored {
    fields: Map<String, Value>,
    writes: Map<String, Value>,
    version: u64,
    deleted: bool,
}

fn load(tx: &Transaction<'_>, m: &Mutation) -> Result<Option<Stored>, ServerError> {
    let row: Option<(String, String, i64, bool)> = tx
        .query_row(
            "SELECT fields, field_writes, version, deleted FROM records WHERE entity = ?1 AND id = ?2",
            params![m.entity.as_str(), m.entity_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(|(f, w, v, d)| {
        Ok(Stored {
            fields: serde_json::from_str(&f)?,
            writes: serde_json::from_str(&w)?,
            version: u64::try_from(v).unwrap_or(0),
            deleted: d,
        })
    })
    .transpose()
}

fn save(tx: &Transaction<'_>, m: &Mutation, s: &Stored) -> Result<(), ServerError> {
    tx.execute(
        "INSERT INTO records (entity, id, fields, field_writes, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, field_writes = excluded.field_writes,
           version = excluded.version, deleted = excluded.deleted",
        params![
            m.entity.as_str(),
            m.entity_id.to_string(),
            Value::Object(s.fields.clone()).to_string(),
            Value::Object(s.writes.clone()).to_string(),
            s.version as i64,
            s.deleted,
        ],
    )?;
    Ok(())
}

fn upsert(
    tx: &Transaction<'_>,
    m: &Mutation,
    incoming: &Map<String, Value>,
) -> Result<(Fate, Option<&'static str>), ServerError> {
    let mut stored = load(tx, m)?.unwrap_or(Stored {
        fields: Map::new(),
        writes: Map::new(),
        version: 0,
        deleted: false,
    });
    if stored.deleted {
        // An edit of a record deleted concurrently: the delete stands, and
        // the edit is kept as a conflict, never dropped silently.
        conflict(
            tx,
            m,
            "_deleted",
            &Value::Bool(true),
            &Value::Object(incoming.clone()),
            m.hlc.to_string(),
        )?;
        return Ok((Fate::AppliedWithConflict, Some("record.deleted")));
    }
    let new_version = stored.version + 1;
    let mut applied = Map::new();
    let mut conflicted = false;
    for (field, value) in incoming {
        let current_value = stored.fields.get(field).cloned().unwrap_or(Value::Null);
        let current_write: Option<FieldWrite> = stored
            .writes
            .get(field)
            .map(|w| serde_json::from_value(w.clone()))
            .transpose()?;
        let exists = stored.fields.contains_key(field);
        let outcome = merge_field(
            if exists { current_write } else { None },
            m.hlc,
            m.base_version,
            &current_value != value,
        );
        match outcome {
            FieldOutcome::Apply | FieldOutcome::ApplyOverConflict => {
                if outcome == FieldOutcome::ApplyOverConflict {
                    let lost_stamp = current_write
                        .map(|w| w.stamp.to_string())
                        .unwrap_or_default();
                    conflict(tx, m, field, value, &current_value, lost_stamp)?;
                    conflicted = true;
                }
                stored.fields.insert(field.clone(), value.clone());
                stored.writes.insert(
                    field.clone(),
                    serde_json::to_value(FieldWrite {
                        stamp: m.hlc,
                        version: new_version,
                    })?,
                );
                applied.insert(field.clone(), value.clone());
            }
            FieldOutcome::KeepOverConflict => {
                conflict(tx, m, field, &current_value, value, m.hlc.to_string())?;
                conflicted = true;
            }
            FieldOutcome::Keep => {}
        }
    }
    if !applied.is_empty() {
        stored.version = new_version;
        save(tx, m, &stored)?;
        let as_applied = Mutation {
            op: MutationOp::Upsert { fields: applied },
            ..m.clone()
        };
        log_change(tx, &as_applied, new_version)?;
    }
    Ok(if conflicted {
        (Fate::AppliedWithConflict, Some("field.conflict"))
    } else {
        (Fate::Applied, None)
    })
}

fn tombstone(
    tx: &Transaction<'_>,
    m: &Mutation,
) -> Result<(Fate, Option<&'static str>), ServerError> {
    let Some(mut stored) = load(tx, m)? else {
        return Ok((Fate::Rejected, Some("record.unknown")));
    };
    if stored.deleted {
        return Ok((Fate::Applied, None));
    }
    let saw_everything = m.base_version.is_some_and(|b| b >= stored.version);
    let mut code = None;
    if !saw_everything {
        // Deleting a record someone else edited meanwhile: the delete is
        // applied, and the record as it stood is kept for a supervisor.
        conflict(
            tx,
            m,
            "_deleted",
            &Value::Bool(true),
            &Value::Object(stored.fields.clone()),
            m.hlc.to_string(),
        )?;
        code = Some("record.delete_conflict");
    }
    stored.deleted = true;
    stored.version += 1;
    save(tx, m, &stored)?;
    log_change(tx, m, stored.version)?;
    Ok((
        if code.is_some() {
            Fate::AppliedWithConflict
        } else {
            Fate::Applied
        },
        code,
    ))
}
