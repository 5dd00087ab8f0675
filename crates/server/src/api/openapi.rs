//! The OpenAPI document of the whole HTTP API, generated from the handlers'
//! annotations and the wire types (utoipa). Served at
//! /api/v1/openapi.json; a copy is committed as crates/server/openapi.json
//! and a test fails when it drifts from the code.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{accounts, photos, reference, sync};

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Tidemark server",
        description = "Accounts and two-way sync for Tidemark field devices (DESIGN.md, \"Sync protocol\"). Every error answers `ErrorBody` with a stable `code`.",
    ),
    paths(
        health,
        ready,
        openapi_json,
        accounts::sign_in,
        accounts::me,
        accounts::list,
        accounts::create,
        accounts::disable,
        accounts::enable,
        accounts::devices,
        accounts::revoke,
        sync::push,
        sync::pull,
        reference::zones,
        photos::status,
        photos::statuses,
        photos::put_chunk,
        photos::content,
        photos::awaited,
    ),
    modifiers(&DeviceToken),
    tags(
        (name = "sync", description = "Push the outbox, pull the change log"),
        (name = "accounts", description = "Sign-in, accounts and enrolled devices"),
        (name = "reference", description = "Reference data devices sync down: farming zones"),
        (name = "photos", description = "Resumable, content-addressed photo uploads"),
        (name = "operations", description = "Health and readiness"),
    )
)]
pub struct ApiDoc;

struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "device_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The device token from sign-in (`tmk_…`), bound to one device",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document as pretty JSON with a final newline, as committed.
pub fn document() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "The process is up", body = String)))]
pub(super) async fn health() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/ready", tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = String),
        (status = 500, description = "The database does not answer", body = crate::error::ErrorBody),
    ))]
pub(super) async fn ready(
    axum::extract::State(store): axum::extract::State<std::sync::Arc<dyn crate::store::Storage>>,
) -> Result<&'static str, crate::error::ServerError> {
    super::blocking(move || store.ping()).await?;
    Ok("ready")
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "This document", content_type = "application/json")))]
pub(super) async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
