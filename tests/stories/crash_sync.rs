//! kill -9 in the middle of a sync, on both sides, with the real binaries:
//! the `tidemark` CLI killed while it pushes and pulls, and
//! `tidemark-server` killed while it applies pushes. After restarts, one
//! more sync converges: the server holds every record and every event
//! once, the device's outbox is empty, and both databases pass
//! `PRAGMA integrity_check`.
//!
//! Needs the binaries next to this test's (`cargo test --workspace` builds
//! them; alone: `cargo build -p tidemark-device -p tidemark-server` first).
#![allow(clippy::unwrap_used)]

use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use tidemark_device::Replica;
use tidemark_tests::free_port;
use tidemark_tests::records::replacement;
use tidemark_tests::server::ServerProcess;

const PASSWORD: &str = "mật-khẩu-thử-sập-2026";

/// A binary of the workspace, from the target directory of this test.
fn workspace_binary(name: &str) -> PathBuf {
    let path = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: cargo build -p tidemark-device -p tidemark-server",
        path.display()
    );
    path
}

fn cli(data: &Path) -> Command {
    let mut c = Command::new(workspace_binary("tidemark"));
    c.arg("--data-dir")
        .arg(data)
        .env("TIDEMARK_PASSWORD", PASSWORD);
    c
}

fn run_ok(mut c: Command) {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// 4 000 households with 2 rafts each: 12 000 mutations, 24 pushes.
fn device_with_work(dir: &Path) -> PathBuf {
    let data = dir.join("device");
    let csv = dir.join("rafts.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    writeln!(
        f,
        "household_name,cccd,village,ward,raft_tag,cells,lat,lon,styrofoam,hdpe"
    )
    .unwrap();
    for i in 0..8_000u64 {
        writeln!(
            f,
            "Hộ Thử Sập,{:012},Khu {},Hà An,S-{i},6,20.93,106.85,{},0",
            22_000_000_000u64 + i / 2,
            i % 9,
            100 + i % 50
        )
        .unwrap();
    }
    drop(f);
    let mut import = cli(&data);
    import.arg("import").arg(&csv);
    run_ok(import);
    // Events too, through the code the app and the CLI share.
    let mut r = Replica::open(&data).unwrap();
    let rafts = tidemark_device::export::rafts(r.store()).unwrap();
    for raft in rafts.iter().step_by(50) {
        r.log_float_replacement(&replacement(&raft.id.to_string(), 10, 10))
            .unwrap();
    }
    drop(r);
    // And the demo dataset, which must stay on the device.
    let mut demo = cli(&data);
    demo.arg("demo");
    run_ok(demo);
    data
}

fn login(data: &Path, url: &str) {
    let mut c = cli(data);
    c.args(["login", "--server", url, "--user", "admin"]);
    run_ok(c);
}

fn integrity(db: &Path) -> String {
    Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// After a clean sync: everything on the device is on the server, once,
/// except the demo dataset, which never leaves the device.
fn assert_converged(device: &Path, server_db: &Path) {
    let device_db = device.join("tidemark.sqlite");
    assert_eq!(integrity(&device_db), "ok");
    assert_eq!(integrity(server_db), "ok");
    let r = Replica::open(device).unwrap();
    assert_eq!(
        r.store().pending_sync().unwrap(),
        0,
        "the outbox is not empty"
    );
    drop(r);
    let real_households = "SELECT id FROM households WHERE demo = 0";
    let real_rafts = format!("SELECT id FROM rafts WHERE household_id IN ({real_households})");
    for (entity, local_ids) in [
        ("household", real_households),
        ("raft", real_rafts.as_str()),
    ] {
        let local = count(
            &device_db,
            &format!("SELECT COUNT(*) FROM ({local_ids}) AS x"),
        );
        let remote = count(
            server_db,
            &format!("SELECT COUNT(*) FROM records WHERE entity = '{entity}' AND deleted = 0"),
        );
        assert_eq!(local, remote, "{entity}: device {local}, server {remote}");
    }
    let local_events = count(
        &device_db,
        &format!("SELECT COUNT(*) FROM events WHERE raft_id IN ({real_rafts})"),
    );
    let remote_events = count(server_db, "SELECT COUNT(*) FROM events");
    assert_eq!(local_events, remote_events, "events lost or doubled");
    assert!(local_events > 0);
    let demo_events = count(
        &device_db,
        &format!("SELECT COUNT(*) FROM events WHERE raft_id NOT IN ({real_rafts})"),
    );
    assert!(demo_events > 0, "the demo dataset was loaded, with events");
}

#[test]
fn killing_the_device_in_the_middle_of_a_sync_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server_dir = dir.path().join("server");
    let server = ServerProcess::start_binary(
        &workspace_binary("tidemark-server"),
        &server_dir,
        free_port(),
        PASSWORD,
    );
    let data = device_with_work(dir.path());
    login(&data, &server.url);
    let mut killed_midway = 0;
    for delay_ms in [300u64, 900, 1_500] {
        let mut sync = cli(&data);
        let mut child = sync
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert_eq!(integrity(&data.join("tidemark.sqlite")), "ok");
    }
    assert!(
        killed_midway > 0,
        "every sync finished before its kill; give it more work"
    );
    let mut sync = cli(&data);
    sync.arg("sync");
    run_ok(sync);
    assert_converged(&data, &server_dir.join("tidemark-server.sqlite"));
}

#[test]
fn killing_the_server_in_the_middle_of_pushes_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server_dir = dir.path().join("server");
    let server_bin = workspace_binary("tidemark-server");
    let port = free_port();
    let mut server = ServerProcess::start_binary(&server_bin, &server_dir, port, PASSWORD);
    let data = device_with_work(dir.path());
    login(&data, &server.url);
    let mut cut_off = 0;
    for delay_ms in [400u64, 1_200] {
        let mut sync = cli(&data);
        let child = sync
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        server.stop(); // SIGKILL, whatever it was doing
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            cut_off += 1;
        }
        assert_eq!(integrity(&server_dir.join("tidemark-server.sqlite")), "ok");
        server = ServerProcess::start_binary(&server_bin, &server_dir, port, PASSWORD);
    }
    assert!(
        cut_off > 0,
        "every sync finished before the server died; give it more work"
    );
    let mut sync = cli(&data);
    sync.arg("sync");
    run_ok(sync);
    assert_converged(&data, &server_dir.join("tidemark-server.sqlite"));
    drop(server);
}
