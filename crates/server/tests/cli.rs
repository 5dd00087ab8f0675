//! The `tidemark-server` binary itself: the first start's admin with a
//! one-time password shown once, the account and device commands, and a
//! graceful shutdown that finishes a push in flight.
#![allow(clippy::unwrap_used)]

mod common;

use common::household_fields;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use tidemark_domain::hlc::Hlc;
use tidemark_domain::ids::{DeviceId, MutationId};
use tidemark_domain::sync::{
    EntityKind, Mutation, MutationOp, PushRequest, PROTOCOL_VERSION, SCHEMA_VERSION,
};
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_tidemark-server");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(data: &Path, port: u16, admin_password: Option<&str>) -> Child {
    let mut c = Command::new(BIN);
    c.args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        .env_remove("TIDEMARK_ADMIN_PASSWORD")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(p) = admin_password {
        c.env("TIDEMARK_ADMIN_PASSWORD", p);
    }
    let child = c.spawn().unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// SIGTERM, as a service manager stops the server.
fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn admin(data: &Path, args: &[&str], password: Option<&str>, stdin: &str) -> Output {
    let mut c = Command::new(BIN);
    c.arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("TIDEMARK_NEW_PASSWORD");
    if let Some(p) = password {
        c.env("TIDEMARK_NEW_PASSWORD", p);
    }
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

async fn sign_in(port: u16, username: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/sign-in"))
        .json(&json!({"username": username, "password": password, "device_id": Uuid::now_v7()}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_first_start_creates_admin_with_a_one_time_password_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut first = serve(dir.path(), port, None);
    let mut stderr = BufReader::new(first.stderr.take().unwrap());
    let mut password = None;
    let mut line = String::new();
    while password.is_none() && stderr.read_line(&mut line).unwrap() > 0 {
        password = line
            .split("one-time password: ")
            .nth(1)
            .map(|p| p.trim().to_owned());
        line.clear();
    }
    let password = password.expect("no one-time password printed");
    assert_eq!(sign_in(port, "admin", &password).await.status(), 200);
    terminate(&first);
    assert!(
        first.wait().unwrap().success(),
        "SIGTERM did not end it cleanly"
    );

    // The second start creates nothing and prints no password.
    let mut second = serve(dir.path(), port, None);
    terminate(&second);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut rest).unwrap();
    assert!(second.wait().unwrap().success());
    assert!(!rest.contains("one-time password"), "{rest}");
    assert!(!rest.contains(&password), "the password reached the logs");
}

#[test]
fn user_and_device_commands_manage_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = |o: &Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let add = [
        "user",
        "add",
        "lan.nt",
        "--name",
        "Nguyễn Thị Lan",
        "--role",
        "inspector",
        "--ward",
        "QY-HA-AN",
    ];
    let added = admin(d, &add, Some("mật-khẩu-của-lan"), "");
    assert!(added.status.success(), "{}", text(&added));
    let again = admin(d, &add, Some("mật-khẩu-của-lan"), "");
    assert!(!again.status.success());
    assert!(text(&again).contains("account.exists"), "{}", text(&again));
    let bad_ward = admin(
        d,
        &[
            "user",
            "add",
            "minh",
            "--name",
            "Minh",
            "--role",
            "inspector",
            "--ward",
            "QY-TAN-AN",
        ],
        Some("mật-khẩu-đủ-dài"),
        "",
    );
    assert!(
        text(&bad_ward).contains("account.unknown_ward"),
        "{}",
        text(&bad_ward)
    );
    // Without the variable, the password is the first line of stdin.
    let from_stdin = admin(
        d,
        &[
            "user",
            "add",
            "giam.sat",
            "--name",
            "Giám Sát",
            "--role",
            "supervisor",
        ],
        None,
        "mật-khẩu-giám-sát\n",
    );
    assert!(from_stdin.status.success(), "{}", text(&from_stdin));
    let short = admin(
        d,
        &[
            "user",
            "add",
            "ngan",
            "--name",
            "Ngắn",
            "--role",
            "inspector",
        ],
        None,
        "ngắn\n",
    );
    assert!(
        text(&short).contains("password.too_short"),
        "{}",
        text(&short)
    );

    let list = |d: &Path| -> Value {
        serde_json::from_slice(&admin(d, &["user", "list", "--json"], None, "").stdout).unwrap()
    };
    let users = list(d);
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["giam.sat", "lan.nt"]);
    assert_eq!(users[1]["wards"], json!(["QY-HA-AN"]));
    assert!(
        users.to_string().find("hash").is_none(),
        "a hash was listed"
    );

    assert!(admin(d, &["user", "disable", "Lan.NT"], None, "")
        .status
        .success());
    assert_eq!(list(d)[1]["disabled"], true);
    assert!(admin(d, &["user", "enable", "lan.nt"], None, "")
        .status
        .success());
    assert_eq!(list(d)[1]["disabled"], false);
    let nobody = admin(d, &["user", "disable", "nobody"], None, "");
    assert!(!nobody.status.success());

    let devices: Value =
        serde_json::from_slice(&admin(d, &["device", "list", "--json"], None, "").stdout).unwrap();
    assert_eq!(devices, json!([]));
    let revoke = admin(
        d,
        &["device", "revoke", &Uuid::now_v7().to_string()],
        None,
        "",
    );
    assert!(!revoke.status.success());
    assert!(
        text(&revoke).contains("no live enrolment"),
        "{}",
        text(&revoke)
    );
    let not_an_id = admin(d, &["device", "revoke", "tablet-7"], None, "");
    assert!(!not_an_id.status.success());
}

#[tokio::test]
async fn sigterm_lets_a_push_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = serve(dir.path(), port, Some("mật-khẩu-quản-trị-2026"));
    let device = DeviceId::from_uuid(Uuid::now_v7());
    let body: Value = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/sign-in"))
        .json(&json!({"username": "admin", "password": "mật-khẩu-quản-trị-2026", "device_id": device}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = body["token"].as_str().unwrap().to_owned();
    let mutations: Vec<Mutation> = (1..=300u64)
        .map(|seq| Mutation {
            device_seq: seq,
            mutation_id: MutationId::new(),
            device_id: device,
            entity: EntityKind::Household,
            entity_id: Uuid::now_v7(),
            hlc: Hlc {
                wall_ms: 1_000 + seq,
                counter: 0,
                device,
            },
            base_version: None,
            op: MutationOp::Upsert {
                fields: household_fields(device, "Khu 1", "QY-HA-AN")
                    .as_object()
                    .unwrap()
                    .clone(),
            },
        })
        .collect();
    let body = serde_json::to_vec(&PushRequest {
        protocol_version: PROTOCOL_VERSION,
        schema_version: SCHEMA_VERSION,
        device_id: device,
        mutations,
    })
    .unwrap();
    // Half the request is on the wire when SIGTERM comes; the rest after.
    let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).unwrap();
    let (first_half, second_half) = body.split_at(body.len() / 2);
    conn.write_all(first_half).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    terminate(&server);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server quit with a request in flight"
    );
    conn.write_all(second_half).unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut conn, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"acknowledged_seq\":300"), "{answer}");
    assert!(
        server.wait().unwrap().success(),
        "SIGTERM did not end it cleanly"
    );
}

#[test]
fn zone_import_is_all_or_nothing_and_names_each_broken_feature() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let square = |x0: f64| {
        serde_json::json!([[
            [x0, 20.9],
            [x0 + 0.01, 20.9],
            [x0 + 0.01, 20.91],
            [x0, 20.91],
            [x0, 20.9]
        ]])
    };
    let feature = |code: &str, coordinates: serde_json::Value| {
        serde_json::json!({"type": "Feature",
            "properties": {"ma_vung": code, "ten_vung": format!("Vùng {code}"), "phuong": "Hà An"},
            "geometry": {"type": "Polygon", "coordinates": coordinates}})
    };
    let write = |name: &str, features: Vec<serde_json::Value>| {
        let path = d.join(name);
        std::fs::write(
            &path,
            serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
        )
        .unwrap();
        path
    };
    let bow_tie = serde_json::json!([[
        [106.8, 20.9],
        [106.81, 20.91],
        [106.81, 20.9],
        [106.8, 20.91],
        [106.8, 20.9]
    ]]);
    let broken = write(
        "broken.geojson",
        vec![feature("OK", square(106.8)), feature("BAD", bow_tie)],
    );
    let out = admin(d, &["zone", "import", broken.to_str().unwrap()], None, "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("feature 1: zone.self_intersection"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing imported"), "{stderr}");
    let listed = admin(d, &["zone", "list", "--json"], None, "");
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), "[]");

    let good = write(
        "good.geojson",
        vec![
            feature("QY-HA-01", square(106.8)),
            feature("QY-HA-02", square(106.9)),
        ],
    );
    let out = admin(d, &["zone", "import", good.to_str().unwrap()], None, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "zones version 1: 2 added, 0 replaced, 0 removed, 0 unchanged"
    );
    // The same file again: the version stays, so devices download nothing.
    let again = admin(d, &["zone", "import", good.to_str().unwrap()], None, "");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        "zones version 1: 0 added, 0 replaced, 0 removed, 2 unchanged (nothing changed: devices keep their copy)"
    );
    let listed = admin(d, &["zone", "list"], None, "");
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("QY-HA-01") && text.contains("QY-HA-AN") && text.contains("Vùng QY-HA-02"),
        "{text}"
    );

    let missing = admin(d, &["zone", "import", "/nonexistent.geojson"], None, "");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

/// The photo store as an operator configures it: `--photo-store
/// s3://bucket/prefix` with the usual AWS_* variables (here pointing at
/// moto's S3 server, which scripts/s3.sh starts). A photo uploaded over
/// HTTP lands under the prefix in the bucket, not on the server's disk.
#[tokio::test]
async fn photos_go_to_the_s3_store_the_configuration_names() {
    let Some((endpoint, bucket)) =
        common::moto_bucket("photos_go_to_the_s3_store_the_configuration_names").await
    else {
        return;
    };
    let http = reqwest::Client::new();

    let dir = tempfile::tempdir().unwrap();
    let start = |store: &str| {
        let port = free_port();
        let child = Command::new(BIN)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--photo-store", store])
            .env("TIDEMARK_ADMIN_PASSWORD", "mật-khẩu-ảnh-2026")
            .env("AWS_ENDPOINT", &endpoint)
            .env("AWS_ALLOW_HTTP", "true")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        (port, child)
    };

    // A store that is neither the filesystem nor S3 stops the start, saying why.
    let (_, bad) = start("ftp://photos.example");
    let output = bad.wait_with_output().unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("s3://bucket/prefix"), "{said}");

    let (port, mut server) = start(&format!("s3://{bucket}/quang-yen"));
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let token = sign_in(port, "admin", "mật-khẩu-ảnh-2026")
        .await
        .json::<Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let photo: Vec<u8> = (0..150_000u32).map(|i| (i % 253) as u8).collect();
    let sha = {
        use sha2::{Digest, Sha256};
        let d: [u8; 32] = Sha256::digest(&photo).into();
        tidemark_domain::photo::Sha256Hex::from_digest(&d)
    };
    let status: Value = http
        .put(format!("http://127.0.0.1:{port}/api/v1/photos/{sha}"))
        .bearer_auth(&token)
        .header(
            "Content-Range",
            format!("bytes 0-{}/{}", photo.len() - 1, photo.len()),
        )
        .body(photo.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["complete"], true, "{status}");

    // In the bucket, under the prefix (read with its own S3 client);
    // nothing in the data directory.
    let s3 = common::moto_client(&endpoint, &bucket);
    let key =
        object_store::path::Path::from(format!("quang-yen/photos/{}/{sha}", &sha.as_str()[..2]));
    let object = object_store::ObjectStore::get(&s3, &key)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(object.as_ref(), photo.as_slice());
    assert!(!dir.path().join("photos").join("photos").exists());
    let served = http
        .get(format!(
            "http://127.0.0.1:{port}/api/v1/photos/{sha}/content"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(served.as_ref(), photo.as_slice());
    server.kill().unwrap();
    server.wait().unwrap();
}
