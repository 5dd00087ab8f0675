//! The SQLite file itself: pragmas, migrations, durability across reopen.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use rusqlite::Connection;
use tidemark_device::store::{migrate_to, Store, DB_FILE, MIGRATIONS};
use tidemark_device::Replica;

#[test]
fn the_database_is_wal_with_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join(DB_FILE)).unwrap();
    assert_eq!(store.durability().unwrap(), ("wal".to_owned(), 2, 1));
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn two_processes_on_one_file_keep_one_gapless_sequence_and_growing_stamps() {
    // The app and the CLI may open the same replica: two stores here.
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::open(dir.path()).unwrap();
    let mut b = Replica::open(dir.path()).unwrap();
    let h = a
        .save_household(None, &household_input("Trần Văn Thử", "QY-HA-AN"))
        .unwrap()
        .id;
    let raft = b.save_raft(None, &raft_input(&h, "T1", 100)).unwrap().id;
    for i in 0..20 {
        let r = if i % 2 == 0 { &mut a } else { &mut b };
        r.log_float_replacement(&replacement(&raft, 1, 1)).unwrap();
    }
    // Another process stamped ahead of this one's in-memory clock (say it
    // observed a fast clock): the next write here must still stamp above it.
    let ahead = a
        .store()
        .outbox(0, 100)
        .unwrap()
        .pop()
        .unwrap()
        .mutation
        .hlc
        .wall_ms
        + 600_000;
    Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .execute(
            "UPDATE device SET hlc_wall_ms = ?1, hlc_counter = 0",
            [ahead as i64],
        )
        .unwrap();
    b.log_float_replacement(&replacement(&raft, 1, 1)).unwrap();
    let outbox = a.store().outbox(0, 100).unwrap();
    assert!(
        outbox.last().unwrap().mutation.hlc.wall_ms >= ahead,
        "a stale in-memory clock was used"
    );
    let seqs: Vec<u64> = outbox.iter().map(|e| e.mutation.device_seq).collect();
    assert_eq!(seqs, (1..=23).collect::<Vec<u64>>());
    assert!(
        outbox
            .windows(2)
            .all(|w| w[0].mutation.hlc < w[1].mutation.hlc),
        "stamps went backwards"
    );
}

#[test]
fn a_database_made_by_the_first_schema_migrates_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // What release 1 wrote: a device, a unit, a household and its outbox row.
        conn.execute_batch(
            "INSERT INTO device (singleton, device_id, created_at, next_seq) VALUES (1, '0190f5a0-0000-7000-8000-000000000001', '2026-01-01T00:00:00Z', 2);
             INSERT INTO admin_units (code, name, level, valid_from) VALUES ('QY-HA-AN', 'Hà An', 'ward', '2025-07-01');",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO households (id, body, admin_unit_code, search_text, updated_at) VALUES (?1, ?2, 'QY-HA-AN', 'tran van cu', '2026-01-01T00:00:00Z')",
            [
                "0190f5a0-0000-7000-8000-0000000000aa",
                r#"{"id":"0190f5a0-0000-7000-8000-0000000000aa","full_name":"Trần Văn Cũ","cccd":null,"phone":null,"village":"Khu 1","admin_unit_code":"QY-HA-AN","cooperative":null,"demo":false,"meta":{"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","created_by":"","device_id":"0190f5a0-0000-7000-8000-000000000001"}}"#,
            ],
        )
        .unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }
    let mut r = Replica::open(dir.path()).unwrap();
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, MIGRATIONS.len());
    assert_eq!(
        r.search_households("cu").unwrap()[0].full_name,
        "Trần Văn Cũ"
    );
    assert_eq!(
        r.store().device_id().to_string(),
        "0190f5a0-0000-7000-8000-000000000001"
    );
    // New writes continue the old sequence.
    r.save_household(None, &household_input("Vũ Văn Mới", "QY-HA-AN"))
        .unwrap();
    assert_eq!(r.store().outbox(0, 10).unwrap()[0].mutation.device_seq, 2);
    assert_eq!(r.store().needs_attention_count().unwrap(), 0);
}

#[test]
fn a_database_from_a_newer_release_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    Replica::open(dir.path()).unwrap();
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = Replica::open(dir.path()).unwrap_err();
    assert_eq!(err.code(), "storage.newer_schema");
}

#[test]
fn records_device_id_and_clock_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (device, raft, last_hlc) = {
        let mut r = Replica::open(dir.path()).unwrap();
        let h = r
            .save_household(None, &household_input("Trần Văn Thử", "QY-HA-AN"))
            .unwrap()
            .id;
        let raft = r.save_raft(None, &raft_input(&h, "T1", 10)).unwrap().id;
        let hlc = r.store().outbox(0, 10).unwrap().pop().unwrap().mutation.hlc;
        (r.store().device_id(), raft, hlc)
    };
    // A stamp persisted ahead of this machine's clock (it was issued by a
    // device whose clock ran fast) must still be exceeded after reopening.
    let ahead = last_hlc.wall_ms + 600_000;
    Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .execute("UPDATE device SET hlc_wall_ms = ?1", [ahead as i64])
        .unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    assert_eq!(r.store().device_id(), device);
    assert_eq!(r.raft(&raft).unwrap().local_tag, "T1");
    r.log_float_replacement(&replacement(&raft, 1, 1)).unwrap();
    let next = r.store().outbox(2, 10).unwrap().pop().unwrap().mutation;
    assert_eq!(next.device_seq, 3);
    assert!(next.hlc > last_hlc);
    assert!(
        next.hlc.wall_ms >= ahead,
        "the clock resumed below its persisted stamp"
    );
}
