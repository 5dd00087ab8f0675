//! Users, enrolled devices and failed sign-ins in PostgreSQL.

use postgres::Client;
use tidemark_domain::auth::{Account, EnrolledDevice, Username};
use tidemark_domain::ids::DeviceId;
use tidemark_domain::reference::Role;

use crate::error::ServerError;
use crate::store::{parse_device, parse_role, role_text, Principal, TokenCheck};

fn account(r: &postgres::Row) -> Result<Account, ServerError> {
    Ok(Account {
        username: r.get(0),
        display_name: r.get(1),
        role: parse_role(r.get(2))?,
        wards: serde_json::from_str(r.get(3))?,
        disabled: r.get(4),
    })
}

pub(super) fn user_count(client: &mut Client) -> Result<u64, ServerError> {
    let n: i64 = client.query_one("SELECT COUNT(*) FROM users", &[])?.get(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(super) fn create_user(
    client: &mut Client,
    username: &Username,
    display_name: &str,
    role: Role,
    wards: &[String],
    password_hash: &str,
    now: &str,
) -> Result<Account, ServerError> {
    let inserted = client.execute(
        "INSERT INTO users (username, display_name, role, wards, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING",
        &[
            &username.as_str(),
            &display_name,
            &role_text(role),
            &serde_json::to_string(wards)?,
            &password_hash,
            &now,
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

pub(super) fn users(client: &mut Client) -> Result<Vec<Account>, ServerError> {
    client
        .query(
            "SELECT username, display_name, role, wards, disabled FROM users ORDER BY username",
            &[],
        )?
        .iter()
        .map(account)
        .collect()
}

pub(super) fn user(client: &mut Client, username: &str) -> Result<Option<Account>, ServerError> {
    client
        .query_opt(
            "SELECT username, display_name, role, wards, disabled FROM users WHERE username = $1",
            &[&username],
        )?
        .as_ref()
        .map(account)
        .transpose()
}

pub(super) fn set_disabled(
    client: &mut Client,
    username: &str,
    disabled: bool,
) -> Result<bool, ServerError> {
    Ok(client.execute(
        "UPDATE users SET disabled = $2 WHERE username = $1",
        &[&username, &disabled],
    )? == 1)
}

pub(super) fn credentials(
    client: &mut Client,
    username: &str,
) -> Result<Option<(String, bool)>, ServerError> {
    Ok(client
        .query_opt(
            "SELECT password_hash, disabled FROM users WHERE username = $1",
            &[&username],
        )?
        .map(|r| (r.get(0), r.get(1))))
}

pub(super) fn failures_since(
    client: &mut Client,
    username: &str,
    since_ms: i64,
) -> Result<u32, ServerError> {
    let n: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM sign_in_failures WHERE username = $1 AND at_ms >= $2",
            &[&username, &since_ms],
        )?
        .get(0);
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(super) fn record_failure(
    client: &mut Client,
    username: &str,
    now_ms: i64,
    forget_before_ms: i64,
) -> Result<(), ServerError> {
    let mut tx = client.transaction()?;
    tx.execute(
        "DELETE FROM sign_in_failures WHERE at_ms < $1",
        &[&forget_before_ms],
    )?;
    tx.execute(
        "INSERT INTO sign_in_failures (username, at_ms) VALUES ($1, $2)",
        &[&username, &now_ms],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn clear_failures(client: &mut Client, username: &str) -> Result<(), ServerError> {
    client.execute(
        "DELETE FROM sign_in_failures WHERE username = $1",
        &[&username],
    )?;
    Ok(())
}

pub(super) fn enrol(
    client: &mut Client,
    token_sha256: &str,
    device_id: DeviceId,
    username: &str,
    label: &str,
    now: &str,
) -> Result<(), ServerError> {
    let device = device_id.to_string();
    let mut tx = client.transaction()?;
    tx.execute(
        "UPDATE device_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL",
        &[&device, &now],
    )?;
    tx.execute(
        "INSERT INTO device_tokens (token_sha256, device_id, username, label, enrolled_at)
         VALUES ($1, $2, $3, $4, $5)",
        &[&token_sha256, &device, &username, &label, &now],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn check_token(
    client: &mut Client,
    token_sha256: &str,
) -> Result<TokenCheck, ServerError> {
    let Some(r) = client.query_opt(
        "SELECT t.device_id, t.revoked_at IS NOT NULL, u.disabled, u.username, u.role, u.wards
         FROM device_tokens t JOIN users u ON u.username = t.username
         WHERE t.token_sha256 = $1",
        &[&token_sha256],
    )?
    else {
        return Ok(TokenCheck::Unknown);
    };
    if r.get::<_, bool>(1) {
        return Ok(TokenCheck::Revoked);
    }
    if r.get::<_, bool>(2) {
        return Ok(TokenCheck::Disabled);
    }
    Ok(TokenCheck::Valid(Principal {
        device_id: parse_device(r.get(0))?,
        username: r.get(3),
        role: parse_role(r.get(4))?,
        wards: serde_json::from_str(r.get(5))?,
    }))
}

pub(super) fn revoke_device(
    client: &mut Client,
    device_id: DeviceId,
    now: &str,
) -> Result<usize, ServerError> {
    let n = client.execute(
        "UPDATE device_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL",
        &[&device_id.to_string(), &now],
    )?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

pub(super) fn devices(client: &mut Client) -> Result<Vec<EnrolledDevice>, ServerError> {
    client
        .query(
            "SELECT device_id, username, label, enrolled_at, revoked_at IS NOT NULL
             FROM device_tokens ORDER BY enrolled_at DESC, seq DESC",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(EnrolledDevice {
                device_id: parse_device(r.get(0))?,
                username: r.get(1),
                label: r.get(2),
                enrolled_at: r.get(3),
                revoked: r.get(4),
            })
        })
        .collect()
}
