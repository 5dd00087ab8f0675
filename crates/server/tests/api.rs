//! The sync API over real HTTP: the real router on a real socket (port 0),
//! a fresh database per test, every device signed in.
#![allow(clippy::unwrap_used)]

mod common;

use common::{
    household_fields, inspection_event, raft_fields, replacement_event, void_event, TestApp,
};

use serde_json::{json, Value};
use tidemark_domain::hlc::Hlc;
use tidemark_domain::ids::{DeviceId, MutationId};
use tidemark_domain::sync::{
    EntityKind, Fate, Mutation, MutationOp, PushRequest, PROTOCOL_VERSION, SCHEMA_VERSION,
};
use uuid::Uuid;

/// A device that numbers its mutations 1, 2, 3...
struct Device {
    id: DeviceId,
    seq: u64,
}

impl Device {
    fn new(n: u128) -> Self {
        Self {
            id: DeviceId::from_uuid(Uuid::from_u128(n)),
            seq: 0,
        }
    }

    fn mutation(
        &mut self,
        wall_ms: u64,
        entity: EntityKind,
        entity_id: Uuid,
        base_version: Option<u64>,
        op: MutationOp,
    ) -> Mutation {
        self.seq += 1;
        Mutation {
            device_seq: self.seq,
            mutation_id: MutationId::new(),
            device_id: self.id,
            entity,
            entity_id,
            hlc: Hlc {
                wall_ms,
                counter: 0,
                device: self.id,
            },
            base_version,
            op,
        }
    }

    fn single(
        &mut self,
        wall_ms: u64,
        entity: EntityKind,
        entity_id: Uuid,
        base_version: Option<u64>,
        op: MutationOp,
    ) -> PushRequest {
        let m = self.mutation(wall_ms, entity, entity_id, base_version, op);
        self.request(vec![m])
    }

    fn request(&self, mutations: Vec<Mutation>) -> PushRequest {
        PushRequest {
            protocol_version: PROTOCOL_VERSION,
            schema_version: SCHEMA_VERSION,
            device_id: self.id,
            mutations,
        }
    }
}

fn fields(v: Value) -> MutationOp {
    MutationOp::Upsert {
        fields: v.as_object().unwrap().clone(),
    }
}

async fn a_repeated_push_changes_nothing_and_is_acknowledged(app: TestApp) {
    let mut a = Device::new(1);
    let household = Uuid::now_v7();
    let create = a.mutation(
        1_000,
        EntityKind::Household,
        household,
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    );
    let e = Uuid::now_v7();
    let event = a.mutation(
        1_001,
        EntityKind::FloatReplacement,
        e,
        None,
        MutationOp::Append {
            event: replacement_event(a.id, e, Uuid::now_v7(), 5),
        },
    );
    let request = a.request(vec![create, event]);
    let first = app.push_ok(&request).await;
    assert_eq!(first.acknowledged_seq, 2);
    assert!(first.fates.iter().all(|f| f.fate == Fate::Applied));
    // The response was lost; the device pushes the same batch again.
    let again = app.push_ok(&request).await;
    assert_eq!(again.acknowledged_seq, 2);
    assert!(again.fates.iter().all(|f| f.fate == Fate::AlreadyApplied));
    // The record is not changed again: same version, same fields. Its
    // standing values are logged once more (the device may have skipped
    // them while the edit waited), the event is not.
    let changes = app.pull(0, 100).await.changes;
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[2].mutation.entity, EntityKind::Household);
    assert_eq!((changes[0].version, changes[2].version), (1, 1));
    let record = app
        .on_store(move |s| s.record("household", &household.to_string()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.version, 1);
    assert_eq!(app.on_store(|s| s.event_count()).await.unwrap(), 1);
}

async fn a_gap_in_the_sequence_is_refused_and_nothing_is_applied(app: TestApp) {
    let mut a = Device::new(1);
    let first = a.mutation(
        1_000,
        EntityKind::Household,
        Uuid::now_v7(),
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    );
    let _lost = a.mutation(
        1_001,
        EntityKind::Household,
        Uuid::now_v7(),
        None,
        fields(household_fields(a.id, "Khu 2", "QY-HA-AN")),
    );
    let third = a.mutation(
        1_002,
        EntityKind::Household,
        Uuid::now_v7(),
        None,
        fields(household_fields(a.id, "Khu 3", "QY-HA-AN")),
    );
    let response = app.push(&a.request(vec![first, third])).await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "sync.gap");
    assert_eq!(body["expected_seq"], 2);
    assert!(
        app.pull(0, 100).await.changes.is_empty(),
        "a refused push applied something"
    );
}

async fn two_devices_editing_one_field_make_one_conflict_that_keeps_both_values(app: TestApp) {
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    let h = Uuid::now_v7();
    let create = a.mutation(
        1_000,
        EntityKind::Household,
        h,
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    );
    app.push_ok(&a.request(vec![create])).await;
    // Both saw version 1 and changed the village while offline.
    let edit_a = a.mutation(
        2_000,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"village": "Khu 2"})),
    );
    let edit_b = b.mutation(
        3_000,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"village": "Khu 3", "full_name": "Hộ Thử"})),
    );
    let fa = app.push_ok(&a.request(vec![edit_a])).await;
    let fb = app.push_ok(&b.request(vec![edit_b])).await;
    assert_eq!(fa.fates[0].fate, Fate::Applied);
    assert_eq!(fb.fates[0].fate, Fate::AppliedWithConflict);
    let record = app
        .on_store(move |s| s.record("household", &h.to_string()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.fields["village"], "Khu 3", "the later stamp wins");
    assert_eq!(record.version, 3);
    let conflicts = app
        .on_store(move |s| s.conflicts(&h.to_string()))
        .await
        .unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(
        (
            conflicts[0].field.as_str(),
            &conflicts[0].kept_value,
            &conflicts[0].lost_value
        ),
        ("village", &json!("Khu 3"), &json!("Khu 2"))
    );
}

async fn the_same_conflict_pushed_in_the_other_order_has_the_same_winner(app: TestApp) {
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    let h = Uuid::now_v7();
    app.push_ok(&a.single(
        1_000,
        EntityKind::Household,
        h,
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    ))
    .await;
    let edit_a = a.mutation(
        2_000,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"village": "Khu 2"})),
    );
    let edit_b = b.mutation(
        3_000,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"village": "Khu 3"})),
    );
    let fb = app.push_ok(&b.request(vec![edit_b])).await;
    let fa = app.push_ok(&a.request(vec![edit_a])).await;
    assert_eq!(fb.fates[0].fate, Fate::Applied);
    assert_eq!(fa.fates[0].fate, Fate::AppliedWithConflict);
    let record = app
        .on_store(move |s| s.record("household", &h.to_string()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.fields["village"], "Khu 3");
    let conflicts = app
        .on_store(move |s| s.conflicts(&h.to_string()))
        .await
        .unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].lost_value, json!("Khu 2"));
}

async fn float_replacements_from_two_devices_on_one_raft_are_both_kept(app: TestApp) {
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    let (raft, ida, idb) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let ea = a.mutation(
        1_000,
        EntityKind::FloatReplacement,
        ida,
        None,
        MutationOp::Append {
            event: replacement_event(a.id, ida, raft, 100),
        },
    );
    let eb = b.mutation(
        1_000,
        EntityKind::FloatReplacement,
        idb,
        None,
        MutationOp::Append {
            event: replacement_event(b.id, idb, raft, 120),
        },
    );
    app.push_ok(&a.request(vec![ea])).await;
    app.push_ok(&b.request(vec![eb])).await;
    assert_eq!(app.on_store(|s| s.event_count()).await.unwrap(), 2);
}

async fn a_delete_concurrent_with_an_edit_is_a_conflict_not_a_silent_win(app: TestApp) {
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    let r = Uuid::now_v7();
    app.push_ok(&a.single(
        1_000,
        EntityKind::Raft,
        r,
        None,
        fields(raft_fields(a.id, Uuid::now_v7(), "R1")),
    ))
    .await;
    app.push_ok(&b.single(
        2_000,
        EntityKind::Raft,
        r,
        Some(1),
        fields(json!({"local_tag": "R1-B"})),
    ))
    .await;
    let deleted = app
        .push_ok(&a.single(3_000, EntityKind::Raft, r, Some(1), MutationOp::Tombstone))
        .await;
    assert_eq!(deleted.fates[0].fate, Fate::AppliedWithConflict);
    let conflicts = app
        .on_store(move |s| s.conflicts(&r.to_string()))
        .await
        .unwrap();
    assert_eq!(conflicts[0].field, "_deleted");
    assert_eq!(conflicts[0].lost_value["local_tag"], "R1-B");
}

async fn pull_pages_through_the_change_log_in_cursor_order(app: TestApp) {
    let mut a = Device::new(1);
    let batch: Vec<Mutation> = (0..25)
        .map(|i| {
            let id = Uuid::now_v7();
            let event = inspection_event(a.id, id, Uuid::now_v7(), &format!("BB-{i}"));
            a.mutation(
                1_000 + i,
                EntityKind::Inspection,
                id,
                None,
                MutationOp::Append { event },
            )
        })
        .collect();
    app.push_ok(&a.request(batch)).await;
    let mut cursor = 0;
    let mut seen = Vec::new();
    loop {
        let page = app.pull(cursor, 10).await;
        assert!(page.changes.len() <= 10);
        seen.extend(page.changes.iter().map(|c| c.cursor));
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(seen, (1..=25).collect::<Vec<u64>>());
    assert!(app.pull(cursor, 10).await.changes.is_empty());
}

async fn bad_requests_get_a_4xx_with_a_code_never_a_5xx(app: TestApp) {
    let url = format!("{}/api/v1/sync/push", app.base);
    let token = app.token_of(DeviceId::from_uuid(Uuid::nil())).await;
    let post = |body: String| {
        app.http
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let cases: Vec<(String, u16, &str)> = vec![
        ("{not json".into(), 400, "request.invalid_json"),
        ("{}".into(), 422, "request.invalid_fields"),
        (json!({"protocol_version": "one"}).to_string(), 422, "request.invalid_fields"),
        (
            json!({"protocol_version": 1, "schema_version": 1, "device_id": Uuid::nil(), "mutations": [], "extra": 1}).to_string(),
            422,
            "request.invalid_fields",
        ),
        (json!({"protocol_version": 99, "schema_version": 1, "device_id": Uuid::nil(), "mutations": []}).to_string(), 400, "sync.unsupported_protocol"),
        (json!({"protocol_version": 1, "schema_version": 99, "device_id": Uuid::nil(), "mutations": []}).to_string(), 400, "sync.unsupported_schema"),
        // An app from before voids (schema 1) is told to update.
        (json!({"protocol_version": 1, "schema_version": 1, "device_id": Uuid::nil(), "mutations": []}).to_string(), 400, "sync.unsupported_schema"),
        (format!("[{}]", "1,".repeat(5_000_000)), 413, "request.too_large"),
    ];
    for (body, status, code) in cases {
        let response = post(body).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{code}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["code"], code);
    }
    // A mutation claiming another device is refused.
    let mut a = Device::new(1);
    let mut foreign = a.mutation(
        1,
        EntityKind::Household,
        Uuid::now_v7(),
        None,
        fields(json!({})),
    );
    foreign.device_id = DeviceId::from_uuid(Uuid::from_u128(9));
    assert_eq!(app.push(&a.request(vec![foreign])).await.status(), 403);
    let bad_query = app
        .http
        .get(format!("{}/api/v1/sync/pull?cursor=-1", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad_query.status(), 400);
    assert_eq!(
        app.http
            .get(format!("{}/health", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        app.http
            .get(format!("{}/ready", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

async fn a_stamp_hours_ahead_is_restamped_and_flagged_not_trusted(app: TestApp) {
    let (mut fast, mut honest) = (Device::new(1), Device::new(2));
    let h = Uuid::now_v7();
    let now = now_ms();
    // A tablet whose clock is ten hours ahead creates and edits a household.
    let ahead = 10 * 60 * 60 * 1000;
    let pushed = app
        .push_ok(&fast.single(
            now + ahead,
            EntityKind::Household,
            h,
            None,
            fields(household_fields(fast.id, "Khu 1", "QY-HA-AN")),
        ))
        .await;
    assert_eq!(pushed.fates[0].fate, Fate::Applied);
    assert_eq!(pushed.fates[0].code.as_deref(), Some("clock.restamped"));
    let logged = app.pull(0, 10).await.changes;
    assert!(
        logged[0].mutation.hlc.wall_ms < now + 60_000,
        "the change log kept the future stamp"
    );
    // A later edit made in real time by a device that had not seen it wins,
    // as it would have had the clock been right.
    let later = honest.mutation(
        now_ms() + 1_000,
        EntityKind::Household,
        h,
        None,
        fields(json!({"village": "Khu 2"})),
    );
    app.push_ok(&honest.request(vec![later])).await;
    let record = app
        .on_store(move |s| s.record("household", &h.to_string()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.fields["village"], "Khu 2");
}

both_backends!(
    a_stamp_hours_ahead_is_restamped_and_flagged_not_trusted,
    a_repeated_push_changes_nothing_and_is_acknowledged,
    a_gap_in_the_sequence_is_refused_and_nothing_is_applied,
    two_devices_editing_one_field_make_one_conflict_that_keeps_both_values,
    the_same_conflict_pushed_in_the_other_order_has_the_same_winner,
    float_replacements_from_two_devices_on_one_raft_are_both_kept,
    a_delete_concurrent_with_an_edit_is_a_conflict_not_a_silent_win,
    pull_pages_through_the_change_log_in_cursor_order,
    bad_requests_get_a_4xx_with_a_code_never_a_5xx,
);

async fn an_invalid_record_or_event_is_rejected_with_a_code_and_never_stored(app: TestApp) {
    let mut a = Device::new(1);
    let (h, bad_h, e) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let mut bad_household = household_fields(a.id, "Khu 1", "QY-HA-AN");
    bad_household["cccd"] = json!("12345");
    let good = a.mutation(
        1_000,
        EntityKind::Household,
        h,
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    );
    let bad = a.mutation(
        1_001,
        EntityKind::Household,
        bad_h,
        None,
        fields(bad_household),
    );
    // An edit that would make a stored record invalid.
    let bad_edit = a.mutation(
        1_002,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"admin_unit_code": 7})),
    );
    // An event whose id is not the one it is pushed under, and one that is not an event.
    let mut stray = replacement_event(a.id, Uuid::now_v7(), Uuid::now_v7(), 5);
    let wrong_id = a.mutation(
        1_003,
        EntityKind::FloatReplacement,
        e,
        None,
        MutationOp::Append {
            event: stray.take(),
        },
    );
    let not_event = a.mutation(
        1_004,
        EntityKind::Inspection,
        Uuid::now_v7(),
        None,
        MutationOp::Append {
            event: json!({"n": 1}),
        },
    );
    let response = app
        .push_ok(&a.request(vec![good, bad, bad_edit, wrong_id, not_event]))
        .await;
    let fates: Vec<(Fate, Option<&str>)> = response
        .fates
        .iter()
        .map(|f| (f.fate, f.code.as_deref()))
        .collect();
    assert_eq!(
        fates,
        [
            (Fate::Applied, None),
            (Fate::Rejected, Some("record.invalid")),
            (Fate::Rejected, Some("record.invalid")),
            (Fate::Rejected, Some("record.invalid")),
            (Fate::Rejected, Some("record.invalid")),
        ]
    );
    // Rejected, yet acknowledged: the device moves them to "needs attention".
    assert_eq!(response.acknowledged_seq, 5);
    let record = app
        .on_store(move |s| s.record("household", &h.to_string()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.fields["admin_unit_code"], "QY-HA-AN");
    assert!(app
        .on_store(move |s| s.record("household", &bad_h.to_string()))
        .await
        .unwrap()
        .is_none());
    assert_eq!(app.on_store(|s| s.event_count()).await.unwrap(), 0);
    assert_eq!(app.pull(0, 100).await.changes.len(), 1);
}

both_backends!(an_invalid_record_or_event_is_rejected_with_a_code_and_never_stored);

/// A void is an event that names another: it applies when the server holds
/// that event, of the same raft, and reaches other devices through pull; a
/// void of an event the server does not hold, of another raft's event or
/// of a void is rejected with a code (the device shows it for attention).
async fn a_void_applies_to_an_event_the_server_holds_and_is_pulled_by_others(app: TestApp) {
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    let (raft, other_raft, event) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let append = |event: Value| MutationOp::Append { event };
    app.push_ok(&a.single(
        1_000,
        EntityKind::FloatReplacement,
        event,
        None,
        append(replacement_event(a.id, event, raft, 100)),
    ))
    .await;
    let (good, unknown, wrong_raft, of_void) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    let mutations = vec![
        b.mutation(
            2_000,
            EntityKind::EventVoid,
            good,
            None,
            append(void_event(b.id, good, raft, event)),
        ),
        b.mutation(
            2_001,
            EntityKind::EventVoid,
            unknown,
            None,
            append(void_event(b.id, unknown, raft, Uuid::now_v7())),
        ),
        b.mutation(
            2_002,
            EntityKind::EventVoid,
            wrong_raft,
            None,
            append(void_event(b.id, wrong_raft, other_raft, event)),
        ),
        b.mutation(
            2_003,
            EntityKind::EventVoid,
            of_void,
            None,
            append(void_event(b.id, of_void, raft, good)),
        ),
    ];
    let response = app.push_ok(&b.request(mutations)).await;
    let fates: Vec<(Fate, Option<&str>)> = response
        .fates
        .iter()
        .map(|f| (f.fate, f.code.as_deref()))
        .collect();
    assert_eq!(
        fates,
        [
            (Fate::Applied, None),
            (Fate::Rejected, Some("void.unknown_event")),
            (Fate::Rejected, Some("void.invalid")),
            (Fate::Rejected, Some("void.invalid")),
        ]
    );
    assert_eq!(app.on_store(|s| s.event_count()).await.unwrap(), 2);
    let pulled = app.pull(0, 100).await.changes;
    let last = &pulled.last().unwrap().mutation;
    assert_eq!(
        (last.entity, last.entity_id, pulled.len()),
        (EntityKind::EventVoid, good, 2)
    );
}

both_backends!(a_void_applies_to_an_event_the_server_holds_and_is_pulled_by_others);

async fn an_edit_that_loses_is_answered_in_the_log_with_the_value_that_beat_it(app: TestApp) {
    let (mut a, mut b) = (Device::new(1), Device::new(2));
    let h = Uuid::now_v7();
    app.push_ok(&a.single(
        1_000,
        EntityKind::Household,
        h,
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    ))
    .await;
    // B edited first (older stamp) but reaches the server second.
    let late = b.mutation(
        2_000,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"village": "Khu B"})),
    );
    let early = a.mutation(
        3_000,
        EntityKind::Household,
        h,
        Some(1),
        fields(json!({"village": "Khu A"})),
    );
    app.push_ok(&a.request(vec![early])).await;
    let lost = app.push_ok(&b.request(vec![late])).await;
    assert_eq!(lost.fates[0].fate, Fate::AppliedWithConflict);
    // B kept "Khu B" over what it pulled while its edit waited; the log
    // answers its edit with the value that stands, so B converges.
    let changes = app.pull(0, 100).await.changes;
    let answer = changes.last().unwrap();
    assert_eq!(answer.mutation.device_id, b.id);
    assert_eq!(
        answer.mutation.op,
        MutationOp::Upsert {
            fields: json!({"village": "Khu A"}).as_object().unwrap().clone()
        }
    );
}

both_backends!(an_edit_that_loses_is_answered_in_the_log_with_the_value_that_beat_it);

/// Every endpoint that takes input, fed garbage: a 4xx with a code, never
/// a 5xx, and never the input echoed back.
async fn every_endpoint_answers_bad_input_with_a_4xx_and_a_code(app: TestApp) {
    let admin = app.token_of(common::reader_device()).await;
    let huge = format!("[{}]", "1,".repeat(5_000_000));
    let bodies: [(&str, &str); 5] = [
        ("{not json", "request.invalid_json"),
        ("{\"username\": 7}", "request.invalid_fields"),
        ("{}", "request.invalid_fields"),
        (
            "{\"username\":\"a\",\"password\":\"b\",\"device_id\":\"c\",\"secret-x\":1}",
            "request.invalid_fields",
        ),
        (&huge, "request.too_large"),
    ];
    for path in ["/api/v1/auth/sign-in", "/api/v1/users", "/api/v1/sync/push"] {
        for (body, code) in &bodies {
            let response = app
                .http
                .post(app.url(path))
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            assert!((400..500).contains(&status), "{path} {code}: {status}");
            let answer: Value = response.json().await.unwrap();
            assert_eq!(answer["code"], *code, "{path}");
            assert!(
                !answer.to_string().contains("secret-x"),
                "{path} echoed the body"
            );
        }
        let no_type = app
            .http
            .post(app.url(path))
            .bearer_auth(&admin)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(no_type.status().as_u16(), 415, "{path}");
    }
    // Tokens: missing, wrong, revoked, on every protected endpoint.
    let victim = DeviceId::from_uuid(Uuid::now_v7());
    let revoked = app.sign_in("admin", common::ADMIN_PASSWORD, victim).await;
    app.on_store(move |s| s.revoke_device(victim, "2026-11-27T00:00:00.000Z"))
        .await
        .unwrap();
    let protected = [
        ("GET", "/api/v1/auth/me"),
        ("GET", "/api/v1/users"),
        ("POST", "/api/v1/users"),
        ("POST", "/api/v1/users/admin/disable"),
        ("GET", "/api/v1/devices"),
        ("POST", "/api/v1/devices/x/revoke"),
        ("POST", "/api/v1/sync/push"),
        ("GET", "/api/v1/sync/pull"),
    ];
    for (method, path) in protected {
        for (token, code) in [
            (None, "auth.missing_token"),
            (Some("tmk_wrong"), "auth.invalid_token"),
            (Some(revoked.as_str()), "auth.revoked"),
        ] {
            let mut request = app.http.request(method.parse().unwrap(), app.url(path));
            if let Some(t) = token {
                request = request.bearer_auth(t);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status().as_u16(), 401, "{method} {path}");
            assert_eq!(
                response.json::<Value>().await.unwrap()["code"],
                code,
                "{method} {path}"
            );
        }
    }
    // Bad path parameters and queries.
    let cases = [
        (
            "POST",
            "/api/v1/devices/tablet-7/revoke",
            400,
            "device.invalid_id",
        ),
        ("POST", "/api/v1/users/nobody/disable", 404, "not_found"),
        (
            "GET",
            "/api/v1/sync/pull?cursor=abc",
            400,
            "request.invalid_query",
        ),
        (
            "GET",
            "/api/v1/sync/pull?cursor=1&extra=2",
            400,
            "request.invalid_query",
        ),
        (
            "GET",
            "/api/v1/sync/pull?protocol_version=99",
            400,
            "sync.unsupported_protocol",
        ),
        (
            "GET",
            "/api/v1/sync/pull?schema_version=99",
            400,
            "sync.unsupported_schema",
        ),
    ];
    for (method, path, status, code) in cases {
        let response = app
            .http
            .request(method.parse().unwrap(), app.url(path))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        assert_eq!(
            response.json::<Value>().await.unwrap()["code"],
            code,
            "{method} {path}"
        );
    }
}

both_backends!(every_endpoint_answers_bad_input_with_a_4xx_and_a_code);

async fn a_replayed_push_acknowledges_only_what_it_carries(app: TestApp) {
    let mut a = Device::new(1);
    let (h1, h2) = (Uuid::now_v7(), Uuid::now_v7());
    let first = a.mutation(
        1_000,
        EntityKind::Household,
        h1,
        None,
        fields(household_fields(a.id, "Khu 1", "QY-HA-AN")),
    );
    let second = a.mutation(
        1_001,
        EntityKind::Household,
        h2,
        None,
        fields(household_fields(a.id, "Khu 2", "QY-HA-AN")),
    );
    // Both applied; the answer was lost.
    assert_eq!(
        app.push_ok(&a.request(vec![first.clone(), second]))
            .await
            .acknowledged_seq,
        2
    );
    // An older request arrives again: only its own mutation is acknowledged,
    // so the device keeps the second and hears its standing values when it
    // sends it again.
    let replay = app.push_ok(&a.request(vec![first])).await;
    assert_eq!(replay.acknowledged_seq, 1);
    assert_eq!(replay.fates[0].fate, Fate::AlreadyApplied);
}

both_backends!(a_replayed_push_acknowledges_only_what_it_carries);
