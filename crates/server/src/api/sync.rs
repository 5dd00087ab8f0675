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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PullQuery {
    #[serde(default)]
    cursor: u64,
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
