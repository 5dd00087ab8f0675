//! The IPC commands through Tauri's mock runtime: the same registration as
//! the real app, real arguments as JSON, real replica on SQLite.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};
use tidemark_app::{with_commands, AppState};
use tidemark_device::Replica;

fn app() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    app_with(AppState::new(Replica::open_in_memory().unwrap()))
}

fn app_with(state: AppState) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(state);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_with(window, cmd, InvokeBody::Json(args))
}

fn invoke_with(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn household(name: &str) -> Value {
    json!({"full_name": name, "cccd": "", "phone": "", "village": "Khu 2", "admin_unit_code": "QY-PHONG-COC", "cooperative": ""})
}

#[test]
fn a_household_saved_over_ipc_is_found_by_search_and_counted_for_sync() {
    let (_app, w) = app();
    let saved = invoke(
        &w,
        "save_household",
        json!({"id": null, "input": household("Ngô Văn Phong")}),
    )
    .unwrap();
    assert_eq!(saved["pending_sync"], 1);
    let found = invoke(&w, "search_households", json!({"query": "ngo van"})).unwrap();
    assert_eq!(found[0]["full_name"], "Ngô Văn Phong");
    assert_eq!(found[0]["admin_unit_name"], "Phong Cốc");
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["pending_sync"], 1);
}

#[test]
fn invalid_input_comes_back_as_code_message_and_fields_not_a_string() {
    let (_app, w) = app();
    let mut input = household("Ngô Văn Phong");
    input["cccd"] = json!("12");
    let err = invoke(&w, "save_household", json!({"id": null, "input": input})).unwrap_err();
    assert_eq!(err["code"], "validation");
    assert!(err["message"]["vi"]
        .as_str()
        .unwrap()
        .contains("chưa hợp lệ"));
    assert_eq!(err["fields"][0]["field"], "cccd");
    assert_eq!(err["fields"][0]["code"], "cccd.length");
    assert!(err["fields"][0]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("12 digits"));
}

#[test]
fn a_raft_and_its_float_replacement_show_on_the_raft_page() {
    let (_app, w) = app();
    let h = invoke(
        &w,
        "save_household",
        json!({"id": null, "input": household("Ngô Văn Phong")}),
    )
    .unwrap();
    let raft = invoke(
        &w,
        "save_raft",
        json!({"id": null, "input": {
            "household_id": h["id"], "local_tag": "PC-7", "kind": "bamboo_raft", "cell_count": "10",
            "length_m": "", "width_m": "", "species": "estuarine_oyster",
            "position": {"lat": "20.9", "lon": "106.8", "accuracy_m": "6"},
            "waterway": "", "zone": "", "status": "registered_in_zone",
            "initial_floats": {"styrofoam": "400", "hdpe": "0", "other_compliant": "0"}
        }}),
    )
    .unwrap();
    let logged = invoke(
        &w,
        "log_float_replacement",
        json!({"input": {
            "raft_id": raft["id"], "date": "2025-12-01", "styrofoam_removed": "150", "installed": "120",
            "installed_material": "hdpe", "supplier": "", "batch": "", "disposal": "collected", "subsidy_vnd": "", "note": ""
        }}),
    )
    .unwrap();
    let page = invoke(&w, "get_raft", json!({"id": raft["id"]})).unwrap();
    assert_eq!(page["floats"]["styrofoam"], 250);
    assert_eq!(page["floats"]["hdpe"], 120);
    assert_eq!(page["history"][0]["type"], "float_replacement");
    assert_eq!(page["household_name"], "Ngô Văn Phong");

    // Voided over IPC: a reason is required, then the floats go back.
    let err = invoke(
        &w,
        "void_event",
        json!({"input": {"event_id": logged["id"], "reason": ""}}),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["code"], "void.reason_missing");
    invoke(
        &w,
        "void_event",
        json!({"input": {"event_id": logged["id"], "reason": "Nhầm bè"}}),
    )
    .unwrap();
    let page = invoke(&w, "get_raft", json!({"id": raft["id"]})).unwrap();
    assert_eq!(page["floats"]["styrofoam"], 400);
    assert_eq!(page["floats"]["hdpe"], 0);
    let types: Vec<&str> = page["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 2);
    assert!(types.contains(&"event_void"));
}

#[test]
fn a_malformed_argument_is_refused_without_touching_the_replica() {
    let (_app, w) = app();
    let err = invoke(
        &w,
        "save_household",
        json!({"id": null, "input": {"full_name": 42}}),
    )
    .unwrap_err();
    assert!(
        err.as_str().unwrap_or_default().contains("invalid"),
        "{err}"
    );
    let unknown = invoke(&w, "get_raft", json!({"id": "not-a-uuid"})).unwrap_err();
    assert_eq!(unknown["code"], "validation");
    assert_eq!(
        invoke(&w, "app_info", json!({})).unwrap()["pending_sync"],
        0
    );
}

#[test]
fn a_form_draft_is_kept_read_back_and_discarded_over_ipc() {
    let (_app, w) = app();
    let key = "household:new";
    assert_eq!(
        invoke(&w, "load_draft", json!({"key": key})).unwrap(),
        Value::Null
    );
    invoke(
        &w,
        "save_draft",
        json!({"key": key, "body": {"full_name": "Ngô Văn Nháp"}}),
    )
    .unwrap();
    let draft = invoke(&w, "load_draft", json!({"key": key})).unwrap();
    assert_eq!(draft["body"]["full_name"], "Ngô Văn Nháp");
    let bad = invoke(&w, "save_draft", json!({"key": "x y", "body": {}})).unwrap_err();
    assert_eq!(bad["fields"][0]["code"], "draft.key");
    invoke(&w, "discard_draft", json!({"key": key})).unwrap();
    assert_eq!(
        invoke(&w, "load_draft", json!({"key": key})).unwrap(),
        Value::Null
    );
    // Nothing of it waits to sync.
    assert_eq!(
        invoke(&w, "app_info", json!({})).unwrap()["pending_sync"],
        0
    );
}

#[test]
fn a_replica_that_cannot_open_leaves_the_app_up_saying_why_and_the_data_untouched() {
    // A database left by a newer release of Tidemark.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(tidemark_device::store::DB_FILE);
    drop(Replica::open(dir.path()).unwrap());
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let before = std::fs::read(&db).unwrap();

    let (_app, w) = app_with(AppState::open(dir.path()));
    for (cmd, args) in [
        ("app_info", json!({})),
        ("search_households", json!({"query": ""})),
        (
            "save_household",
            json!({"id": null, "input": household("Ngô Văn Phong")}),
        ),
        // Sync says why too, not "no connection".
        ("sync_now", json!({})),
        (
            "sign_in",
            json!({"serverUrl": "http://127.0.0.1:9", "username": "a", "password": "b"}),
        ),
    ] {
        let err = invoke(&w, cmd, args).unwrap_err();
        assert_eq!(err["code"], "storage.newer_schema", "{cmd}");
        assert!(
            err["message"]["vi"]
                .as_str()
                .unwrap()
                .contains("cập nhật ứng dụng"),
            "{cmd}: {err}"
        );
    }
    // A photo is refused the same way, before anything is written.
    let photo =
        invoke_with(&w, "stage_photo", InvokeBody::Raw(vec![0xFF, 0xD8, 0xFF])).unwrap_err();
    assert_eq!(photo["code"], "storage.newer_schema");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the data was touched");
}

#[test]
fn the_photo_upload_size_is_read_and_set_over_ipc_within_its_bounds() {
    let (_app, w) = app();
    assert_eq!(invoke(&w, "photo_max_px", json!({})).unwrap(), 2048);
    assert_eq!(
        invoke(&w, "set_photo_max_px", json!({"px": 1600})).unwrap(),
        1600
    );
    assert_eq!(invoke(&w, "photo_max_px", json!({})).unwrap(), 1600);
    let err = invoke(&w, "set_photo_max_px", json!({"px": 100})).unwrap_err();
    assert_eq!(err["fields"][0]["code"], "photo.max_px");
    assert_eq!(invoke(&w, "photo_max_px", json!({})).unwrap(), 1600);
}

#[test]
fn ward_progress_lists_the_six_current_wards() {
    let (_app, w) = app();
    invoke(&w, "load_demo_data", json!({})).unwrap();
    let wards = invoke(&w, "ward_progress", json!({})).unwrap();
    let names: Vec<&str> = wards
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["ward_name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 6);
    assert!(names.contains(&"Liên Hòa"));
    assert!(wards
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["households"].as_u64().unwrap() >= 2));
}

#[test]
fn sync_status_and_needs_attention_answer_before_any_sign_in() {
    let (_app, w) = app();
    invoke(
        &w,
        "save_household",
        json!({"id": null, "input": household("Hộ Chờ Gửi")}),
    )
    .unwrap();
    let status = invoke(&w, "sync_status", json!({})).unwrap();
    assert_eq!(status["signed_in"], false);
    assert_eq!(status["pending"], 1);
    assert_eq!(status["online"], Value::Null);
    assert_eq!(status["needs_sign_in"], false);
    assert_eq!(invoke(&w, "needs_attention", json!({})).unwrap(), json!([]));
    // Resolving an item that does not exist is a clear error, not a panic.
    let missing = invoke(
        &w,
        "resolve_attention",
        json!({"id": 42, "sendMineAgain": false}),
    )
    .unwrap_err();
    assert_eq!(missing["code"], "not_found");
    // This state has no sync thread: asking for a sync says so with a code.
    let no_sync = invoke(&w, "sync_now", json!({})).unwrap_err();
    assert_eq!(no_sync["code"], "sync.offline");
    assert!(no_sync["message"]["vi"]
        .as_str()
        .unwrap()
        .contains("an toàn"));
}

/// A photo's bytes as the webview sends them: the raw request body.
fn invoke_raw(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    bytes: Vec<u8>,
) -> Result<Value, Value> {
    invoke_with(window, cmd, InvokeBody::Raw(bytes))
}

#[test]
fn a_photo_sent_as_raw_bytes_is_staged_by_its_digest_and_json_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(AppState::new(Replica::open(dir.path()).unwrap()));
    let w = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    // A real camera file, small enough to go up as it is.
    let jpeg = include_bytes!("../../crates/device/tests/fixtures/photos/nogps_fujifilm_e500.jpg");
    let staged = invoke_raw(&w, "stage_photo", jpeg.to_vec()).unwrap();
    assert_eq!(
        staged["sha256"],
        "ffbee7b07bf267dc0fb52817f8866df647758f7d48ac93e7a73d1914fb4c74da"
    );
    assert!(staged["thumbnail"]
        .as_str()
        .unwrap()
        .starts_with("data:image/jpeg;base64,"));
    assert!(dir
        .path()
        .join("photos/ffbee7b07bf267dc0fb52817f8866df647758f7d48ac93e7a73d1914fb4c74da.jpg")
        .is_file());
    // The replica answers other commands after it.
    assert_eq!(
        invoke(&w, "app_info", json!({})).unwrap()["pending_sync"],
        0
    );

    let err = invoke(&w, "stage_photo", json!({"bytes": [1, 2, 3]})).unwrap_err();
    assert_eq!(err["fields"][0]["code"], "photo.body");
    let err = invoke_raw(&w, "stage_photo", b"not a photo".to_vec()).unwrap_err();
    assert_eq!(err["fields"][0]["code"], "photo.format");
}
