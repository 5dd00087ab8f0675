//! Users, enrolled devices and failed sign-ins in SQLite.

use rusqlite::{params, Connection, OptionalExtension};
use tidemark_domain::auth::{Account, EnrolledDevice, Username};
use tidemark_domain::ids::DeviceId;
use tidemark_domain::reference::Role;

use crate::error::ServerError;
use crate::store::{parse_device, parse_role, role_text, Principal, TokenCheck};

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

pub(super) fn user_count(conn: &Connection) -> Result<u64, ServerError> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Adds an account; `ServerError::UserExists` when the name is taken.
pub(super) fn create_user(
    conn: &Connection,
    username: &Username,
    display_name: &str,
    role: Role,
    wards: &[String],
    password_hash: &str,
    now: &str,
) -> Result<Account, ServerError> {
    let inserted = conn.execute(
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

pub(super) fn users(conn: &Connection) -> Result<Vec<Account>, ServerError> {
    let mut stmt = conn.prepare(
        "SELECT username, display_name, role, wards, disabled FROM users ORDER BY username",
    )?;
    let rows = stmt
        .query_map([], account_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(account).collect()
}

pub(super) fn user(conn: &Connection, username: &str) -> Result<Option<Account>, ServerError> {
    let row = conn
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
pub(super) fn set_disabled(
    conn: &Connection,
    username: &str,
    disabled: bool,
) -> Result<bool, ServerError> {
    let n = conn.execute(
        "UPDATE users SET disabled = ?2 WHERE username = ?1",
        params![username, disabled],
    )?;
    Ok(n == 1)
}

/// The stored password hash and whether the account is disabled.
pub(super) fn credentials(
    conn: &Connection,
    username: &str,
) -> Result<Option<(String, bool)>, ServerError> {
    Ok(conn
        .query_row(
            "SELECT password_hash, disabled FROM users WHERE username = ?1",
            [username],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Failed sign-ins for `username` since `since_ms`.
pub(super) fn failures_since(
    conn: &Connection,
    username: &str,
    since_ms: i64,
) -> Result<u32, ServerError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM sign_in_failures WHERE username = ?1 AND at_ms >= ?2",
        params![username, since_ms],
        |r| r.get(0),
    )?)
}

/// Records a failed sign-in, forgetting those older than `forget_before_ms`.
pub(super) fn record_failure(
    conn: &mut Connection,
    username: &str,
    now_ms: i64,
    forget_before_ms: i64,
) -> Result<(), ServerError> {
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

pub(super) fn clear_failures(conn: &Connection, username: &str) -> Result<(), ServerError> {
    conn.execute(
        "DELETE FROM sign_in_failures WHERE username = ?1",
        [username],
    )?;
    Ok(())
}

/// Enrols a device under a new token (stored as its SHA-256). Tokens the
/// device held before stop working: a device has one live token.
pub(super) fn enrol(
    conn: &mut Connection,
    token_sha256: &str,
    device_id: DeviceId,
    username: &str,
    label: &str,
    now: &str,
) -> Result<(), ServerError> {
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

pub(super) fn check_token(
    conn: &Connection,
    token_sha256: &str,
) -> Result<TokenCheck, ServerError> {
    let row: Option<(String, bool, bool, String, String, String)> = conn
        .query_row(
            "SELECT t.device_id, t.revoked_at IS NOT NULL, u.disabled, u.username, u.role, u.wards
             FROM device_tokens t JOIN users u ON u.username = t.username
             WHERE t.token_sha256 = ?1",
            [token_sha256],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
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
    let device_id = parse_device(&device)?;
    Ok(TokenCheck::Valid(Principal {
        username,
        role: parse_role(&role)?,
        wards: serde_json::from_str(&wards)?,
        device_id,
    }))
}

/// Revokes every live token of a device; how many there were.
pub(super) fn revoke_device(
    conn: &Connection,
    device_id: DeviceId,
    now: &str,
) -> Result<usize, ServerError> {
    Ok(conn.execute(
        "UPDATE device_tokens SET revoked_at = ?2 WHERE device_id = ?1 AND revoked_at IS NULL",
        params![device_id.to_string(), now],
    )?)
}

/// Every enrolment, newest first.
pub(super) fn devices(conn: &Connection) -> Result<Vec<EnrolledDevice>, ServerError> {
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
                device_id: parse_device(&device)?,
                username,
                label,
                enrolled_at,
                revoked,
            })
        })
        .collect()
}
