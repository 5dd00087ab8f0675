//! Reference data every device syncs down: farming zones.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;
use tidemark_domain::zone::ZoneSet;

use super::{blocking, Authenticated};
use crate::error::ServerError;
use crate::store::Storage;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct ZonesQuery {
    /// The zone-set version the device holds; when it is current, the
    /// answer leaves the zones out.
    known_version: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/reference/zones", tag = "reference",
    security(("device_token" = [])),
    params(ZonesQuery),
    responses(
        (status = 200, description = "The zone set's version, and its zones unless the device holds that version", body = ZoneSet),
        (status = 400, description = "Bad query", body = crate::error::ErrorBody),
        (status = 401, description = "No usable device token", body = crate::error::ErrorBody),
    ))]
pub(super) async fn zones(
    State(store): State<Arc<dyn Storage>>,
    Authenticated(_principal): Authenticated,
    query: Result<Query<ZonesQuery>, QueryRejection>,
) -> Result<Json<ZoneSet>, ServerError> {
    // Zones are public planning documents: every signed-in user sees all
    // of them, whatever wards they cover.
    let Query(query) =
        query.map_err(|_| ServerError::BadQuery("known_version must be a whole number".into()))?;
    Ok(Json(
        blocking(move || store.zones(query.known_version)).await?,
    ))
}
