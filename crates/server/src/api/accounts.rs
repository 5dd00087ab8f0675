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

#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "accounts",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "The device is enrolled; its token (shown once)", body = SignInResponse),
        (status = 401, description = "Wrong username or password (`auth.invalid_credentials`)", body = crate::error::ErrorBody),
        (status = 403, description = "The account is disabled", body = crate::error::ErrorBody),
        (status = 429, description = "Too many failures for this name; see Retry-After", body = crate::error::ErrorBody),
    ))]
pub(super) async fn sign_in(
    State(store): State<Arc<dyn Storage>>,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<Json<SignInResponse>, ServerError> {
    let Json(request) = body.map_err(bad_body)?;
    Ok(Json(
        blocking(move || auth::sign_in(store.as_ref(), &request, now_ms(), &now_rfc3339())).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/auth/me", tag = "accounts",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "The signed-in account", body = Account),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
    ))]
pub(super) async fn me(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(principal): Authenticated,
) -> Result<Json<Account>, ServerError> {
    let account = blocking(move || store.user(&principal.username)).await?;
    account
        .map(Json)
        .ok_or(ServerError::NotFound { what: "account" })
}

#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Every account (admins only)", body = Vec<Account>),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
    ))]
pub(super) async fn list(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
) -> Result<Json<Vec<Account>>, ServerError> {
    who.require_admin()?;
    Ok(Json(blocking(move || store.users()).await?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts",
    security(("device_token" = [])),
    request_body = NewAccount,
    responses(
        (status = 201, description = "Created", body = Account),
        (status = 400, description = "A field is not valid; `field` names it", body = crate::error::ErrorBody),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
        (status = 409, description = "The username is taken", body = crate::error::ErrorBody),
    ))]
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

#[utoipa::path(post, path = "/api/v1/users/{username}/disable", tag = "accounts",
    security(("device_token" = [])),
    params(("username" = String, Path, description = "The account to disable")),
    responses(
        (status = 200, description = "Disabled: its devices stop syncing at once", body = Account),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
        (status = 404, description = "No such account", body = crate::error::ErrorBody),
    ))]
pub(super) async fn disable(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
    Path(username): Path<String>,
) -> Result<Json<Account>, ServerError> {
    set_disabled(store, who, username, true).await
}

#[utoipa::path(post, path = "/api/v1/users/{username}/enable", tag = "accounts",
    security(("device_token" = [])),
    params(("username" = String, Path, description = "The account to enable")),
    responses(
        (status = 200, description = "Enabled", body = Account),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
        (status = 404, description = "No such account", body = crate::error::ErrorBody),
    ))]
pub(super) async fn enable(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
    Path(username): Path<String>,
) -> Result<Json<Account>, ServerError> {
    set_disabled(store, who, username, false).await
}

#[utoipa::path(get, path = "/api/v1/devices", tag = "accounts",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Every enrolment, newest first (admins only)", body = Vec<EnrolledDevice>),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
    ))]
pub(super) async fn devices(
    State(store): State<Arc<dyn Storage>>,
    who: Authenticated,
) -> Result<Json<Vec<EnrolledDevice>>, ServerError> {
    who.require_admin()?;
    Ok(Json(blocking(move || store.devices()).await?))
}

#[utoipa::path(post, path = "/api/v1/devices/{device_id}/revoke", tag = "accounts",
    security(("device_token" = [])),
    params(("device_id" = String, Path, description = "The device to revoke")),
    responses(
        (status = 204, description = "Revoked: the device must sign in again"),
        (status = 400, description = "Not a device id", body = crate::error::ErrorBody),
        (status = 403, description = "Not an admin", body = crate::error::ErrorBody),
        (status = 404, description = "No live enrolment of this device", body = crate::error::ErrorBody),
    ))]
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
