//! The test harness: the real router on a real socket (port 0), a fresh
//! database per test, an `admin` account with a known password.
//!
//! Every test runs twice, on SQLite and on PostgreSQL (`both_backends!`);
//! see `tidemark_server::testing` for where PostgreSQL comes from.
#![allow(dead_code, clippy::unwrap_used)]

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tidemark_domain::ids::DeviceId;
use tidemark_domain::sync::{PullResponse, PushRequest, PushResponse};
use tidemark_server::photos::PhotoVault;
pub use tidemark_server::testing::Backend;
use tidemark_server::testing::{open_store, PgDatabase};
use tidemark_server::{auth, router, Storage};
use uuid::Uuid;

pub const ADMIN_PASSWORD: &str = "mật-khẩu-quản-trị-2026";

/// Runs each named `async fn(TestApp)` once per backend.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::common::{spawn_app, Backend};
            #[tokio::test]
            async fn sqlite() {
                if let Some(app) = spawn_app(Backend::Sqlite, stringify!($name)).await {
                    super::$name(app).await;
                }
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(app) = spawn_app(Backend::Postgres, stringify!($name)).await {
                    super::$name(app).await;
                }
            }
        }
    )*};
}

pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Storage>,
    pub http: reqwest::Client,
    /// Tokens of devices signed in as admin, enrolled on first push.
    tokens: Mutex<HashMap<DeviceId, String>>,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// A server on `backend` with a fresh database; None when that backend is
/// not available here (PostgreSQL without TIDEMARK_TEST_PG_URL).
pub async fn spawn_app(backend: Backend, test: &'static str) -> Option<TestApp> {
    spawn_app_with_vault(backend, test, |vault| vault).await
}

/// The same, with the photo vault's settings changed by `configure`.
pub async fn spawn_app_with_vault(
    backend: Backend,
    test: &'static str,
    configure: impl FnOnce(PhotoVault) -> PhotoVault,
) -> Option<TestApp> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.sqlite");
    let (store, pg) = tokio::task::spawn_blocking(move || {
        let (store, pg) = open_store(backend, &path, test)?;
        auth::bootstrap_admin(
            store.as_ref(),
            Some(ADMIN_PASSWORD),
            "2026-11-27T00:00:00.000Z",
        )
        .unwrap();
        Some((store, pg))
    })
    .await
    .unwrap()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let photos = Arc::new(configure(PhotoVault::open(None, dir.path()).unwrap()));
    let app = router(store.clone(), photos);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Some(TestApp {
        base,
        store,
        http: reqwest::Client::new(),
        tokens: Mutex::new(HashMap::new()),
        _dir: dir,
        _pg: pg,
    })
}

/// The device id the harness pulls as (an admin's device).
pub fn reader_device() -> DeviceId {
    DeviceId::from_uuid(Uuid::from_u128(0xFEED))
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Runs blocking store work off the test's async thread.
    pub async fn on_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Storage) -> T + Send + 'static,
    ) -> T {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .unwrap()
    }

    pub async fn sign_in_response(
        &self,
        username: &str,
        password: &str,
        device: DeviceId,
    ) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/auth/sign-in"))
            .json(&json!({"username": username, "password": password, "device_id": device, "device_label": "test"}))
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns the device token; panics when refused.
    pub async fn sign_in(&self, username: &str, password: &str, device: DeviceId) -> String {
        let response = self.sign_in_response(username, password, device).await;
        assert_eq!(response.status(), 200, "sign-in of {username}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// The admin token of `device`, signing it in the first time.
    pub async fn token_of(&self, device: DeviceId) -> String {
        if let Some(t) = self.tokens.lock().unwrap().get(&device) {
            return t.clone();
        }
        let token = self.sign_in("admin", ADMIN_PASSWORD, device).await;
        self.tokens.lock().unwrap().insert(device, token.clone());
        token
    }

    /// Creates an account as admin.
    pub async fn add_user(&self, username: &str, role: &str, wards: &[&str], password: &str) {
        let admin = self.token_of(reader_device()).await;
        let response = self
            .http
            .post(self.url("/api/v1/users"))
            .bearer_auth(admin)
            .json(&json!({"username": username, "display_name": username, "role": role, "wards": wards, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }

    pub async fn push_as(&self, token: &str, request: &PushRequest) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/sync/push"))
            .bearer_auth(token)
            .json(request)
            .send()
            .await
            .unwrap()
    }

    /// Pushes with the request's device's own (admin) token.
    pub async fn push(&self, request: &PushRequest) -> reqwest::Response {
        let token = self.token_of(request.device_id).await;
        self.push_as(&token, request).await
    }

    pub async fn push_ok(&self, request: &PushRequest) -> PushResponse {
        let response = self.push(request).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn pull_as(&self, token: &str, cursor: u64, limit: u32) -> PullResponse {
        let response = self
            .http
            .get(self.url(&format!("/api/v1/sync/pull?cursor={cursor}&limit={limit}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Pulls as an admin, who sees everything.
    pub async fn pull(&self, cursor: u64, limit: u32) -> PullResponse {
        let token = self.token_of(reader_device()).await;
        self.pull_as(&token, cursor, limit).await
    }
}

/// Creation metadata as a device writes it.
fn meta(device: DeviceId) -> Value {
    json!({"created_at": "2026-11-20T08:00:00.000Z", "updated_at": "2026-11-20T08:00:00.000Z",
           "created_by": "Người Thử", "device_id": device})
}

/// Every field of a valid household but its id, as a create carries them.
pub fn household_fields(device: DeviceId, village: &str, unit: &str) -> Value {
    json!({"full_name": "Hộ Thử", "cccd": null, "phone": null, "village": village,
           "admin_unit_code": unit, "cooperative": null, "demo": false, "meta": meta(device)})
}

/// Every field of a valid raft but its id.
pub fn raft_fields(device: DeviceId, household: Uuid, tag: &str) -> Value {
    json!({"household_id": household, "local_tag": tag, "kind": "bamboo_raft", "cell_count": 8,
           "length_m": null, "width_m": null, "species": "estuarine_oyster", "position": null,
           "waterway": null, "zone": null, "status": "registered_in_zone",
           "initial_floats": {"styrofoam": 300, "hdpe": 0, "other_compliant": 0}, "meta": meta(device)})
}

/// A valid float replacement event.
pub fn replacement_event(device: DeviceId, id: Uuid, raft: Uuid, removed: u32) -> Value {
    json!({"id": id, "raft_id": raft, "date": "2026-11-20", "styrofoam_removed": removed,
           "installed": removed, "installed_material": "hdpe", "supplier": null, "batch": null,
           "disposal": "collected", "subsidy_vnd": 0, "note": null, "meta": meta(device)})
}

/// A valid void of `voided`, an event of `raft`.
pub fn void_event(device: DeviceId, id: Uuid, raft: Uuid, voided: Uuid) -> Value {
    json!({"id": id, "raft_id": raft, "voided_event": voided, "date": "2026-11-21",
           "reason": "Nhập nhầm số lượng", "meta": meta(device)})
}

/// A valid inspection event.
pub fn inspection_event(device: DeviceId, id: Uuid, raft: Uuid, number: &str) -> Value {
    json!({"id": id, "raft_id": raft, "number": number, "date": "2026-11-20", "position": null,
           "inspectors": ["Người Thử"], "witnesses": [], "findings": "", "floats_seen": null,
           "violations": [], "remedy": null, "refused_to_sign": false, "meta": meta(device)})
}

/// The S3 test server scripts/s3.sh starts (moto), with a fresh bucket;
/// None outside CI when TIDEMARK_TEST_S3_ENDPOINT is not set (under CI its
/// absence fails the test: S3 must be tested there).
pub async fn moto_bucket(test: &str) -> Option<(String, String)> {
    let Some(endpoint) = std::env::var("TIDEMARK_TEST_S3_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs TIDEMARK_TEST_S3_ENDPOINT (scripts/s3.sh starts one)"
        );
        eprintln!("SKIPPED {test}: TIDEMARK_TEST_S3_ENDPOINT is not set");
        return None;
    };
    let bucket = format!("tidemark-test-{}", Uuid::now_v7().simple());
    // moto creates a bucket on a plain PUT.
    let created = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    Some((endpoint, bucket))
}

/// A client of that bucket, with moto's test credentials.
pub fn moto_client(endpoint: &str, bucket: &str) -> object_store::aws::AmazonS3 {
    object_store::aws::AmazonS3Builder::new()
        .with_endpoint(endpoint)
        .with_allow_http(true)
        .with_bucket_name(bucket)
        .with_region("us-east-1")
        .with_access_key_id("test")
        .with_secret_access_key("test")
        .build()
        .unwrap()
}
