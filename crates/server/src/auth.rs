//! Passwords, device tokens and the sign-in rules.
//!
//! Passwords are hashed with argon2id; a device token is 32 random bytes
//! that the server keeps only as a SHA-256 digest. Sign-in is rate-limited
//! per username in the database, so the limit holds across instances.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use tidemark_domain::auth::{
    Account, NewAccount, NewPassword, SignInRequest, SignInResponse, Username,
};
use tidemark_domain::reference::Role;

use crate::error::ServerError;
use crate::store::{ward_of_unit, Storage};

/// At most this many failed sign-ins per username in `FAILURE_WINDOW_MS`.
pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;

/// Prefix of every device token, so a leaked one is recognisable.
const TOKEN_PREFIX: &str = "tmk_";

fn random_bytes<const N: usize>() -> Result<[u8; N], ServerError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| ServerError::Internal(format!("randomness: {e}")))?;
    Ok(bytes)
}

pub fn hash_password(password: &NewPassword) -> Result<String, ServerError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| ServerError::Internal(format!("salt: {e}")))?;
    Ok(Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map_err(|e| ServerError::Internal(format!("hashing: {e}")))?
        .to_string())
}

fn verify_password(hash: &str, candidate: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(candidate.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new device token: what the device keeps, and the digest the server keeps.
pub fn new_token() -> Result<(String, String), ServerError> {
    let token = format!(
        "{TOKEN_PREFIX}{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<32>()?)
    );
    let digest = token_digest(&token);
    Ok((token, digest))
}

pub fn token_digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a sign-in and enrols the device. Unknown user and wrong password
/// answer alike (and take as long), so names cannot be probed.
pub fn sign_in(
    store: &dyn Storage,
    request: &SignInRequest,
    now_ms: i64,
    now: &str,
) -> Result<SignInResponse, ServerError> {
    let Ok(username) = Username::parse(&request.username) else {
        return Err(ServerError::InvalidCredentials);
    };
    let name = username.as_str();
    if store.failures_since(name, now_ms - FAILURE_WINDOW_MS)? >= MAX_FAILURES {
        return Err(ServerError::RateLimited {
            retry_after_s: (FAILURE_WINDOW_MS / 1000) as u64,
        });
    }
    let credentials = store.credentials(name)?;
    let verified = match &credentials {
        Some((hash, _)) => verify_password(hash, &request.password),
        None => {
            // Same work as a real check, against a hash that matches nothing.
            let _ = verify_password(DUMMY_HASH, &request.password);
            false
        }
    };
    if !verified {
        store.record_failure(name, now_ms, now_ms - FAILURE_WINDOW_MS)?;
        tracing::info!(username = name, "sign-in refused");
        return Err(ServerError::InvalidCredentials);
    }
    store.clear_failures(name)?;
    if credentials.is_some_and(|(_, disabled)| disabled) {
        return Err(ServerError::AccountDisabled);
    }
    let account = store
        .user(name)?
        .ok_or_else(|| ServerError::Internal("account vanished during sign-in".into()))?;
    let (token, digest) = new_token()?;
    store.enrol(
        &digest,
        request.device_id,
        name,
        request.device_label.trim(),
        now,
    )?;
    tracing::info!(username = name, device = %request.device_id, "device enrolled");
    Ok(SignInResponse { token, account })
}

/// argon2id of a random password nobody knows; verifying against it costs
/// what a real verification costs.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$5fH6rWv0Ey2Y5cVJ9w2F3mF1mS0xS0Vx1gJ8wq3XW0Q";

/// On first start: create the `admin` account. The password comes from
/// `password` (TIDEMARK_ADMIN_PASSWORD) or is generated; a generated one is
/// returned so the caller can show it once. Nothing happens when accounts
/// already exist.
pub fn bootstrap_admin(
    store: &dyn Storage,
    password: Option<&str>,
    now: &str,
) -> Result<Option<String>, ServerError> {
    if store.user_count()? > 0 {
        return Ok(None);
    }
    let (password, generated) = match password {
        Some(p) => (p.to_owned(), false),
        None => (URL_SAFE_NO_PAD.encode(random_bytes::<12>()?), true),
    };
    let password = NewPassword::parse(&password).map_err(|e| ServerError::Invalid {
        field: "TIDEMARK_ADMIN_PASSWORD",
        code: e.code,
        message: e.message.en,
    })?;
    let username = Username::parse("admin").map_err(|e| ServerError::Internal(e.to_string()))?;
    store.create_user(
        &username,
        "Quản trị viên",
        Role::Admin,
        &[],
        &hash_password(&password)?,
        now,
    )?;
    Ok(generated.then(|| password.expose().to_owned()))
}

/// Checks a new account (the API's and the CLI's) and stores it.
pub fn create_account(
    store: &dyn Storage,
    new: &NewAccount,
    now: &str,
) -> Result<Account, ServerError> {
    let invalid = |field, e: tidemark_domain::ParseError| ServerError::Invalid {
        field,
        code: e.code,
        message: e.message.en,
    };
    let username = Username::parse(&new.username).map_err(|e| invalid("username", e))?;
    let password = NewPassword::parse(&new.password).map_err(|e| invalid("password", e))?;
    let display_name = new.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 100 {
        return Err(ServerError::Invalid {
            field: "display_name",
            code: "account.display_name",
            message: "a display name has 1 to 100 characters".into(),
        });
    }
    let mut wards = Vec::with_capacity(new.wards.len());
    for code in &new.wards {
        let code = code.trim();
        if ward_of_unit(code).as_deref() != Some(code) {
            return Err(ServerError::Invalid {
                field: "wards",
                code: "account.unknown_ward",
                message: format!("{code:?} is not the code of a current ward"),
            });
        }
        if !wards.iter().any(|w| w == code) {
            wards.push(code.to_owned());
        }
    }
    store.create_user(
        &username,
        display_name,
        new.role,
        &wards,
        &hash_password(&password)?,
        now,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let p = NewPassword::parse("đúng-mật-khẩu-1").unwrap();
        let hash = hash_password(&p).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "đúng-mật-khẩu-1"));
        assert!(!verify_password(&hash, "sai-mật-khẩu-1"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password(DUMMY_HASH, "đúng-mật-khẩu-1"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn tokens_are_random_and_kept_as_digests() {
        let (a, da) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() > 40);
        assert_eq!(da, token_digest(&a));
        assert_eq!(da.len(), 64);
        assert!(!da.contains(&a));
    }
}
