//! The real app and the real server, end to end: an inspector signs in on
//! the settings screen, the server goes down, a household, its raft and a
//! float replacement are registered offline and wait on the device (the
//! demo dataset loaded beside them never waits), the server comes back,
//! "sync now" sends them, and the server has them, once, and no demo.
//!
//! Run by scripts/test.sh; alone:
//! `TIDEMARK_APP=… xvfb-run -a cargo test -p tidemark-tests --test app_sync_e2e -- --ignored`
#![allow(clippy::unwrap_used)]

use fantoccini::Locator;
use tidemark_tests::server::ServerProcess;
use tidemark_tests::ui::{click, save_screenshot, type_into, wait_attr, wait_for, wait_text};
use tidemark_tests::{free_port, Driver};

const PASSWORD: &str = "mật-khẩu-e2e-2026";

/// Float replacements on the server with this many styrofoam floats removed.
fn replacements_on_server(server_dir: &std::path::Path, removed: i64) -> i64 {
    let db = rusqlite::Connection::open(server_dir.join("tidemark-server.sqlite")).unwrap();
    db.query_row(
        "SELECT COUNT(*) FROM events WHERE entity = 'float_replacement'
           AND json_extract(body, '$.styrofoam_removed') = ?1",
        [removed],
        |r| r.get(0),
    )
    .unwrap()
}

/// Live records of `entity` on the server.
fn records_on_server(server_dir: &std::path::Path, entity: &str) -> i64 {
    let db = rusqlite::Connection::open(server_dir.join("tidemark-server.sqlite")).unwrap();
    db.query_row(
        "SELECT COUNT(*) FROM records WHERE entity = ?1 AND deleted = 0",
        [entity],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and server, tauri-driver and a display: scripts/test.sh runs it"]
async fn a_float_replacement_logged_while_the_server_is_down_reaches_it_once_it_is_back() {
    let home = tempfile::tempdir().unwrap();
    let server_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = ServerProcess::start(server_dir.path(), port, PASSWORD);
    let driver = Driver::start(home.path());
    let c = driver.open_app().await;
    wait_for(&c, "household-search").await;
    wait_attr(&c, "sync-state", "data-state", |s| s == "signed-out").await;

    // Sign in from the settings screen.
    click(&c, "nav-settings").await;
    wait_for(&c, "settings-page").await;
    type_into(&c, "f-server_url", &server.url).await;
    type_into(&c, "f-username", "admin").await;
    type_into(&c, "f-password", "wrong-password").await;
    click(&c, "sign-in").await;
    let refused = wait_text(&c, "sign-in-error", |t| !t.is_empty()).await;
    assert!(
        refused.contains("Sai tên đăng nhập hoặc mật khẩu"),
        "{refused}"
    );
    type_into(&c, "f-password", PASSWORD).await;
    click(&c, "sign-in").await;
    wait_for(&c, "account-panel").await;
    wait_attr(&c, "sync-state", "data-state", |s| s == "online").await;
    save_screenshot(&c, "sync-01-signed-in.png").await;

    // The office server goes down; the inspector works on: the demo
    // dataset to practise on (it never leaves the device), then a real
    // household, its raft and a float replacement.
    server.stop();
    click(&c, "nav-households").await;
    click(&c, "load-demo").await;
    wait_for(&c, "household-row").await;
    click(&c, "add-household").await;
    wait_for(&c, "household-form").await;
    type_into(&c, "f-full_name", "Phạm Văn Đồng Bộ").await;
    type_into(&c, "f-village", "Khu 2").await;
    c.find(Locator::Id("f-admin_unit_code"))
        .await
        .unwrap()
        .select_by_value("QY-HA-AN")
        .await
        .unwrap();
    click(&c, "form-save").await;
    wait_for(&c, "household-page").await;
    click(&c, "add-raft").await;
    wait_for(&c, "raft-form").await;
    type_into(&c, "f-local_tag", "HA-SYNC-1").await;
    type_into(&c, "f-cell_count", "8").await;
    type_into(&c, "f-position-lat", "20,9312").await;
    type_into(&c, "f-position-lon", "106,8467").await;
    type_into(&c, "f-initial_floats-styrofoam", "120").await;
    click(&c, "form-save").await;
    wait_for(&c, "raft-page").await;
    click(&c, "action-replace").await;
    wait_for(&c, "float-replacement-form").await;
    type_into(&c, "f-styrofoam_removed", "37").await;
    type_into(&c, "f-installed", "30").await;
    click(&c, "form-save").await;
    wait_for(&c, "raft-page").await;
    // The household, the raft and the replacement; nothing of the demo.
    let waiting: u64 = wait_attr(&c, "pending-count", "data-count", |n| n == "3")
        .await
        .parse()
        .unwrap();

    // Sync now, with the server down: offline, and nothing leaves the device.
    click(&c, "sync-now").await;
    wait_attr(&c, "sync-state", "data-state", |s| s == "offline").await;
    let still: u64 = wait_attr(&c, "pending-count", "data-count", |n| !n.is_empty())
        .await
        .parse()
        .unwrap();
    assert_eq!(still, waiting, "the outbox changed while offline");
    save_screenshot(&c, "sync-02-offline-waiting.png").await;
    assert_eq!(replacements_on_server(server_dir.path(), 37), 0);

    // The server is back: one sync sends everything, once.
    let server = ServerProcess::start(server_dir.path(), port, PASSWORD);
    click(&c, "sync-now").await;
    wait_attr(&c, "pending-count", "data-count", |n| n == "0").await;
    wait_attr(&c, "sync-state", "data-state", |s| s == "online").await;
    save_screenshot(&c, "sync-03-synced.png").await;
    assert_eq!(replacements_on_server(server_dir.path(), 37), 1);
    assert_eq!(
        records_on_server(server_dir.path(), "household"),
        1,
        "the demo households stayed on the device"
    );
    // Another sync changes nothing on the server.
    click(&c, "sync-now").await;
    wait_attr(&c, "sync-state", "data-state", |s| s == "online").await;
    assert_eq!(replacements_on_server(server_dir.path(), 37), 1);

    c.close().await.unwrap();
    drop(server);
}
