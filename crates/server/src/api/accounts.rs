//! Sign-in, and account and device administration (admins only).

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use std::sync::Arc;
use tidemark_domain::auth::{Account, EnrolledDevice, NewAccount, SignInRequest, SignInResponse};
use tidemark_domain::ids::DeviceId;

use super::{bad_body, blocking, now_ms, now_rfc3339, Authenticated};
use crate::auth;
use crate::error::ServerError;
use crate::store::Storage;

pub(super) async fn sign_in(
    State(store): State<Arc<dyn Storage>>,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<Json<SignInResponse>, ServerError> {
    let Json(request) = body.map_err(bad_body)?;
    Ok(Json(
        blocking(move || auth::sign_in(store.as_ref(), &request, now_ms(), &now_rfc3339())).await?,
    ))
}

pub(super) async fn me(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(principal): Authenticated,
) -> Result<Json<Account>, ServerError> {
    let account = blocking(move || store.user(&principal.username)).await?;
    account
        .map(Json)
        .ok_or(ServerError::NotFound { what: "account" })
}

pub(super) async fn list(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
) -> Result<Json<Vec<Account>>, ServerError> {
    who.require_admin()?;
    Ok(Json(blocking(move || store.users()).await?))
}

pub(super) async fn create(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
    body: Result<Json<NewAccount>, JsonRejection>,
) -> Result<(StatusCode, Json<Account>), ServerError> {
    who.require_admin()?;
    let Json(new) = body.map_err(bad_body)?;
    let account =
        blocking(move || auth::create_account(store.as_ref(), &new, &now_rfc3339())).await?;
    tracing::info!(username = %account.username, by = %who.0.username, "account created");
    Ok((StatusCode::CREATED, Json(account)))
}

async fn set_disabled(
    store: Arc<dyn Storage>,
    who: Authenticated,
    username: String,
    disabled: bool,
) -> Result<Json<Account>, ServerError> {
    who.require_admin()?;
    let name = username.trim().to_ascii_lowercase();
    if disabled && name == who.0.username {
        return Err(ServerError::Invalid {
            field: "username",
            code: "account.disable_self",
            message: "an admin cannot disable their own account".into(),
        });
    }
    let account = blocking(move || {
        if !store.set_disabled(&name, disabled)? {
            return Ok(None);
        }
        store.user(&name)
    })
    .await?
    .ok_or(ServerError::NotFound { what: "account" })?;
    tracing::info!(username = %account.username, disabled, by = %who.0.username, "account changed");
    Ok(Json(account))
}

pub(super) async fn disable(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
    Path(username): Path<String>,
) -> Result<Json<Account>, ServerError> {
    set_disabled(store, who, username, true).await
}

pub(super) async fn enable(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
    Path(username): Path<String>,
) -> Result<Json<Account>, ServerError> {
    set_disabled(store, who, username, false).await
}

pub(super) async fn devices(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
) -> Result<Json<Vec<EnrolledDevice>>, ServerError> {
    who.require_admin()?;
    Ok(Json(blocking(move || store.devices()).await?))
}

pub(super) async fn revoke(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
    Path(device_id): Path<String>,
) -> Result<StatusCode, ServerError> {
    who.require_admin()?;
    let device_id: DeviceId = device_id.parse().map_err(|_| ServerError::Invalid {
        field: "device_id",
        code: "device.invalid_id",
        message: "not a device id".into(),
    })?;
    let revoked = blocking(move || store.revoke_device(device_id, &now_rfc3339())).await?;
    if revoked == 0 {
        return Err(ServerError::NotFound {
            what: "live enrolment of this device",
        });
    }
    tracing::info!(device = %device_id, by = %who.0.username, "device revoked");
    Ok(StatusCode::NO_CONTENT)
}
