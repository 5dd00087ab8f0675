//! What sync does to the replica: drop acknowledged outbox entries (and
//! keep rejected ones in "needs attention"), and apply pages of the
//! server's change log, each page together with its cursor in one
//! transaction. Records written here come from elsewhere, so they add
//! nothing to the outbox; pending local edits stay on top of them.

use rusqlite::params;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{Household, Raft};
use tidemark_domain::events::RaftEvent;
use tidemark_domain::sync::{Change, EntityKind, Fate, MutationOp, PullResponse, PushResponse};

use super::outbox::{OutboxEntry, PendingFields};
use super::{now_rfc3339, RowWrite, Store, WriteTx};
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
                let entry = super::outbox::entry(&tx, self.device_id(), f.device_seq)?;
                if let Some(OutboxEntry { mutation: m, .. }) = entry {
                    tx.execute(
                        "INSERT INTO needs_attention (mutation_id, entity, entity_id, reason_code, detail, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            f.mutation_id.to_string(),
                            m.entity.as_str(),
                            m.entity_id.to_string(),
                            f.code.clone().unwrap_or_else(|| "rejected".into()),
                            serde_json::to_string(&m)?,
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
        // Applying a page writes no outbox rows, so what is pending is read
        // once for it.
        let records: HashSet<String> = page
            .changes
            .iter()
            .filter(|c| table(c.mutation.entity).is_some())
            .map(|c| c.mutation.entity_id.to_string())
            .collect();
        self.write(|tx| {
            let pending = super::outbox::pending_fields(tx.tx, &records)?;
            for change in &page.changes {
                tx.observe(change.mutation.hlc);
                // This device's own changes are applied too: the log holds
                // the values that won, and a concurrent edit from elsewhere
                // may have come between our write and its place in the log.
                tx.apply_change(change, &units, &pending)?;
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
    fn apply_change(
        &mut self,
        change: &Change,
        units: &[AdminUnit],
        pending: &HashMap<String, PendingFields>,
    ) -> Result<(), DeviceError> {
        let m = &change.mutation;
        let id = m.entity_id.to_string();
        match (&m.op, table(m.entity)) {
            (MutationOp::Upsert { fields }, Some(table)) => {
                // Pending local edits stay as the inspector left them
                // until the server has merged them.
                let nothing = PendingFields::default();
                let pending = pending.get(&id).unwrap_or(&nothing);
                let stored = super::document::record_value(self.tx, m.entity, &id)?;
                let row = if stored.is_some() {
                    RowWrite::Existing
                } else {
                    RowWrite::New
                };
                let mut body: Map<String, Value> = match stored {
                    Some(Value::Object(b)) => b,
                    Some(other) => {
                        return Err(DeviceError::Corrupt(format!("{table} {id} is {other}")))
                    }
                    None => Map::from_iter([("id".to_owned(), Value::String(id.clone()))]),
                };
                for (field, value) in fields {
                    if !pending.contains(field) {
                        body.insert(field.clone(), value.clone());
                    }
                }
                let version = Some(change.version);
                match m.entity {
                    EntityKind::Household => {
                        let h: Household = serde_json::from_value(Value::Object(body))?;
                        super::households::write_household(
                            &mut self.statements,
                            &h,
                            units,
                            row,
                            version,
                        )
                    }
                    _ => {
                        let r: Raft = serde_json::from_value(Value::Object(body))?;
                        super::rafts::write_raft(&mut self.statements, &r, row, version)
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
}
