//! The OpenAPI document: generated from the code, served by the server,
//! and committed as crates/server/openapi.json; this fails when the
//! committed copy drifts from the code.
#![allow(clippy::unwrap_used)]

mod common;

use common::{spawn_app, Backend};
use serde_json::Value;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

#[test]
fn the_committed_document_matches_the_code() {
    let generated = tidemark_server::api::openapi::document();
    if std::env::var_os("TIDEMARK_UPDATE_OPENAPI").is_some() {
        std::fs::write(COMMITTED, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        generated == committed,
        "crates/server/openapi.json drifted from the code: run \
         `TIDEMARK_UPDATE_OPENAPI=1 cargo test -p tidemark-server --test openapi` and commit it"
    );
}

#[test]
fn every_endpoint_is_described_with_its_errors() {
    let doc: Value = serde_json::from_str(&tidemark_server::api::openapi::document()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/health",
        "/ready",
        "/api/v1/openapi.json",
        "/api/v1/auth/sign-in",
        "/api/v1/auth/me",
        "/api/v1/users",
        "/api/v1/users/{username}/disable",
        "/api/v1/users/{username}/enable",
        "/api/v1/devices",
        "/api/v1/devices/{device_id}/revoke",
        "/api/v1/sync/push",
        "/api/v1/sync/pull",
    ] {
        assert!(paths.contains_key(path), "{path} is not in the document");
    }
    let push = &paths["/api/v1/sync/push"]["post"];
    for status in ["200", "401", "409", "413", "422"] {
        assert!(
            push["responses"].get(status).is_some(),
            "push has no {status}"
        );
    }
    assert!(push["security"].is_array());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for schema in [
        "PushRequest",
        "Mutation",
        "MutationOp",
        "PullResponse",
        "SignInRequest",
        "ErrorBody",
    ] {
        assert!(schemas.contains_key(schema), "no schema {schema}");
    }
}

#[tokio::test]
async fn the_server_serves_the_document() {
    let app = spawn_app(Backend::Sqlite, "openapi").await.unwrap();
    let served: Value = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let generated: Value =
        serde_json::from_str(&tidemark_server::api::openapi::document()).unwrap();
    assert_eq!(served, generated);
}
