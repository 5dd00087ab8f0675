//! The outbox: mutations waiting for the server, in device-sequence order.

use rusqlite::{params, Connection, Transaction};
use tidemark_domain::sync::Mutation;

use crate::error::DeviceError;

/// One outbox row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: u64,
    pub mutation: Mutation,
}

pub(super) fn append(tx: &Transaction<'_>, m: &Mutation) -> Result<(), DeviceError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO outbox (seq, mutation_id, entity, entity_id, hlc, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    stmt.execute(params![
        m.device_seq as i64,
        m.mutation_id.to_string(),
        m.entity.as_str(),
        m.entity_id.to_string(),
        m.hlc.to_string(),
        serde_json::to_string(m)?,
    ])?;
    Ok(())
}

pub(super) fn pending_count(conn: &Connection) -> Result<u32, DeviceError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
}

pub(super) fn entries(
    conn: &Connection,
    after_seq: u64,
    limit: u32,
) -> Result<Vec<OutboxEntry>, DeviceError> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, body FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
    let rows = stmt.query_map(params![after_seq as i64, limit], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, body) = row?;
        out.push(OutboxEntry {
            seq: u64::try_from(seq).unwrap_or(0),
            mutation: serde_json::from_str(&body)?,
        });
    }
    Ok(out)
}

impl super::Store {
    /// How many mutations wait to be pushed.
    pub fn pending_sync(&self) -> Result<u32, DeviceError> {
        pending_count(&self.conn)
    }

    /// Outbox entries after `after_seq`, oldest first.
    pub fn outbox(&self, after_seq: u64, limit: u32) -> Result<Vec<OutboxEntry>, DeviceError> {
        entries(&self.conn, after_seq, limit)
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
