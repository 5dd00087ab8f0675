//! The stories' harness: the real server (SQLite or PostgreSQL) on its own
//! runtime over HTTP on port 0, and devices with real replicas that sign in
//! and sync over HTTP.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;
use tidemark_device::sync::{self, sync_signed_in, SyncReport};
use tidemark_device::Replica;
use tidemark_domain::input::{HouseholdInput, RaftInput};
pub use tidemark_server::testing::Backend;
use tidemark_server::testing::{open_store, PgDatabase};
use tidemark_server::{auth, router, Storage};

pub const ADMIN_PASSWORD: &str = "mật-khẩu-quản-trị-2026";

pub struct Server {
    pub url: String,
    pub store: Arc<dyn Storage>,
    /// Where the server keeps its files (photos under `photos/`).
    pub data_dir: std::path::PathBuf,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// Runs each named `fn(Server)` once per server backend.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::common::{spawn_server, Backend};
            #[test]
            fn sqlite() {
                if let Some(server) = spawn_server(Backend::Sqlite, stringify!($name)) {
                    super::$name(server);
                }
            }
            #[test]
            fn postgres() {
                if let Some(server) = spawn_server(Backend::Postgres, stringify!($name)) {
                    super::$name(server);
                }
            }
        }
    )*};
}

/// The real server on its own runtime, so that the devices' blocking
/// client never runs inside it; None when the backend is not available.
pub fn spawn_server(backend: Backend, test: &str) -> Option<Server> {
    let dir = tempfile::tempdir().unwrap();
    let (store, pg) = open_store(backend, &dir.path().join("server.sqlite"), test)?;
    auth::bootstrap_admin(
        store.as_ref(),
        Some(ADMIN_PASSWORD),
        "2026-11-27T00:00:00.000Z",
    )
    .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let served = store.clone();
    let photos = Arc::new(tidemark_server::photos::PhotoVault::open(None, dir.path()).unwrap());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, router(served, photos)).await.unwrap();
        });
    });
    let addr = rx.recv().unwrap();
    Some(Server {
        url: format!("http://{addr}"),
        store,
        data_dir: dir.path().to_owned(),
        _dir: dir,
        _pg: pg,
    })
}

pub struct Device {
    pub replica: Replica,
    _dir: tempfile::TempDir,
}

impl Device {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            replica: Replica::open(dir.path()).unwrap(),
            _dir: dir,
        }
    }

    /// Syncs, signing in as admin first when this device is not signed in.
    pub fn sync(&mut self, server: &Server) -> SyncReport {
        if !self.replica.sync_status().unwrap().signed_in {
            sync::sign_in(
                &mut self.replica,
                &server.url,
                "admin",
                ADMIN_PASSWORD,
                "story",
            )
            .unwrap();
        }
        sync_signed_in(&mut self.replica, &mut |_| {}).unwrap()
    }

    pub fn replace(&mut self, raft: &str, removed: u32, installed: u32) {
        self.replica
            .log_float_replacement(&tidemark_tests::records::replacement(
                raft, removed, installed,
            ))
            .unwrap();
    }

    pub fn floats(&self, raft: &str) -> (u64, u64, usize) {
        let d = self.replica.raft_detail(raft).unwrap();
        (d.floats.styrofoam, d.floats.hdpe, d.history.len())
    }
}

pub fn household(village: &str) -> HouseholdInput {
    HouseholdInput {
        full_name: "Hộ Thử Đồng Bộ".into(),
        village: village.into(),
        admin_unit_code: "QY-HA-AN".into(),
        ..Default::default()
    }
}

pub fn raft(household_id: &str) -> RaftInput {
    serde_json::from_value(serde_json::json!({
        "household_id": household_id, "local_tag": "DB-1", "kind": "bamboo_raft", "cell_count": "10",
        "length_m": "", "width_m": "", "species": "estuarine_oyster",
        "position": {"lat": "20.93", "lon": "106.85", "accuracy_m": "5"},
        "waterway": "", "zone": "", "status": "registered_in_zone",
        "initial_floats": {"styrofoam": "300", "hdpe": "0", "other_compliant": "0"}
    }))
    .unwrap()
}
