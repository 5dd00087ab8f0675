//! Stories of several devices and one real server over HTTP (port 0):
//! offline work on every device, syncs in every order, and everyone ends
//! with the same records, nothing lost, nothing doubled, no edit dropped.
#![allow(clippy::unwrap_used)]

mod common;

use common::{household, raft, Device, Server, ADMIN_PASSWORD};
use tidemark_device::sync::{self, sync, sync_signed_in, SyncClient};
use tidemark_device::Replica;
use tidemark_domain::input::{FloatCountsInput, HouseholdInput, InspectionInput, PositionInput};

fn three_devices_working_offline_converge_and_every_float_counts(server: Server) {
    let (mut a, mut b, mut c) = (Device::new(), Device::new(), Device::new());

    let h = a
        .replica
        .save_household(None, &household("Khu 1"))
        .unwrap()
        .id;
    let r = a.replica.save_raft(None, &raft(&h)).unwrap().id;
    a.replace(&r, 100, 80);
    assert_eq!(a.sync(&server).pushed, 3);
    b.sync(&server);
    c.sync(&server);
    assert_eq!(b.floats(&r), (200, 80, 1), "B received A's records");

    // Offline on every device.
    b.replace(&r, 120, 90);
    a.replace(&r, 50, 50);
    c.replica
        .log_inspection(&InspectionInput {
            raft_id: r.clone(),
            number: "07/BB".into(),
            date: "2026-11-21".into(),
            position: PositionInput::default(),
            inspectors: "Cán Bộ Thử".into(),
            witnesses: String::new(),
            findings: "Đã kiểm tra phao".into(),
            floats_seen: FloatCountsInput {
                styrofoam: String::new(),
                hdpe: String::new(),
                other_compliant: String::new(),
            },
            violations: vec![],
            remedy: String::new(),
            refused_to_sign: false,
            photos: Vec::new(),
        })
        .unwrap();

    // Syncs in a mixed order, then a second round so everyone has all.
    c.sync(&server);
    a.sync(&server);
    b.sync(&server);
    for d in [&mut a, &mut b, &mut c] {
        d.sync(&server);
    }
    for (name, d) in [("A", &a), ("B", &b), ("C", &c)] {
        assert_eq!(d.floats(&r), (30, 220, 4), "device {name}");
        assert_eq!(
            d.replica.store().pending_sync().unwrap(),
            0,
            "device {name} still has an outbox"
        );
    }
    assert_eq!(
        server.store.event_count().unwrap(),
        4,
        "an event was lost or doubled"
    );
    // Nothing left to do: a sync moves nothing.
    let idle = a.sync(&server);
    assert_eq!((idle.pushed, idle.pulled), (0, 0));
}

fn two_devices_editing_one_field_converge_and_keep_the_losing_value(server: Server) {
    let (mut a, mut b) = (Device::new(), Device::new());
    let h = a
        .replica
        .save_household(None, &household("Khu 1"))
        .unwrap()
        .id;
    a.sync(&server);
    b.sync(&server);

    a.replica
        .save_household(Some(&h), &household("Khu 2"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.replica
        .save_household(Some(&h), &household("Khu 3"))
        .unwrap();
    a.sync(&server);
    let report = b.sync(&server);
    assert_eq!(
        report.conflicts, 1,
        "the second edit is reported as a conflict"
    );
    a.sync(&server);

    for (name, d) in [("A", &a), ("B", &b)] {
        assert_eq!(
            d.replica.household(&h).unwrap().village,
            "Khu 3",
            "device {name}: the later edit wins everywhere"
        );
    }
    let conflicts = server.store.conflicts(&h).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (
            conflicts[0].kept_value.as_str(),
            conflicts[0].lost_value.as_str()
        ),
        (Some("Khu 3"), Some("Khu 2"))
    );
    assert_eq!(
        b.replica.store().needs_attention_count().unwrap(),
        1,
        "the conflict shows on the device that pushed it"
    );
}

#[test]
fn an_unreachable_server_leaves_the_outbox_whole() {
    let mut a = Device::new();
    a.replica.save_household(None, &household("Khu 1")).unwrap();
    let client = SyncClient::new("http://127.0.0.1:9", Some("tmk_any")).unwrap();
    let err = sync(&mut a.replica, &client, &mut |_| {}).unwrap_err();
    assert!(!err.is_permanent(), "{err}");
    assert_eq!(a.replica.store().pending_sync().unwrap(), 1);
    assert!(a
        .replica
        .store()
        .sync_state()
        .unwrap()
        .last_sync_error
        .is_some());
}

fn a_revoked_device_pauses_keeps_its_outbox_and_resumes_after_signing_in_again(server: Server) {
    let mut a = Device::new();
    let h = a
        .replica
        .save_household(None, &household("Khu 1"))
        .unwrap()
        .id;
    a.sync(&server);
    assert_eq!(a.replica.store().pending_sync().unwrap(), 0);

    // The admin revokes the tablet; it keeps working offline meanwhile.
    let revoked = server
        .store
        .revoke_device(a.replica.store().device_id(), "2026-11-27T01:00:00.000Z")
        .unwrap();
    assert_eq!(revoked, 1);
    a.replica.save_raft(None, &raft(&h.to_string())).unwrap();
    let err = sync_signed_in(&mut a.replica, &mut |_| {}).unwrap_err();
    assert!(err.needs_sign_in(), "{err}");
    let status = a.replica.sync_status().unwrap();
    assert!(status.needs_sign_in && !status.signed_in);
    assert_eq!(status.last_error.unwrap().code, "auth.revoked");
    assert_eq!(status.pending, 1, "the outbox was touched");
    // Without a token nothing is even tried, and nothing is lost.
    let again = sync_signed_in(&mut a.replica, &mut |_| {}).unwrap_err();
    assert_eq!(again.code(), "auth.not_signed_in");
    assert_eq!(a.replica.store().pending_sync().unwrap(), 1);

    // A wrong password is refused with words, and changes nothing.
    let wrong = sync::sign_in(
        &mut a.replica,
        &server.url,
        "admin",
        "sai-mật-khẩu",
        "story",
    )
    .unwrap_err();
    assert_eq!(wrong.code(), "auth.invalid_credentials");
    assert!(wrong.text().vi.contains("Sai tên đăng nhập"));
    assert_eq!(a.replica.store().pending_sync().unwrap(), 1);

    let report = a.sync(&server);
    assert_eq!(report.pushed, 1);
    let status = a.replica.sync_status().unwrap();
    assert!(status.signed_in && !status.needs_sign_in && status.last_error.is_none());
    assert_eq!(status.online, Some(true));
    assert_eq!(status.pending, 0);
}

fn an_inspector_receives_only_the_wards_they_cover(server: Server) {
    tidemark_server::auth::create_account(
        server.store.as_ref(),
        &tidemark_domain::auth::NewAccount {
            username: "lan.nt".into(),
            display_name: "Nguyễn Thị Lan".into(),
            role: tidemark_domain::reference::Role::Inspector,
            wards: vec!["QY-HA-AN".into()],
            password: "mật-khẩu-của-lan".into(),
        },
        "2026-11-27T00:00:00.000Z",
    )
    .unwrap();
    let mut office = Device::new();
    office
        .replica
        .save_household(None, &household("Khu Hà An"))
        .unwrap();
    office
        .replica
        .save_household(
            None,
            &HouseholdInput {
                admin_unit_code: "QY-PHONG-COC".into(),
                ..household("Khu Phong Cốc")
            },
        )
        .unwrap();
    office.sync(&server);

    let mut lan = Device::new();
    let account = sync::sign_in(
        &mut lan.replica,
        &server.url,
        "Lan.NT",
        "mật-khẩu-của-lan",
        "tablet",
    )
    .unwrap();
    assert_eq!(account.wards, ["QY-HA-AN"]);
    sync_signed_in(&mut lan.replica, &mut |_| {}).unwrap();
    let villages: Vec<String> = lan
        .replica
        .search_households("")
        .unwrap()
        .into_iter()
        .map(|h| h.village)
        .collect();
    assert_eq!(villages, ["Khu Hà An"]);
}

fn a_losing_edit_waits_in_needs_attention_beside_the_winner_and_can_be_sent_again(server: Server) {
    let (mut a, mut b) = (Device::new(), Device::new());
    let h = a
        .replica
        .save_household(None, &household("Khu 1"))
        .unwrap()
        .id;
    a.sync(&server);
    b.sync(&server);

    // B edits first, A later; A reaches the server first. B's older edit
    // loses the field, and B is told.
    b.replica
        .save_household(Some(&h), &household("Khu 3"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    a.replica
        .save_household(Some(&h), &household("Khu 2"))
        .unwrap();
    a.sync(&server);
    assert_eq!(b.sync(&server).conflicts, 1);
    assert_eq!(b.replica.household(&h).unwrap().village, "Khu 2");

    let items = b.replica.needs_attention().unwrap();
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.reason_code, "field.conflict");
    assert_eq!(item.label, "Hộ Thử Đồng Bộ");
    assert!(item.can_send_mine_again);
    let village = item.fields.iter().find(|f| f.field == "village").unwrap();
    assert_eq!(
        (village.mine.as_str(), village.current.as_str()),
        (Some("Khu 3"), Some("Khu 2"))
    );

    // The inspector insists: their value goes out again as a new edit.
    let left = b.replica.resolve_attention(item.id, true).unwrap();
    assert!(left.is_empty());
    assert_eq!(b.replica.store().pending_sync().unwrap(), 1);
    b.sync(&server);
    a.sync(&server);
    for d in [&a, &b] {
        assert_eq!(d.replica.household(&h).unwrap().village, "Khu 3");
    }
    assert_eq!(b.replica.store().needs_attention_count().unwrap(), 0);
}

fn the_sync_thread_signs_in_and_sends_what_the_app_saved_on_its_own_connection(server: Server) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Replica::open(dir.path()).unwrap();
    let worker = sync::SyncWorker::spawn(dir.path(), false).unwrap();
    let unset = worker.sync_now().unwrap_err();
    assert_eq!(unset.code(), "sync.no_server");

    let account = worker
        .sign_in(&server.url, "admin", ADMIN_PASSWORD, "tablet")
        .unwrap();
    assert_eq!(account.username, "admin");
    let h = app.save_household(None, &household("Khu 9")).unwrap().id;
    // The round right after sign-in may already have taken it; either way
    // one more round leaves nothing behind.
    worker.sync_now().unwrap();
    assert!(server.store.record("household", &h).unwrap().is_some());
    let status = app.sync_status().unwrap();
    assert_eq!((status.pending, status.signed_in), (0, true));
    assert_eq!(status.account_username.as_deref(), Some("admin"));
    drop(worker);
}

/// A replacement logged on A by mistake is voided on B, offline; after
/// both sync, the mistake is out of the ledger on every device and on the
/// server's change log, and still in every history, marked.
fn a_mistake_voided_on_another_device_leaves_every_ledger(server: Server) {
    let (mut a, mut b) = (Device::new(), Device::new());
    let h = a
        .replica
        .save_household(None, &household("Khu 1"))
        .unwrap()
        .id;
    let r = a.replica.save_raft(None, &raft(&h)).unwrap().id;
    a.replace(&r, 100, 80);
    let mistake = a
        .replica
        .log_float_replacement(&tidemark_tests::records::replacement(&r, 150, 150))
        .unwrap()
        .id;
    a.sync(&server);
    b.sync(&server);
    assert_eq!(b.floats(&r), (50, 230, 2));

    b.replica
        .void_event(&tidemark_domain::void::EventVoidInput {
            event_id: mistake,
            reason: "Ghi hai lần".into(),
        })
        .unwrap();
    assert_eq!(b.floats(&r), (200, 80, 3));
    b.sync(&server);
    a.sync(&server);
    for (name, d) in [("A", &a), ("B", &b)] {
        assert_eq!(d.floats(&r), (200, 80, 3), "device {name}");
        assert_eq!(
            d.replica.store().pending_sync().unwrap(),
            0,
            "device {name}"
        );
        assert_eq!(
            d.replica.store().needs_attention_count().unwrap(),
            0,
            "device {name}"
        );
    }
    assert_eq!(server.store.event_count().unwrap(), 3);
}

both_backends!(
    a_mistake_voided_on_another_device_leaves_every_ledger,
    three_devices_working_offline_converge_and_every_float_counts,
    two_devices_editing_one_field_converge_and_keep_the_losing_value,
    a_revoked_device_pauses_keeps_its_outbox_and_resumes_after_signing_in_again,
    an_inspector_receives_only_the_wards_they_cover,
    a_losing_edit_waits_in_needs_attention_beside_the_winner_and_can_be_sent_again,
    the_sync_thread_signs_in_and_sends_what_the_app_saved_on_its_own_connection,
);
