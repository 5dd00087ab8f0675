//! Push and pull on PostgreSQL. A push is one transaction running the
//! shared push logic ([`crate::store::push`]) under one advisory lock.

use postgres::{Client, Transaction};
use serde_json::Value;
use tidemark_domain::hlc::Hlc;
use tidemark_domain::sync::{Mutation, PullResponse, PushRequest, PushResponse};

use crate::error::ServerError;
use crate::store::push::{
    pull_page, push_in, server_now_ms, ConflictRow, PushTx, Stored, MAX_PULL_LIMIT,
};
use crate::store::{ConflictRecord, RecordState, Visibility};

/// Serialises pushes across server instances. Cursors come from a
/// sequence; without the lock, a push that took cursor 11 could commit
/// before one that took 10, and a pull in between would move its cursor
/// past 10 for good.
const PUSH_LOCK: i64 = 0x7075_7368; // "push"

struct PgTx<'c>(Transaction<'c>);

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PushTx for PgTx<'_> {
    fn high_water(&mut self, device: &str) -> Result<u64, ServerError> {
        let row = self.0.query_opt(
            "SELECT high_water FROM devices WHERE device_id = $1",
            &[&device],
        )?;
        Ok(row.map_or(0, |r| to_u64(r.get(0))))
    }

    fn set_high_water(&mut self, device: &str, seq: u64) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT INTO devices (device_id, high_water) VALUES ($1, $2)
             ON CONFLICT (device_id) DO UPDATE SET high_water = excluded.high_water",
            &[&device, &to_i64(seq)],
        )?;
        Ok(())
    }

    fn insert_event(&mut self, id: &str, entity: &str, body: &str) -> Result<bool, ServerError> {
        Ok(self.0.execute(
            "INSERT INTO events (id, entity, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            &[&id, &entity, &body],
        )? == 1)
    }

    fn event(&mut self, id: &str) -> Result<Option<(String, String)>, ServerError> {
        Ok(self
            .0
            .query_opt("SELECT entity, body FROM events WHERE id = $1", &[&id])?
            .map(|row| (row.get(0), row.get(1))))
    }

    fn expect_photo(&mut self, sha256: &str, event_id: &str) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT INTO photo_refs (sha256, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&sha256, &event_id],
        )?;
        Ok(())
    }

    fn load(&mut self, entity: &str, id: &str) -> Result<Option<Stored>, ServerError> {
        let row = self.0.query_opt(
            "SELECT fields, field_writes, version, deleted FROM records WHERE entity = $1 AND id = $2",
            &[&entity, &id],
        )?;
        row.map(|r| {
            Ok(Stored {
                fields: serde_json::from_str(r.get(0))?,
                writes: serde_json::from_str(r.get(1))?,
                version: to_u64(r.get(2)),
                deleted: r.get(3),
            })
        })
        .transpose()
    }

    fn save(&mut self, entity: &str, id: &str, s: &Stored) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT INTO records (entity, id, fields, field_writes, version, deleted) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, field_writes = excluded.field_writes,
               version = excluded.version, deleted = excluded.deleted",
            &[
                &entity,
                &id,
                &Value::Object(s.fields.clone()).to_string(),
                &Value::Object(s.writes.clone()).to_string(),
                &to_i64(s.version),
                &s.deleted,
            ],
        )?;
        Ok(())
    }

    fn insert_conflict(&mut self, c: &ConflictRow<'_>) -> Result<(), ServerError> {
        let m = c.mutation;
        self.0.execute(
            "INSERT INTO conflicts (entity, entity_id, field, kept_value, lost_value, lost_stamp, lost_mutation)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &m.entity.as_str(),
                &m.entity_id.to_string(),
                &c.field,
                &c.kept.to_string(),
                &c.lost.to_string(),
                &c.lost_stamp,
                &m.mutation_id.to_string(),
            ],
        )?;
        Ok(())
    }

    fn flag_restamp(&mut self, m: &Mutation, original: Hlc) -> Result<(), ServerError> {
        self.0.execute(
            "INSERT INTO restamped (device_id, mutation_id, original_stamp, new_stamp) VALUES ($1, $2, $3, $4)",
            &[
                &m.device_id.to_string(),
                &m.mutation_id.to_string(),
                &original.to_string(),
                &m.hlc.to_string(),
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
        self.0.execute(
            "INSERT INTO changes (entity, entity_id, version, mutation, ward) VALUES ($1, $2, $3, $4, $5)",
            &[
                &m.entity.as_str(),
                &m.entity_id.to_string(),
                &to_i64(version),
                &serde_json::to_string(m)?,
                &ward,
            ],
        )?;
        Ok(())
    }
}

pub(super) fn push(
    client: &mut Client,
    request: &PushRequest,
) -> Result<PushResponse, ServerError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUSH_LOCK])?;
    let mut push_tx = PgTx(tx);
    let response = push_in(&mut push_tx, request, server_now_ms())?;
    push_tx.0.commit()?;
    Ok(response)
}

pub(super) fn pull(
    client: &mut Client,
    cursor: u64,
    limit: u32,
    visibility: &Visibility,
) -> Result<PullResponse, ServerError> {
    let limit = limit.clamp(1, MAX_PULL_LIMIT);
    // REPEATABLE READ: the head and the page see the same log.
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let head: i64 = tx
        .query_one("SELECT COALESCE(MAX(cursor), 0) FROM changes", &[])?
        .get(0);
    let (everything, wards) = match visibility {
        Visibility::Everything => (true, Vec::new()),
        Visibility::Wards(w) => (false, w.clone()),
    };
    let rows = tx
        .query(
            "SELECT cursor, version, mutation FROM changes
             WHERE cursor > $1 AND cursor <= $2 AND ($3 OR ward = ANY($4))
             ORDER BY cursor LIMIT $5",
            &[
                &to_i64(cursor),
                &head,
                &everything,
                &wards,
                &i64::from(limit + 1),
            ],
        )?
        .into_iter()
        .map(|r| (to_u64(r.get(0)), to_u64(r.get(1)), r.get::<_, String>(2)))
        .collect();
    tx.commit()?;
    pull_page(cursor, limit, to_u64(head), rows)
}

pub(super) fn record(
    client: &mut Client,
    entity: &str,
    id: &str,
) -> Result<Option<RecordState>, ServerError> {
    let row = client.query_opt(
        "SELECT fields, version, deleted FROM records WHERE entity = $1 AND id = $2",
        &[&entity, &id],
    )?;
    row.map(|r| {
        Ok(RecordState {
            fields: serde_json::from_str(r.get(0))?,
            version: to_u64(r.get(1)),
            deleted: r.get(2),
        })
    })
    .transpose()
}

pub(super) fn conflicts(
    client: &mut Client,
    entity_id: &str,
) -> Result<Vec<ConflictRecord>, ServerError> {
    client
        .query(
            "SELECT entity, entity_id, field, kept_value, lost_value FROM conflicts
             WHERE entity_id = $1 AND NOT resolved ORDER BY id",
            &[&entity_id],
        )?
        .into_iter()
        .map(|r| {
            Ok(ConflictRecord {
                entity: r.get(0),
                entity_id: r.get(1),
                field: r.get(2),
                kept_value: serde_json::from_str(r.get(3))?,
                lost_value: serde_json::from_str(r.get(4))?,
            })
        })
        .collect()
}

pub(super) fn event_count(client: &mut Client) -> Result<u64, ServerError> {
    let n: i64 = client.query_one("SELECT COUNT(*) FROM events", &[])?.get(0);
    Ok(to_u64(n))
}
