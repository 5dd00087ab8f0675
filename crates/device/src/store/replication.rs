//! What sync does to the replica: drop acknowledged outbox entries (and
//! keep rejected ones in "needs attention"), and apply pages of the
//! server's change log, each page together with its cursor in one
//! transaction. Records written here come from elsewhere, so they add
//! nothing to the outbox; pending local edits stay on top of them.

use rusqlite::{params, OptionalExtension};
use serde_json::{Map, Value};
use std::collections::HashSet;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{Household, Raft};
use tidemark_domain::events::RaftEvent;
use tidemark_domain::sync::{Change, EntityKind, Fate, MutationOp, PullResponse, PushResponse};

use super::{now_rfc3339, Store, WriteTx};
use crate::error::DeviceError;

/// Where sync stands, as stored on the device.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    pub server_url: Option<String>,
    /// The device token; never printed (see the Debug impl).
    pub token: Option<String>,
    pub account_username: Option<String>,
    pub account_name: Option<String>,
    pub pull_cursor: u64,
    pub last_sync_at: Option<String>,
    pub last_attempt_at: Option<String>,
    /// How the last attempt failed: a stable code, and the detail for logs.
    pub last_sync_error_code: Option<String>,
    pub last_sync_error: Option<String>,
}

impl std::fmt::Debug for SyncState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncState")
            .field("server_url", &self.server_url)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("account_username", &self.account_username)
            .field("pull_cursor", &self.pull_cursor)
            .field("last_sync_at", &self.last_sync_at)
            .field("last_sync_error_code", &self.last_sync_error_code)
            .finish_non_exhaustive()
    }
}

fn table(entity: EntityKind) -> Option<&'static str> {
    match entity {
        EntityKind::Household => Some("households"),
        EntityKind::Raft => Some("rafts"),
        _ => None,
    }
}

impl Store {
    pub fn sync_state(&self) -> Result<SyncState, DeviceError> {
        Ok(self.conn().query_row(
            "SELECT server_url, server_token, account_username, account_name, pull_cursor,
                    last_sync_at, last_attempt_at, last_sync_error_code, last_sync_error
             FROM device WHERE singleton = 1",
            [],
            |r| {
                Ok(SyncState {
                    server_url: r.get(0)?,
                    token: r.get(1)?,
                    account_username: r.get(2)?,
                    account_name: r.get(3)?,
                    pull_cursor: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                    last_sync_at: r.get(5)?,
                    last_attempt_at: r.get(6)?,
                    last_sync_error_code: r.get(7)?,
                    last_sync_error: r.get(8)?,
                })
            },
        )?)
    }

    pub fn set_server_url(&self, url: &str) -> Result<(), DeviceError> {
        self.conn().execute(
            "UPDATE device SET server_url = ?1 WHERE singleton = 1",
            [url],
        )?;
        Ok(())
    }

    /// Stores a sign-in: the server, the device token and who it is for.
    /// Signing in to another server starts its change log from the start.
    pub fn set_credentials(
        &self,
        server_url: &str,
        token: &str,
        username: &str,
        display_name: &str,
    ) -> Result<(), DeviceError> {
        self.conn().execute(
            "UPDATE device SET
               pull_cursor = CASE WHEN server_url IS ?1 THEN pull_cursor ELSE 0 END,
               server_url = ?1, server_token = ?2, account_username = ?3, account_name = ?4,
               last_sync_error_code = NULL, last_sync_error = NULL
             WHERE singleton = 1",
            params![server_url, token, username, display_name],
        )?;
        Ok(())
    }

    /// Drops the device token (signed out, or refused by the server). The
    /// outbox and every record stay: they sync after the next sign-in.
    pub fn forget_token(&self) -> Result<(), DeviceError> {
        self.conn().execute(
            "UPDATE device SET server_token = NULL WHERE singleton = 1",
            [],
        )?;
        Ok(())
    }

    /// Records how a sync attempt ended: `None` when it succeeded, else the
    /// error's stable code and its detail.
    pub fn record_sync_result(&self, error: Option<(&str, &str)>) -> Result<(), DeviceError> {
        let now = now_rfc3339();
        match error {
            None => self.conn().execute(
                "UPDATE device SET last_sync_at = ?1, last_attempt_at = ?1, last_sync_error_code = NULL,
                   last_sync_error = NULL WHERE singleton = 1",
                [now],
            )?,
            Some((code, detail)) => self.conn().execute(
                "UPDATE device SET last_attempt_at = ?1, last_sync_error_code = ?2, last_sync_error = ?3
                 WHERE singleton = 1",
                params![now, code, detail],
            )?,
        };
        Ok(())
    }

    /// Removes what the server acknowledged from the outbox; a rejected
    /// mutation or one that lost a conflict goes to "needs attention".
    pub fn acknowledge(&mut self, response: &PushResponse) -> Result<(), DeviceError> {
        let conn = self.conn();
        let tx = conn.unchecked_transaction()?;
        for f in &response.fates {
            if matches!(f.fate, Fate::Rejected | Fate::AppliedWithConflict) {
                let row: Option<(String, String, String)> = tx
                    .query_row(
                        "SELECT entity, entity_id, body FROM outbox WHERE seq = ?1",
                        [f.device_seq as i64],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                if let Some((entity, entity_id, body)) = row {
                    tx.execute(
                        "INSERT INTO needs_attention (mutation_id, entity, entity_id, reason_code, detail, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            f.mutation_id.to_string(),
                            entity,
                            entity_id,
                            f.code.clone().unwrap_or_else(|| "rejected".into()),
                            body,
                            now_rfc3339()
                        ],
                    )?;
                }
            }
        }
        tx.execute(
            "DELETE FROM outbox WHERE seq <= ?1",
            [response.acknowledged_seq as i64],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Applies one page of the server's change log and stores its cursor,
    /// in one transaction.
    pub fn apply_pulled(&mut self, page: &PullResponse) -> Result<(), DeviceError> {
        let units = self.admin_units().to_vec();
        self.write(|tx| {
            for change in &page.changes {
                tx.observe(change.mutation.hlc);
                // This device's own changes are applied too: the log holds
                // the values that won, and a concurrent edit from elsewhere
                // may have come between our write and its place in the log.
                tx.apply_change(change, &units)?;
            }
            tx.tx.execute(
                "UPDATE device SET pull_cursor = ?1 WHERE singleton = 1",
                [page.next_cursor as i64],
            )?;
            Ok(())
        })
    }
}

impl WriteTx<'_> {
    /// Fields of this record that local edits not yet pushed have changed:
    /// they stay as the inspector left them until the server merges them.
    fn pending_fields(&self, entity_id: &str) -> Result<HashSet<String>, DeviceError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT body FROM outbox WHERE entity_id = ?1")?;
        let bodies = stmt
            .query_map([entity_id], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut fields = HashSet::new();
        for body in bodies {
            let m: tidemark_domain::sync::Mutation = serde_json::from_str(&body)?;
            if let MutationOp::Upsert { fields: f } = m.op {
                fields.extend(f.keys().cloned());
            }
        }
        Ok(fields)
    }

    fn apply_change(&mut self, change: &Change, units: &[AdminUnit]) -> Result<(), DeviceError> {
        let m = &change.mutation;
        let id = m.entity_id.to_string();
        match (&m.op, table(m.entity)) {
            (MutationOp::Upsert { fields }, Some(table)) => {
                let stored: Option<String> = self
                    .tx
                    .query_row(
                        &format!("SELECT body FROM {table} WHERE id = ?1"),
                        [&id],
                        |r| r.get(0),
                    )
                    .optional()?;
                let pending = self.pending_fields(&id)?;
                let mut body: Map<String, Value> = match stored {
                    Some(b) => serde_json::from_str(&b)?,
                    None => Map::from_iter([("id".to_owned(), Value::String(id.clone()))]),
                };
                for (field, value) in fields {
                    if !pending.contains(field) {
                        body.insert(field.clone(), value.clone());
                    }
                }
                let version = change.version;
                match m.entity {
                    EntityKind::Household => {
                        let h: Household = serde_json::from_value(Value::Object(body))?;
                        self.put_household(&h, units, version)
                    }
                    _ => {
                        let r: Raft = serde_json::from_value(Value::Object(body))?;
                        self.put_raft(&r, version)
                    }
                }
            }
            (MutationOp::Tombstone, Some(table)) => {
                self.tx.execute(
                    &format!("UPDATE {table} SET deleted = 1, server_version = ?2 WHERE id = ?1"),
                    params![id, change.version as i64],
                )?;
                Ok(())
            }
            (MutationOp::Append { event }, None) => {
                let wrapped = serde_json::json!({ "type": m.entity.as_str(), "event": event });
                let event: RaftEvent = serde_json::from_value(wrapped)?;
                self.put_event(&event)
            }
            _ => Err(DeviceError::Corrupt(format!(
                "pulled {} with an unexpected operation",
                m.entity
            ))),
        }
    }

    fn put_household(
        &mut self,
        h: &Household,
        units: &[AdminUnit],
        version: u64,
    ) -> Result<(), DeviceError> {
        let search = super::households::search_text(h, units);
        self.tx.execute(
            "INSERT INTO households (id, body, admin_unit_code, search_text, cccd, demo, updated_at, server_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET body = excluded.body, admin_unit_code = excluded.admin_unit_code,
               search_text = excluded.search_text, cccd = excluded.cccd, demo = excluded.demo,
               updated_at = excluded.updated_at, server_version = excluded.server_version",
            params![
                h.id.to_string(),
                serde_json::to_string(h)?,
                h.admin_unit_code,
                search,
                h.cccd.as_ref().map(|c| c.as_str().to_owned()),
                h.demo,
                h.meta.updated_at,
                version as i64
            ],
        )?;
        Ok(())
    }

    fn put_raft(&mut self, r: &Raft, version: u64) -> Result<(), DeviceError> {
        let status = super::rafts::status_text(r)?;
        self.tx.execute(
            "INSERT INTO rafts (id, household_id, body, local_tag, status, initial_styrofoam, initial_hdpe, initial_other, updated_at, server_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(id) DO UPDATE SET household_id = excluded.household_id, body = excluded.body,
               local_tag = excluded.local_tag, status = excluded.status, initial_styrofoam = excluded.initial_styrofoam,
               initial_hdpe = excluded.initial_hdpe, initial_other = excluded.initial_other,
               updated_at = excluded.updated_at, server_version = excluded.server_version",
            params![
                r.id.to_string(),
                r.household_id.to_string(),
                serde_json::to_string(r)?,
                r.local_tag,
                status,
                r.initial_floats.styrofoam.get(),
                r.initial_floats.hdpe.get(),
                r.initial_floats.other_compliant.get(),
                r.meta.updated_at,
                version as i64
            ],
        )?;
        Ok(())
    }
}
