//! The SQLite file itself: pragmas, migrations, durability across reopen.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use rusqlite::Connection;
use tidemark_device::store::{migrate_to, Store, DB_FILE, MIGRATIONS};
use tidemark_device::Replica;
use tidemark_domain::hlc::Hlc;
use tidemark_domain::ids::DeviceId;
use tidemark_domain::sync::{Change, EntityKind, Mutation, MutationOp, PullResponse, PushResponse};

/// A float replacement as release 1 stored it.
const RELEASE_1_REPLACEMENT: &str = r#"{"type":"float_replacement","event":{"id":"0190f5a0-0000-7000-8000-0000000000ad","raft_id":"0190f5a0-0000-7000-8000-0000000000ab","date":"2026-01-04","styrofoam_removed":20,"installed":20,"installed_material":"hdpe","supplier":null,"batch":null,"disposal":"collected","subsidy_vnd":0,"note":null,"meta":{"created_at":"2026-01-04T00:00:00Z","updated_at":"2026-01-04T00:00:00Z","created_by":"","device_id":"0190f5a0-0000-7000-8000-000000000001"}}}"#;

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

/// A raft as release 1 stored it: its JSON document, position with an
/// offset from the boat included.
const RELEASE_1_RAFT: &str = r#"{"id":"0190f5a0-0000-7000-8000-0000000000ab","household_id":"0190f5a0-0000-7000-8000-0000000000aa","local_tag":"B-7","kind":"hdpe_cage","cell_count":12,"length_m":8.5,"width_m":6.0,"species":"cage_fish","position":{"lat":20.93,"lon":106.85,"accuracy_m":12.5,"source":"nmea","offset":{"boat_lat":20.9301,"boat_lon":106.8502,"boat_accuracy_m":5.0,"bearing_deg":45.0,"distance_m":20.0}},"waterway":"Sông Chanh","zone":null,"status":"must_relocate","initial_floats":{"styrofoam":120,"hdpe":4,"other_compliant":1},"meta":{"created_at":"2026-01-02T00:00:00Z","updated_at":"2026-01-03T00:00:00Z","created_by":"Cán bộ A","device_id":"0190f5a0-0000-7000-8000-000000000001"}}"#;

/// The edit release 1 left waiting in its outbox, as it serialised it.
fn release_1_edit() -> Mutation {
    let device: DeviceId = "0190f5a0-0000-7000-8000-000000000001".parse().unwrap();
    Mutation {
        device_seq: 1,
        mutation_id: "0190f5a0-0000-7000-8000-0000000000ee".parse().unwrap(),
        device_id: device,
        entity: EntityKind::Raft,
        entity_id: "0190f5a0-0000-7000-8000-0000000000ab".parse().unwrap(),
        hlc: Hlc {
            wall_ms: 1_767_312_000_123,
            counter: 7,
            device,
        },
        base_version: Some(3),
        op: MutationOp::Upsert {
            fields: serde_json::from_str(r#"{"status":"must_relocate"}"#).unwrap(),
        },
    }
}

#[test]
fn a_database_made_by_the_first_schema_migrates_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let edit = release_1_edit();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // What release 1 wrote: a device, a unit, a household, its raft and
        // an edit waiting in the outbox.
        conn.execute_batch(
            "INSERT INTO device (singleton, device_id, created_at, next_seq) VALUES (1, '0190f5a0-0000-7000-8000-000000000001', '2026-01-01T00:00:00Z', 2);
             INSERT INTO admin_units (code, name, level, valid_from) VALUES ('QY-HA-AN', 'Hà An', 'ward', '2025-07-01');
             INSERT INTO admin_units (code, name, level, valid_from, valid_to, merged_into)
                 VALUES ('QY-HOANG-TAN-2011', 'Hoàng Tân', 'commune', '2011-01-01', '2025-06-30', 'QY-HA-AN');",
        )
        .unwrap();
        // A household of a commune merged into Hà An on 1/7/2025.
        conn.execute(
            "INSERT INTO households (id, body, admin_unit_code, search_text, updated_at) VALUES (?1, ?2, 'QY-HOANG-TAN-2011', 'le thi xua thon 2 hoang tan', '2024-05-01T00:00:00Z')",
            [
                "0190f5a0-0000-7000-8000-0000000000ac",
                r#"{"id":"0190f5a0-0000-7000-8000-0000000000ac","full_name":"Lê Thị Xưa","cccd":null,"phone":null,"village":"Thôn 2","admin_unit_code":"QY-HOANG-TAN-2011","cooperative":null,"demo":false,"meta":{"created_at":"2024-05-01T00:00:00Z","updated_at":"2024-05-01T00:00:00Z","created_by":"","device_id":"0190f5a0-0000-7000-8000-000000000001"}}"#,
            ],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO households (id, body, admin_unit_code, search_text, updated_at) VALUES (?1, ?2, 'QY-HA-AN', 'tran van cu', '2026-01-01T00:00:00Z')",
            [
                "0190f5a0-0000-7000-8000-0000000000aa",
                r#"{"id":"0190f5a0-0000-7000-8000-0000000000aa","full_name":"Trần Văn Cũ","cccd":null,"phone":"0912345678","village":"Khu 1","admin_unit_code":"QY-HA-AN","cooperative":"HTX Hà An","demo":false,"meta":{"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","created_by":"","device_id":"0190f5a0-0000-7000-8000-000000000001"}}"#,
            ],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO rafts (id, household_id, body, local_tag, status, initial_styrofoam, initial_hdpe, initial_other, updated_at, server_version)
             VALUES ('0190f5a0-0000-7000-8000-0000000000ab', '0190f5a0-0000-7000-8000-0000000000aa', ?1, 'B-7', 'must_relocate', 120, 4, 1, '2026-01-03T00:00:00Z', 3)",
            [RELEASE_1_RAFT],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO outbox (seq, mutation_id, entity, entity_id, hlc, body) VALUES (1, ?1, 'raft', ?2, ?3, ?4)",
            [
                edit.mutation_id.to_string(),
                edit.entity_id.to_string(),
                edit.hlc.to_string(),
                serde_json::to_string(&edit).unwrap(),
            ],
        )
        .unwrap();
        // A float replacement of that raft, as release 1 stored events.
        conn.execute(
            "INSERT INTO events (id, raft_id, kind, date, body, styrofoam_removed, installed, installed_material, created_at)
             VALUES ('0190f5a0-0000-7000-8000-0000000000ad', '0190f5a0-0000-7000-8000-0000000000ab', 'float_replacement', '2026-01-04', ?1, 20, 20, 'hdpe', '2026-01-04T00:00:00Z')",
            [RELEASE_1_REPLACEMENT],
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
    // Found by the old commune, and by the ward it is part of now.
    let names = |q: &str| -> Vec<String> {
        r.search_households(q)
            .unwrap()
            .into_iter()
            .map(|h| h.full_name)
            .collect()
    };
    assert_eq!(names("hoang tan"), ["Lê Thị Xưa"]);
    // "ha" is nowhere in what release 1 stored for her: the migration added it.
    assert_eq!(names("xua ha an"), ["Lê Thị Xưa"]);
    // Every field of the documents survives the move to columns.
    let household = r
        .store()
        .household("0190f5a0-0000-7000-8000-0000000000aa".parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(household.phone.unwrap().as_str(), "0912345678");
    assert_eq!(household.cooperative.as_deref(), Some("HTX Hà An"));
    let raft = r
        .store()
        .raft("0190f5a0-0000-7000-8000-0000000000ab".parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&raft).unwrap(),
        serde_json::from_str::<serde_json::Value>(RELEASE_1_RAFT).unwrap()
    );
    assert_eq!(
        r.store().device_id().to_string(),
        "0190f5a0-0000-7000-8000-000000000001"
    );
    // The waiting edit is pushed as release 1 would have pushed it.
    assert_eq!(r.store().outbox(0, 10).unwrap()[0].mutation, edit);
    // New writes continue the old sequence.
    r.save_household(None, &household_input("Vũ Văn Mới", "QY-HA-AN"))
        .unwrap();
    let outbox = r.store().outbox(0, 10).unwrap();
    assert_eq!(outbox[1].mutation.device_seq, 2);
    assert!(outbox[1].mutation.hlc > edit.hlc);
    assert_eq!(r.store().needs_attention_count().unwrap(), 0);
    // Its event survives the events table's rebuild (migration 0011), still
    // counts in the ledger, and can be voided.
    let raft_id = "0190f5a0-0000-7000-8000-0000000000ab";
    let detail = r.raft_detail(raft_id).unwrap();
    assert_eq!(detail.history.len(), 1);
    assert_eq!((detail.floats.styrofoam, detail.floats.hdpe), (100, 24));
    r.void_event(&tidemark_domain::void::EventVoidInput {
        event_id: "0190f5a0-0000-7000-8000-0000000000ad".into(),
        reason: "Nhập nhầm".into(),
    })
    .unwrap();
    let detail = r.raft_detail(raft_id).unwrap();
    assert_eq!((detail.floats.styrofoam, detail.floats.hdpe), (120, 4));
}

#[test]
fn a_creation_in_the_outbox_refers_to_its_record_and_carries_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    let h = r
        .save_household(None, &household_input("Trần Văn Thử", "QY-HA-AN"))
        .unwrap()
        .id;
    let raft = r.save_raft(None, &raft_input(&h, "T1", 10)).unwrap().id;
    // The record is not copied into the outbox.
    let copies: i64 = Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM outbox WHERE body IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(copies, 0);
    let outbox = r.store().outbox(0, 10).unwrap();
    assert_eq!(outbox.len(), 2);
    let stored = r.store().raft(raft.parse().unwrap()).unwrap().unwrap();
    let creation = &outbox[1].mutation;
    assert_eq!(creation.entity, EntityKind::Raft);
    assert_eq!(creation.entity_id.to_string(), raft);
    assert_eq!(creation.device_id, r.store().device_id());
    assert_eq!(creation.hlc.device, r.store().device_id());
    assert_eq!(creation.base_version, None);
    let MutationOp::Upsert { fields } = &creation.op else {
        panic!("expected an upsert")
    };
    let mut whole = serde_json::to_value(&stored).unwrap();
    whole.as_object_mut().unwrap().remove("id");
    assert_eq!(serde_json::Value::Object(fields.clone()), whole);
    // Read again, it is the same mutation: same id, same stamp (the server
    // recognises a resend by them).
    assert_eq!(r.store().outbox(0, 10).unwrap(), outbox);
}

#[test]
fn an_edit_before_the_push_follows_its_creation_with_a_later_stamp() {
    let (mut r, h, raft) = replica_with_raft();
    r.save_raft(Some(&raft), &raft_input(&h, "T1-moi", 10))
        .unwrap();
    let outbox = r.store().outbox(0, 10).unwrap();
    let (creation, edit) = (&outbox[1].mutation, &outbox[2].mutation);
    assert_eq!(creation.entity_id, edit.entity_id);
    let field = |m: &Mutation| match &m.op {
        MutationOp::Upsert { fields } => fields.get("local_tag").cloned(),
        _ => None,
    };
    // The creation carries the record as stored, the edit only what changed,
    // stamped later: the server ends with "T1-moi" whichever it applies.
    assert_eq!(field(creation).unwrap(), "T1-moi");
    assert_eq!(field(edit).unwrap(), "T1-moi");
    assert!(edit.hlc > creation.hlc);
}

/// A change from the server's log for `m`'s record setting `fields`.
fn server_change(m: &Mutation, cursor: u64, fields: serde_json::Value) -> Change {
    let serde_json::Value::Object(fields) = fields else {
        panic!("fields are an object")
    };
    Change {
        cursor,
        version: cursor,
        mutation: Mutation {
            device_id: DeviceId::from_uuid(uuid::Uuid::from_u128(77)),
            op: MutationOp::Upsert { fields },
            ..m.clone()
        },
    }
}

#[test]
fn a_pulled_change_leaves_the_fields_of_waiting_edits_as_the_inspector_left_them() {
    let mut r = Replica::open_in_memory().unwrap();
    let a = r
        .save_household(None, &household_input("Trần Văn Một", "QY-HA-AN"))
        .unwrap()
        .id;
    let b = r
        .save_household(None, &household_input("Trần Văn Hai", "QY-HA-AN"))
        .unwrap()
        .id;
    let outbox = r.store().outbox(0, 10).unwrap();
    let (a_created, b_created) = (outbox[0].mutation.clone(), outbox[1].mutation.clone());
    let village = |r: &Replica, id: &str| {
        let h = r.household(id).unwrap();
        (h.village, h.phone.map(|p| p.as_str().to_owned()))
    };

    // A waiting creation covers every field.
    let page = |changes| PullResponse {
        changes,
        next_cursor: 9,
        has_more: false,
    };
    r.store_mut()
        .apply_pulled(&page(vec![server_change(
            &a_created,
            1,
            serde_json::json!({"village": "Khu 9"}),
        )]))
        .unwrap();
    assert_eq!(village(&r, &a).0, "Khu 5");

    // Once pushed, only an edit still waiting is kept, field by field, and
    // another record in the same page takes the server's values.
    r.store_mut()
        .acknowledge(&PushResponse {
            acknowledged_seq: outbox[1].seq,
            fates: Vec::new(),
        })
        .unwrap();
    let mut edit = household_input("Trần Văn Một", "QY-HA-AN");
    edit.village = "Khu 2".into();
    r.save_household(Some(&a), &edit).unwrap();
    r.store_mut()
        .apply_pulled(&page(vec![
            server_change(
                &a_created,
                2,
                serde_json::json!({"village": "Khu 9", "phone": "0987654321"}),
            ),
            server_change(&b_created, 3, serde_json::json!({"village": "Khu 9"})),
        ]))
        .unwrap();
    assert_eq!(village(&r, &a), ("Khu 2".into(), Some("0987654321".into())));
    assert_eq!(village(&r, &b).0, "Khu 9");
    assert_eq!(r.store().pending_sync().unwrap(), 1, "the edit still waits");
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

#[test]
fn demo_records_waiting_in_an_older_outbox_are_not_removed_before_they_sync() {
    // Before demo records stayed on the device, loading the demo queued
    // them; removing them then would leave their mutations naming nothing.
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    r.load_demo_data().unwrap();
    let demo_id = r.search_households("").unwrap()[0].id.to_string();
    Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .execute(
            "INSERT INTO outbox (seq, mutation_id, entity, entity_id, hlc_wall_ms, hlc_counter, body)
             VALUES (1, x'0190f5a0000070008000000000000001', 'household', ?1, 1, 0, NULL)",
            [&demo_id],
        )
        .unwrap();
    let err = tidemark_device::CommandError::from(r.remove_demo_data().unwrap_err());
    assert_eq!(err.fields[0].code, "demo.waiting_to_sync");
    assert!(r.app_info().unwrap().demo_loaded, "nothing removed");
}
