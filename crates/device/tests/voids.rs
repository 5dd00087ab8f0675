//! Voiding an event logged by mistake: it stays in the history, marked, and
//! leaves the ledger, the ward's progress and the map; the void syncs as an
//! event of its own.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use tidemark_device::{DeviceError, Replica};
use tidemark_domain::events::{RaftEvent, RelocationState};
use tidemark_domain::input::{PositionInput, RelocationInput};
use tidemark_domain::sync::{EntityKind, MutationOp};
use tidemark_domain::void::EventVoidInput;

fn void(r: &mut Replica, event: &str, reason: &str) -> Result<String, DeviceError> {
    r.void_event(&EventVoidInput {
        event_id: event.into(),
        reason: reason.into(),
    })
    .map(|saved| saved.id)
}

fn field_codes(e: DeviceError) -> Vec<(String, String)> {
    match e {
        DeviceError::Validation(v) => v.0.into_iter().map(|f| (f.field, f.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_voided_replacement_stays_in_the_history_and_leaves_the_ledger_and_progress() {
    let (mut r, _, raft) = replica_with_raft();
    r.log_float_replacement(&replacement(&raft, 100, 80))
        .unwrap();
    let wrong = r
        .log_float_replacement(&replacement(&raft, 200, 200))
        .unwrap()
        .id;
    let before = r.raft_detail(&raft).unwrap().floats;
    assert_eq!((before.styrofoam, before.hdpe), (0, 280));

    let void_id = void(&mut r, &wrong, "  Nhập nhầm số lượng ").unwrap();

    let detail = r.raft_detail(&raft).unwrap();
    assert_eq!((detail.floats.styrofoam, detail.floats.hdpe), (200, 80));
    // Both facts are in the history: the replacement and its void.
    assert_eq!(detail.history.len(), 3);
    let voids: Vec<_> = detail
        .history
        .iter()
        .filter_map(|e| match e {
            RaftEvent::EventVoid(v) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(voids.len(), 1);
    assert_eq!(voids[0].voided_event.to_string(), wrong);
    assert_eq!(voids[0].reason, "Nhập nhầm số lượng");
    assert_eq!(voids[0].raft_id.to_string(), raft);
    let ha_an = r
        .ward_progress()
        .unwrap()
        .into_iter()
        .find(|w| w.ward_code == "QY-HA-AN")
        .unwrap();
    assert_eq!((ha_an.styrofoam_remaining, ha_an.hdpe_installed), (200, 80));
    // The void waits to sync as an append of its own, whole.
    let last = r.store().outbox(0, 100).unwrap().pop().unwrap().mutation;
    assert_eq!(last.entity, EntityKind::EventVoid);
    assert_eq!(last.entity_id.to_string(), void_id);
    let MutationOp::Append { event } = last.op else {
        panic!("a void is appended")
    };
    assert_eq!(event["voided_event"], wrong.as_str());
}

#[test]
fn a_void_needs_a_reason_a_known_event_and_is_made_once() {
    let (mut r, _, raft) = replica_with_raft();
    let event = r
        .log_float_replacement(&replacement(&raft, 10, 10))
        .unwrap()
        .id;
    let pending = r.store().pending_sync().unwrap();
    assert_eq!(
        field_codes(void(&mut r, &event, " ").unwrap_err()),
        [("reason".to_owned(), "void.reason_missing".to_owned())]
    );
    let unknown = tidemark_domain::ids::EventId::new().to_string();
    assert!(matches!(
        void(&mut r, &unknown, "Nhầm").unwrap_err(),
        DeviceError::NotFound {
            entity: "event",
            ..
        }
    ));
    let first = void(&mut r, &event, "Nhầm bè").unwrap();
    assert_eq!(
        field_codes(void(&mut r, &event, "Lần nữa").unwrap_err()),
        [("event_id".to_owned(), "void.already".to_owned())]
    );
    assert_eq!(
        field_codes(void(&mut r, &first, "Hủy lần hủy").unwrap_err()),
        [("event_id".to_owned(), "void.of_void".to_owned())]
    );
    // Only the one void was written.
    assert_eq!(r.store().pending_sync().unwrap(), pending + 1);
}

#[test]
fn a_voided_relocation_leaves_the_map_but_not_the_raft_where_it_is() {
    let (mut r, _, raft) = replica_with_raft();
    let moved = r
        .log_relocation(&RelocationInput {
            raft_id: raft.clone(),
            date: chrono::Local::now().format("%d/%m/%Y").to_string(),
            state: RelocationState::Completed,
            from: PositionInput::default(),
            to: PositionInput {
                lat: "20.95".into(),
                lon: "106.86".into(),
                accuracy_m: "5".into(),
                ..Default::default()
            },
            target_zone: String::new(),
            deadline: String::new(),
            note: String::new(),
            photos: Vec::new(),
        })
        .unwrap()
        .id;
    assert_eq!(r.store().relocations().unwrap().len(), 1);
    let position = r.raft(&raft).unwrap().position;
    void(&mut r, &moved, "Ghi nhầm bè").unwrap();
    assert!(r.store().relocations().unwrap().is_empty());
    // The raft's position is its own field: the inspector edits it.
    assert_eq!(r.raft(&raft).unwrap().position, position);
}

#[test]
fn a_void_of_a_demo_event_stays_on_this_device() {
    let (mut r, raft) = replica_with_demo_raft();
    let event = r
        .log_float_replacement(&replacement(&raft, 1, 1))
        .unwrap()
        .id;
    let void_id = void(&mut r, &event, "Tập huấn").unwrap();
    assert_eq!(r.store().pending_sync().unwrap(), 0);
    // Removing the demo takes the void with the event it voids.
    r.remove_demo_data().unwrap();
    for id in [&void_id, &event] {
        assert!(
            r.store().event(id.parse().unwrap()).unwrap().is_none(),
            "{id}"
        );
    }
    assert!(r.search_households("").unwrap().is_empty());
}
