//! Users, enrolled devices and failed sign-ins in the SQLite store.
//!
//! The store only keeps and finds; hashing, token making and the sign-in
//! rules live in `crate::auth`.

use rusqlite::{params, OptionalExtension};
use tidemark_domain::auth::{Account, EnrolledDevice, Username};
use tidemark_domain::ids::DeviceId;
use tidemark_domain::reference::Role;

use super::{ServerStore, Visibility};
use crate::error::ServerError;

/// Who is behind an authenticated request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub username: String,
    pub role: Role,
    pub wards: Vec<String>,
    /// The device the token was issued to: the only device it may push as.
    pub device_id: DeviceId,
}

impl Principal {
    /// Admins see every ward; a supervisor without wards follows the whole
    /// campaign; everyone else sees the wards they cover.
    pub fn visibility(&self) -> Visibility {
        match self.role {
            Role::Admin => Visibility::Everything,
            Role::Supervisor if self.wards.is_empty() => Visibility::Everything,
            _ => Visibility::Wards(self.wards.clone()),
        }
    }
}

/// What a presented token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    Valid(Principal),
    /// An admin revoked this device, or it signed in again since.
    Revoked,
    /// The account behind the token is disabled.
    Disabled,
    Unknown,
}

fn role_text(role: Role) -> &'static str {
    match role {
        Role::Inspector => "inspector",
        Role::Supervisor => "supervisor",
        Role::Admin => "admin",
    }
}

fn parse_role(text: &str) -> Result<Role, ServerError> {
    match text {
        "inspector" => Ok(Role::Inspector),
        "supervisor" => Ok(Role::Supervisor),
        "admin" => Ok(Role::Admin),
        other => Err(ServerError::Internal(format!("unknown role {other:?}"))),
    }
}

fn account_from_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, String, bool)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn account(row: (String, String, String, String, bool)) -> Result<Account, ServerError> {
    let (username, display_name, role, wards, disabled) = row;
    Ok(Account {
        username,
        display_name,
        role: parse_role(&role)?,
        wards: serde_json::from_str(&wards)?,
        disabled,
    })
}

impl ServerStore {
    pub fn user_count(&self) -> Result<u64, ServerError> {
        let n: i64 = self
            .lock()
            .query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Adds an account; `ServerError::UserExists` when the name is taken.
    pub fn create_user(
        &self,
        username: &Username,
        display_name: &str,
        role: Role,
        wards: &[String],
        password_hash: &str,
        now: &str,
    ) -> Result<Account, ServerError> {
        let inserted = self.lock().execute(
            "INSERT OR IGNORE INTO users (username, display_name, role, wards, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                username.as_str(),
                display_name,
                role_text(role),
                serde_json::to_string(wards)?,
                password_hash,
                now
            ],
        )?;
        if inserted == 0 {
            return Err(ServerError::UserExists);
        }
        Ok(Account {
            username: username.as_str().to_owned(),
            display_name: display_name.to_owned(),
            role,
            wards: wards.to_vec(),
            disabled: false,
        })
    }

    pub fn users(&self) -> Result<Vec<Account>, ServerError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT username, display_name, role, wards, disabled FROM users ORDER BY username",
        )?;
        let rows = stmt
            .query_map([], account_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(account).collect()
    }

    pub fn user(&self, username: &str) -> Result<Option<Account>, ServerError> {
        let row = self
            .lock()
            .query_row(
                "SELECT username, display_name, role, wards, disabled FROM users WHERE username = ?1",
                [username],
                account_from_row,
            )
            .optional()?;
        row.map(account).transpose()
    }

    /// Disables or re-enables an account; false when there is no such user.
    /// A disabled account's tokens stop working at once.
    pub fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, ServerError> {
        let n = self.lock().execute(
            "UPDATE users SET disabled = ?2 WHERE username = ?1",
            params![username, disabled],
        )?;
        Ok(n == 1)
    }

    /// The stored password hash and whether the account is disabled.
    pub fn credentials(&self, username: &str) -> Result<Option<(String, bool)>, ServerError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT password_hash, disabled FROM users WHERE username = ?1",
                [username],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Failed sign-ins for `username` since `since_ms`.
    pub fn failures_since(&self, username: &str, since_ms: i64) -> Result<u32, ServerError> {
        Ok(self.lock().query_row(
            "SELECT COUNT(*) FROM sign_in_failures WHERE username = ?1 AND at_ms >= ?2",
            params![username, since_ms],
            |r| r.get(0),
        )?)
    }

    /// Records a failed sign-in, forgetting those older than `forget_before_ms`.
    pub fn record_failure(
        &self,
        username: &str,
        now_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), ServerError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM sign_in_failures WHERE at_ms < ?1",
            [forget_before_ms],
        )?;
        tx.execute(
            "INSERT INTO sign_in_failures (username, at_ms) VALUES (?1, ?2)",
            params![username, now_ms],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn clear_failures(&self, username: &str) -> Result<(), ServerError> {
        self.lock().execute(
            "DELETE FROM sign_in_failures WHERE username = ?1",
            [username],
        )?;
        Ok(())
    }

    /// Enrols a device under a new token (stored as its SHA-256). Tokens the
    /// device held before stop working: a device has one live token.
    pub fn enrol(
        &self,
        token_sha256: &str,
        device_id: DeviceId,
        username: &str,
        label: &str,
        now: &str,
    ) -> Result<(), ServerError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE device_tokens SET revoked_at = ?2 WHERE device_id = ?1 AND revoked_at IS NULL",
            params![device_id.to_string(), now],
        )?;
        tx.execute(
            "INSERT INTO device_tokens (token_sha256, device_id, username, label, enrolled_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_sha256, device_id.to_string(), username, label, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn check_token(&self, token_sha256: &str) -> Result<TokenCheck, ServerError> {
        let row: Option<(String, bool, bool, String, String, String)> = self
            .lock()
            .query_row(
                "SELECT t.device_id, t.revoked_at IS NOT NULL, u.disabled, u.username, u.role, u.wards
                 FROM device_tokens t JOIN users u ON u.username = t.username
                 WHERE t.token_sha256 = ?1",
                [token_sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let Some((device, revoked, disabled, username, role, wards)) = row else {
            return Ok(TokenCheck::Unknown);
        };
        if revoked {
            return Ok(TokenCheck::Revoked);
        }
        if disabled {
            return Ok(TokenCheck::Disabled);
        }
        let device_id = device
            .parse()
            .map_err(|_| ServerError::Internal(format!("stored device id {device:?}")))?;
        Ok(TokenCheck::Valid(Principal {
            username,
            role: parse_role(&role)?,
            wards: serde_json::from_str(&wards)?,
            device_id,
        }))
    }

    /// Revokes every live token of a device; how many there were.
    pub fn revoke_device(&self, device_id: DeviceId, now: &str) -> Result<usize, ServerError> {
        Ok(self.lock().execute(
            "UPDATE device_tokens SET revoked_at = ?2 WHERE device_id = ?1 AND revoked_at IS NULL",
            params![device_id.to_string(), now],
        )?)
    }

    /// Every enrolment, newest first.
    pub fn devices(&self) -> Result<Vec<EnrolledDevice>, ServerError> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT device_id, username, label, enrolled_at, revoked_at IS NOT NULL
             FROM device_tokens ORDER BY enrolled_at DESC, rowid DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(device, username, label, enrolled_at, revoked)| {
                Ok(EnrolledDevice {
                    device_id: device.parse().map_err(|_| {
                        ServerError::Internal(format!("stored device id {device:?}"))
                    })?,
                    username,
                    label,
                    enrolled_at,
                    revoked,
                })
            })
            .collect()
    }
}
