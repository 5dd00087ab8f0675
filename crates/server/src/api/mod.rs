//! The HTTP API, built as one router from a function (axum's style).
//!
//! Every endpoint but /health, /ready and sign-in needs a device token
//! (`Authorization: Bearer …`); account administration needs the admin role.

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::routing::{get, post};
use axum::{Extension, Router};
use std::sync::Arc;
use tidemark_domain::reference::Role;

use crate::auth::token_digest;
use crate::error::ServerError;
use crate::photos::PhotoVault;
use crate::store::{Principal, Storage, TokenCheck};

mod accounts;
pub mod openapi;
mod photos;
mod reference;
mod sync;

/// Largest accepted request body: a push of several thousand mutations.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The whole API over `store` (records and accounts) and `photos` (photo
/// bytes).
pub fn router(store: Arc<dyn Storage>, photos: Arc<PhotoVault>) -> Router {
    Router::new()
        .route("/health", get(openapi::health))
        .route("/ready", get(openapi::ready))
        .route("/api/v1/openapi.json", get(openapi::openapi_json))
        .route("/api/v1/auth/sign-in", post(accounts::sign_in))
        .route("/api/v1/auth/me", get(accounts::me))
        .route("/api/v1/users", get(accounts::list).post(accounts::create))
        .route("/api/v1/users/{username}/disable", post(accounts::disable))
        .route("/api/v1/users/{username}/enable", post(accounts::enable))
        .route("/api/v1/devices", get(accounts::devices))
        .route("/api/v1/devices/{device_id}/revoke", post(accounts::revoke))
        .route("/api/v1/sync/push", post(sync::push))
        .route("/api/v1/sync/pull", get(sync::pull))
        .route("/api/v1/reference/zones", get(reference::zones))
        .route("/api/v1/photos/awaited", get(photos::awaited))
        .route("/api/v1/photos/status", post(photos::statuses))
        .route(
            "/api/v1/photos/{sha256}",
            get(photos::status).put(photos::put_chunk),
        )
        .route("/api/v1/photos/{sha256}/content", get(photos::content))
        .layer(Extension(photos))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(store)
}

/// Runs store work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServerError::Internal(e.to_string()))?
}

/// The server's clock in Unix milliseconds, as sign-in's rate limit counts.
pub(crate) fn now_ms() -> i64 {
    i64::try_from(crate::store::push::server_now_ms()).unwrap_or(i64::MAX)
}

/// Now, as the server writes times into accounts and enrolments.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn bad_body(rejection: JsonRejection) -> ServerError {
    // The reason names what is wrong, not the values: bodies hold personal data.
    let (code, reason) = match &rejection {
        JsonRejection::JsonSyntaxError(_) => ("request.invalid_json", "the body is not valid JSON"),
        JsonRejection::JsonDataError(_) => (
            "request.invalid_fields",
            "a field is missing, unknown or of the wrong type",
        ),
        JsonRejection::MissingJsonContentType(_) => {
            ("request.content_type", "the body must be application/json")
        }
        _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ("request.too_large", "the body is too large")
        }
        _ => ("request.unreadable", "the body could not be read"),
    };
    ServerError::BadBody {
        status: rejection.status(),
        code,
        reason: reason.to_owned(),
    }
}

/// The principal behind a request's bearer token.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

impl Authenticated {
    fn require_admin(&self) -> Result<(), ServerError> {
        if self.0.role == Role::Admin {
            Ok(())
        } else {
            Err(ServerError::Forbidden)
        }
    }
}

impl FromRequestParts<Arc<dyn Storage>> for Authenticated {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        store: &Arc<dyn Storage>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ServerError::Unauthenticated {
                code: "auth.missing_token",
                message: "sign in first: this request needs a device token",
            })?;
        let digest = token_digest(token);
        let store = store.clone();
        match blocking(move || store.check_token(&digest)).await? {
            TokenCheck::Valid(principal) => Ok(Self(principal)),
            TokenCheck::Revoked => Err(ServerError::Unauthenticated {
                code: "auth.revoked",
                message: "this device's token was revoked: sign in again",
            }),
            TokenCheck::Disabled => Err(ServerError::Unauthenticated {
                code: "auth.disabled",
                message: "this account is disabled",
            }),
            TokenCheck::Unknown => Err(ServerError::Unauthenticated {
                code: "auth.invalid_token",
                message: "the token is not valid: sign in again",
            }),
        }
    }
}
