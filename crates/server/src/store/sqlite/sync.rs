//! Push and pull on SQLite. A push is one IMMEDIATE transaction running
//! the shared push logic ([`crate::store::push`]).

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::Value;
use tidemark_domain::hlc::Hlc;
use tidemark_domain::sync::{Mutation, PullResponse, PushRequest, PushResponse};

use crate::error::ServerError;
use crate::store::push::{
    pull_page, push_in, server_now_ms, ConflictRow, PushTx, Stored, MAX_PULL_LIMIT,
};
use crate::store::{ConflictRecord, RecordState, Visibility};

struct SqliteTx<'c>(Transaction<'c>);

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl PushTx for SqliteTx<'_> {
    fn high_water(&mut self, device: &str) -> Result<u64, ServerError> {
        let hw: Option<i64> = self
            .0
            .query_row(
                "SELECT high_water FROM devices WHERE device_id = ?1",
                [device],
                |r| r.get(0),
            )
            .optional()?;
        Ok(hw.map_or(0, to_u64))
    }

    fn set_high_water(&mut self, device: &str, seq: u64) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT INTO devices (device_id, high_water) VALUES (?1, ?2)
             ON CONFLICT (device_id) DO UPDATE SET high_water = excluded.high_water",
            params![device, seq as i64],
        )?;
        Ok(())
    }

    fn insert_event(&mut self, id: &str, entity: &str, body: &str) -> Result<bool, ServerError> {
        Ok(self.0.execute(
            "INSERT OR IGNORE INTO events (id, entity, body) VALUES (?1, ?2, ?3)",
            params![id, entity, body],
        )? == 1)
    }

    fn event(&mut self, id: &str) -> Result<Option<(String, String)>, ServerError> {
        Ok(self
            .0
            .query_row("SELECT entity, body FROM events WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    fn expect_photo(&mut self, sha256: &str, event_id: &str) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT OR IGNORE INTO photo_refs (sha256, event_id) VALUES (?1, ?2)",
            params![sha256, event_id],
        )?;
        Ok(())
    }

    fn load(&mut self, entity: &str, id: &str) -> Result<Option<Stored>, ServerError> {
        let row: Option<(String, String, i64, bool)> = self
            .0
            .prepare_cached(
                "SELECT fields, field_writes, version, deleted FROM records WHERE entity = ?1 AND id = ?2",
            )?
            .query_row([entity, id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        row.map(|(f, w, v, d)| {
            Ok(Stored {
                fields: serde_json::from_str(&f)?,
                writes: serde_json::from_str(&w)?,
                version: to_u64(v),
                deleted: d,
            })
        })
        .transpose()
    }

    fn save(&mut self, entity: &str, id: &str, s: &Stored) -> Result<(), ServerError> {
        self.0.prepare_cached(
            "INSERT INTO records (entity, id, fields, field_writes, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, field_writes = excluded.field_writes,
               version = excluded.version, deleted = excluded.deleted",
        )?
        .execute(params![
            entity,
            id,
            Value::Object(s.fields.clone()).to_string(),
            Value::Object(s.writes.clone()).to_string(),
            s.version as i64,
            s.deleted,
        ])?;
        Ok(())
    }

    fn insert_conflict(&mut self, c: &ConflictRow<'_>) -> Result<(), ServerError> {
        let m = c.mutation;
        self.0.execute(
            "INSERT INTO conflicts (entity, entity_id, field, kept_value, lost_value, lost_stamp, lost_mutation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                m.entity.as_str(),
                m.entity_id.to_string(),
                c.field,
                c.kept.to_string(),
                c.lost.to_string(),
                c.lost_stamp,
                m.mutation_id.to_string()
            ],
        )?;
        Ok(())
    }

    fn flag_restamp(&mut self, m: &Mutation, original: Hlc) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT INTO restamped (device_id, mutation_id, original_stamp, new_stamp) VALUES (?1, ?2, ?3, ?4)",
            params![
                m.device_id.to_string(),
                m.mutation_id.to_string(),
                original.to_string(),
                m.hlc.to_string()
            ],
        )?;
        Ok(())
    }

    fn log_change(
        &mut self,
        m: &Mutation,
        version: u64,
        ward: Option<&str>,
    ) -> Result<(), ServerError> {
        self.0.prepare_cached(
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
}

pub(super) fn push(
    conn: &mut Connection,
    request: &PushRequest,
) -> Result<PushResponse, ServerError> {
    let mut tx = SqliteTx(conn.transaction_with_behavior(TransactionBehavior::Immediate)?);
    let response = push_in(&mut tx, request, server_now_ms())?;
    tx.0.commit()?;
    Ok(response)
}

pub(super) fn pull(
    conn: &mut Connection,
    cursor: u64,
    limit: u32,
    visibility: &Visibility,
) -> Result<PullResponse, ServerError> {
    let limit = limit.clamp(1, MAX_PULL_LIMIT);
    // One read transaction: the head and the page see the same log.
    let tx = conn.transaction()?;
    let head: i64 = tx.query_row("SELECT COALESCE(MAX(cursor), 0) FROM changes", [], |r| {
        r.get(0)
    })?;
    let (everything, wards) = match visibility {
        Visibility::Everything => (true, String::from("[]")),
        Visibility::Wards(w) => (false, serde_json::to_string(w)?),
    };
    let mut stmt = tx.prepare_cached(
        "SELECT cursor, version, mutation FROM changes
         WHERE cursor > ?1 AND cursor <= ?2
           AND (?3 OR ward IN (SELECT value FROM json_each(?4)))
         ORDER BY cursor LIMIT ?5",
    )?;
    let rows = stmt
        .query_map(
            params![cursor as i64, head, everything, wards, limit + 1],
            |r| Ok((to_u64(r.get(0)?), to_u64(r.get(1)?), r.get::<_, String>(2)?)),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    pull_page(cursor, limit, to_u64(head), rows)
}

pub(super) fn record(
    conn: &Connection,
    entity: &str,
    id: &str,
) -> Result<Option<RecordState>, ServerError> {
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
            version: to_u64(version),
            deleted,
        })
    })
    .transpose()
}

pub(super) fn conflicts(
    conn: &Connection,
    entity_id: &str,
) -> Result<Vec<ConflictRecord>, ServerError> {
    let mut stmt = conn.prepare(
        "SELECT entity, entity_id, field, kept_value, lost_value FROM conflicts
         WHERE entity_id = ?1 AND resolved = 0 ORDER BY id",
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

pub(super) fn event_count(conn: &Connection) -> Result<u64, ServerError> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
    Ok(to_u64(n))
}
