//! The HTTP API, built as one router from a function (axum's style).

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::sync::Arc;
use tidemark_domain::sync::{
    PullResponse, PushRequest, PushResponse, PROTOCOL_VERSION, SCHEMA_VERSION,
};

use crate::error::ServerError;
use crate::store::ServerStore;

/// Largest accepted request body: a push of several thousand mutations.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

pub fn router(store: Arc<ServerStore>) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .route("/api/v1/sync/push", post(push))
        .route("/api/v1/sync/pull", get(pull))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(store)
}

async fn ready(State(store): State<Arc<ServerStore>>) -> Result<&'static str, ServerError> {
    blocking(move || store.pull(u64::MAX, 1)).await?;
    Ok("ready")
}

/// Runs store work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServerError::Internal(e.to_string()))?
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

async fn push(
    State(store): State<Arc<ServerStore>>,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ServerError> {
    let Json(request) = body.map_err(bad_body)?;
    if request.protocol_version != PROTOCOL_VERSION {
        return Err(ServerError::UnsupportedProtocol {
            got: request.protocol_version,
            supported: PROTOCOL_VERSION,
        });
    }
    if request.schema_version != SCHEMA_VERSION {
        return Err(ServerError::UnsupportedSchema {
            got: request.schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(Json(blocking(move || store.push(&request)).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    #[serde(default)]
    cursor: u64,
    #[serde(default = "default_limit")]
    limit: u32,
}

fn default_limit() -> u32 {
    1_000
}

async fn pull(
    State(store): State<Arc<ServerStore>>,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ServerError> {
    let Query(q) = query
        .map_err(|_| ServerError::BadQuery("cursor and limit must be whole numbers".into()))?;
    Ok(Json(blocking(move || store.pull(q.cursor, q.limit)).await?))
}
