//! Push and pull: the device's token decides who may push as which device
//! and what a pull returns.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;
use tidemark_domain::sync::{
    PullResponse, PushRequest, PushResponse, PROTOCOL_VERSION, SCHEMA_VERSION,
};

use super::{bad_body, blocking, Authenticated};
use crate::error::ServerError;
use crate::store::Storage;

fn check_versions(protocol: u32, schema: u32) -> Result<(), ServerError> {
    if protocol != PROTOCOL_VERSION {
        return Err(ServerError::UnsupportedProtocol {
            got: protocol,
            supported: PROTOCOL_VERSION,
        });
    }
    if schema != SCHEMA_VERSION {
        return Err(ServerError::UnsupportedSchema {
            got: schema,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/sync/push", tag = "sync",
    security(("device_token" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "Applied in one transaction; a fate for each mutation", body = PushResponse),
        (status = 400, description = "Unsupported protocol or schema version", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
        (status = 403, description = "The token belongs to another device (`sync.wrong_device`)", body = crate::error::ErrorBody),
        (status = 409, description = "A gap in the device's sequence (`sync.gap`); nothing applied", body = crate::error::ErrorBody),
        (status = 413, description = "Body over 8 MiB", body = crate::error::ErrorBody),
        (status = 422, description = "Missing, unknown or mistyped fields", body = crate::error::ErrorBody),
    ))]
pub(super) async fn push(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(principal): Authenticated,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ServerError> {
    let Json(request) = body.map_err(bad_body)?;
    check_versions(request.protocol_version, request.schema_version)?;
    // A token is bound to the device it was issued to.
    if request.device_id != principal.device_id {
        return Err(ServerError::WrongDevice);
    }
    Ok(Json(blocking(move || store.push(&request)).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct PullQuery {
    /// The `next_cursor` of the previous page; 0 to start.
    #[serde(default)]
    cursor: u64,
    /// At most this many changes (1–5000, default 1000).
    #[serde(default = "default_limit")]
    limit: u32,
    /// Checked like a push's, so an outdated device learns it before it
    /// applies anything.
    protocol_version: Option<u32>,
    schema_version: Option<u32>,
}

fn default_limit() -> u32 {
    1_000
}

#[utoipa::path(get, path = "/api/v1/sync/pull", tag = "sync",
    security(("device_token" = [])),
    params(PullQuery),
    responses(
        (status = 200, description = "A page of the change log the user's wards allow", body = PullResponse),
        (status = 400, description = "Bad query or unsupported version", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
    ))]
pub(super) async fn pull(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(principal): Authenticated,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ServerError> {
    let Query(q) = query.map_err(|_| {
        ServerError::BadQuery(
            "cursor, limit, protocol_version and schema_version must be whole numbers".into(),
        )
    })?;
    check_versions(
        q.protocol_version.unwrap_or(PROTOCOL_VERSION),
        q.schema_version.unwrap_or(SCHEMA_VERSION),
    )?;
    let visibility = principal.visibility();
    Ok(Json(
        blocking(move || store.pull(q.cursor, q.limit, &visibility)).await?,
    ))
}
