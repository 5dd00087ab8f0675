//! Crash safety: `kill -9` the real CLI in the middle of a large CSV import
//! and in the middle of a burst of saves, reopen, and check that the file is
//! sound, every confirmed save is there, and the outbox matches the records
//! exactly.
#![allow(clippy::unwrap_used)]

use rusqlite::Connection;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tidemark_device::store::DB_FILE;
use tidemark_device::Replica;

fn ids(conn: &Connection, sql: &str) -> BTreeSet<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every record has a mutation in the outbox and every mutation a record;
/// sequence numbers run 1..=n with no gap.
fn assert_outbox_matches_records(dir: &Path) {
    let replica = Replica::open(dir).unwrap();
    assert_eq!(replica.store().integrity_check().unwrap(), "ok");
    drop(replica);
    let conn = Connection::open(dir.join(DB_FILE)).unwrap();
    for (entity, table) in [("household", "households"), ("raft", "rafts")] {
        assert_eq!(
            ids(&conn, &format!("SELECT id FROM {table}")),
            ids(
                &conn,
                &format!("SELECT DISTINCT entity_id FROM outbox WHERE entity = '{entity}'")
            ),
            "{table} and their outbox mutations differ"
        );
    }
    assert_eq!(
        ids(&conn, "SELECT id FROM events"),
        ids(&conn, "SELECT entity_id FROM outbox WHERE entity IN ('float_replacement', 'relocation', 'inspection')"),
    );
    let (n, max, next): (i64, Option<i64>, i64) = conn
        .query_row(
            "SELECT COUNT(*), MAX(seq), (SELECT next_seq FROM device) FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(max.unwrap_or(0), n, "outbox sequence has a gap");
    assert_eq!(
        next,
        n + 1,
        "the device's next sequence number does not follow the outbox"
    );
}

fn write_big_csv(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "household_name,cccd,village,ward,raft_tag,cells,lat,lon,styrofoam,hdpe"
    )
    .unwrap();
    for i in 0..rows {
        writeln!(
            f,
            "Hộ Thử Nghiệm,{:012},Khu {},Hà An,T-{i},8,20.9{},106.8{},{},0",
            22_000_000_000u64 + (i / 2) as u64,
            i % 9,
            i % 10,
            i % 7,
            100 + i % 300
        )
        .unwrap();
    }
}

#[test]
fn killing_an_import_midway_leaves_nothing_half_imported() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    write_big_csv(&csv, 60_000);
    let data = dir.path().join("data");
    Replica::open(&data).unwrap();
    for delay_ms in [150u64, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidemark"))
            .arg("--data-dir")
            .arg(&data)
            .arg("import")
            .arg(&csv)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert!(
            !finished,
            "the import finished before the kill; make the file larger"
        );
        let r = Replica::open(&data).unwrap();
        assert!(
            r.search_households("").unwrap().is_empty(),
            "a killed import left rows behind"
        );
        assert_eq!(r.store().pending_sync().unwrap(), 0);
        drop(r);
        assert_outbox_matches_records(&data);
    }
    // The same file imports whole afterwards: the kills left no lock or debris.
    let out = Command::new(env!("CARGO_BIN_EXE_tidemark"))
        .arg("--data-dir")
        .arg(&data)
        .arg("import")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = Replica::open(&data).unwrap();
    assert_eq!(r.store().pending_sync().unwrap(), 60_000 + 30_000);
    drop(r);
    assert_outbox_matches_records(&data);
}

#[test]
fn killing_a_burst_of_saves_keeps_every_confirmed_save() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let raft_id = {
        let mut r = Replica::open(data).unwrap();
        let h = r
            .save_household(
                None,
                &tidemark_domain::input::HouseholdInput {
                    full_name: "Hộ Thử Nghiệm".into(),
                    village: "Khu 1".into(),
                    admin_unit_code: "QY-HA-AN".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id;
        let raft: tidemark_domain::input::RaftInput = serde_json::from_value(serde_json::json!({
            "household_id": h, "local_tag": "K1", "kind": "bamboo_raft", "cell_count": "4", "length_m": "", "width_m": "",
            "species": "clam", "position": {"lat": "", "lon": "", "accuracy_m": ""}, "waterway": "", "zone": "",
            "status": "registered_in_zone", "initial_floats": {"styrofoam": "90000", "hdpe": "0", "other_compliant": "0"}
        }))
        .unwrap();
        r.save_raft(None, &raft).unwrap().id
    };
    for round in 0..3 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidemark"))
            .arg("--data-dir")
            .arg(data)
            .arg("batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let line = format!(
            r#"{{"op":"log_float_replacement","input":{{"raft_id":"{raft_id}","date":"2026-01-02","styrofoam_removed":"1","installed":"1","installed_material":"hdpe","supplier":"","batch":"","disposal":"collected","subsidy_vnd":"","note":"burst {round}"}}}}"#
        );
        let writer = std::thread::spawn(move || {
            for _ in 0..100_000 {
                if writeln!(stdin, "{line}").is_err() {
                    break; // the process was killed
                }
            }
        });
        let mut confirmed = Vec::new();
        let mut replies = BufReader::new(child.stdout.take().unwrap()).lines();
        let kill_after = 150 + round * 120;
        let started = Instant::now();
        while confirmed.len() < kill_after && started.elapsed() < Duration::from_secs(60) {
            let reply: serde_json::Value =
                serde_json::from_str(&replies.next().unwrap().unwrap()).unwrap();
            assert_eq!(reply["ok"], true, "{reply}");
            confirmed.push(reply["id"].as_str().unwrap().to_owned());
        }
        child.kill().unwrap(); // SIGKILL, mid-burst
        child.wait().unwrap();
        writer.join().unwrap();
        assert_eq!(confirmed.len(), kill_after);

        assert_outbox_matches_records(data);
        let conn = Connection::open(data.join(DB_FILE)).unwrap();
        let stored = ids(&conn, "SELECT id FROM events");
        let missing: Vec<_> = confirmed
            .iter()
            .filter(|id| !stored.contains(*id))
            .collect();
        assert!(
            missing.is_empty(),
            "confirmed saves lost after kill -9: {missing:?}"
        );
    }
}
