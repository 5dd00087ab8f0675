//! Accounts over real HTTP: first-start admin, sign-in and its rate limit,
//! tokens bound to one device, revocation, disabled accounts, admin-only
//! endpoints, and pulls limited to the wards a user covers.
#![allow(clippy::unwrap_used)]

mod common;

use common::{
    household_fields, raft_fields, reader_device, replacement_event, TestApp, ADMIN_PASSWORD,
};
use serde_json::{json, Value};
use tidemark_domain::hlc::Hlc;
use tidemark_domain::ids::{DeviceId, MutationId};
use tidemark_domain::sync::{
    EntityKind, Mutation, MutationOp, PushRequest, PROTOCOL_VERSION, SCHEMA_VERSION,
};
use uuid::Uuid;

fn device(n: u128) -> DeviceId {
    DeviceId::from_uuid(Uuid::from_u128(n))
}

/// A push of one mutation per (entity, id, op), numbered from `first_seq`.
fn push_of(
    device: DeviceId,
    first_seq: u64,
    items: Vec<(EntityKind, Uuid, MutationOp)>,
) -> PushRequest {
    PushRequest {
        protocol_version: PROTOCOL_VERSION,
        schema_version: SCHEMA_VERSION,
        device_id: device,
        mutations: items
            .into_iter()
            .enumerate()
            .map(|(i, (entity, entity_id, op))| Mutation {
                device_seq: first_seq + i as u64,
                mutation_id: MutationId::new(),
                device_id: device,
                entity,
                entity_id,
                hlc: Hlc {
                    wall_ms: 1_000 + i as u64,
                    counter: 0,
                    device,
                },
                base_version: None,
                op,
            })
            .collect(),
    }
}

fn upsert(v: Value) -> MutationOp {
    MutationOp::Upsert {
        fields: v.as_object().unwrap().clone(),
    }
}

async fn code_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

async fn sign_in_answers_a_token_and_refuses_wrong_passwords_and_unknown_names_alike(app: TestApp) {
    let ok = app
        .sign_in_response("Admin", ADMIN_PASSWORD, device(1))
        .await;
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert!(body["token"].as_str().unwrap().starts_with("tmk_"));
    assert_eq!(body["account"]["role"], "admin");
    assert!(body["account"].get("password_hash").is_none());
    let wrong = app
        .sign_in_response("admin", "not-the-password", device(1))
        .await;
    let unknown = app
        .sign_in_response("nobody", "not-the-password", device(1))
        .await;
    assert_eq!(
        code_of(wrong).await,
        (401, "auth.invalid_credentials".into())
    );
    assert_eq!(
        code_of(unknown).await,
        (401, "auth.invalid_credentials".into())
    );
    let me = app
        .http
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(body["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(me.json::<Value>().await.unwrap()["username"], "admin");
}

async fn repeated_failures_lock_the_name_for_a_while_even_for_the_right_password(app: TestApp) {
    app.add_user("lan.nt", "inspector", &["QY-HA-AN"], "mật-khẩu-của-lan")
        .await;
    for _ in 0..5 {
        let r = app
            .sign_in_response("admin", "wrong-password-x", device(1))
            .await;
        assert_eq!(r.status(), 401);
    }
    let locked = app
        .sign_in_response("admin", ADMIN_PASSWORD, device(1))
        .await;
    assert_eq!(locked.status(), 429);
    assert!(locked.headers().get("retry-after").is_some());
    assert_eq!(code_of(locked).await.1, "auth.rate_limited");
    // Another name is not affected.
    app.sign_in("lan.nt", "mật-khẩu-của-lan", device(2)).await;
}

async fn sync_needs_a_live_token_of_the_same_device(app: TestApp) {
    let request = push_of(
        device(1),
        1,
        vec![(
            EntityKind::Household,
            Uuid::now_v7(),
            upsert(household_fields(device(1), "Khu 1", "QY-HA-AN")),
        )],
    );
    let none = app
        .http
        .post(app.url("/api/v1/sync/push"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(none).await, (401, "auth.missing_token".into()));
    assert_eq!(
        code_of(app.push_as("tmk_forged", &request).await).await,
        (401, "auth.invalid_token".into())
    );
    // A token of device 2 cannot push as device 1.
    let other = app.sign_in("admin", ADMIN_PASSWORD, device(2)).await;
    assert_eq!(
        code_of(app.push_as(&other, &request).await).await,
        (403, "sync.wrong_device".into())
    );
    let own = app.sign_in("admin", ADMIN_PASSWORD, device(1)).await;
    assert_eq!(app.push_as(&own, &request).await.status(), 200);
    // Signing in again replaces the device's token.
    let newer = app.sign_in("admin", ADMIN_PASSWORD, device(1)).await;
    assert_eq!(
        code_of(app.push_as(&own, &request).await).await,
        (401, "auth.revoked".into())
    );
    assert_eq!(app.push_as(&newer, &request).await.status(), 200);
}

async fn a_revoked_device_and_a_disabled_account_stop_syncing_at_once(app: TestApp) {
    app.add_user("lan.nt", "inspector", &["QY-HA-AN"], "mật-khẩu-của-lan")
        .await;
    let lan = app.sign_in("lan.nt", "mật-khẩu-của-lan", device(7)).await;
    let admin = app.token_of(reader_device()).await;
    assert_eq!(app.pull_as(&lan, 0, 10).await.changes.len(), 0);
    let revoke = app
        .http
        .post(app.url(&format!("/api/v1/devices/{}/revoke", device(7))))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    let pull = app
        .http
        .get(app.url("/api/v1/sync/pull"))
        .bearer_auth(&lan)
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(pull).await, (401, "auth.revoked".into()));
    let devices: Value = app
        .http
        .get(app.url("/api/v1/devices"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(devices
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["device_id"] == device(7).to_string() && d["revoked"] == true));

    let lan = app.sign_in("lan.nt", "mật-khẩu-của-lan", device(7)).await;
    let disable = app
        .http
        .post(app.url("/api/v1/users/lan.nt/disable"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(disable.status(), 200);
    let pull = app
        .http
        .get(app.url("/api/v1/sync/pull"))
        .bearer_auth(&lan)
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(pull).await, (401, "auth.disabled".into()));
    let again = app
        .sign_in_response("lan.nt", "mật-khẩu-của-lan", device(7))
        .await;
    assert_eq!(code_of(again).await, (403, "auth.disabled".into()));
}

async fn only_admins_manage_accounts_and_bad_accounts_are_refused_with_a_field(app: TestApp) {
    app.add_user("lan.nt", "inspector", &["QY-HA-AN"], "mật-khẩu-của-lan")
        .await;
    let lan = app.sign_in("lan.nt", "mật-khẩu-của-lan", device(7)).await;
    let listed = app
        .http
        .get(app.url("/api/v1/users"))
        .bearer_auth(&lan)
        .send()
        .await
        .unwrap();
    assert_eq!(code_of(listed).await, (403, "auth.forbidden".into()));
    let admin = app.token_of(reader_device()).await;
    let cases = [
        (
            json!({"username": "lan.nt", "display_name": "Lan", "role": "inspector", "wards": [], "password": "đủ-dài-rồi-123"}),
            409,
            "account.exists",
            None,
        ),
        (
            json!({"username": "x", "display_name": "X", "role": "inspector", "wards": [], "password": "đủ-dài-rồi-123"}),
            400,
            "username.length",
            Some("username"),
        ),
        (
            json!({"username": "minh", "display_name": "Minh", "role": "inspector", "wards": [], "password": "ngắn"}),
            400,
            "password.too_short",
            Some("password"),
        ),
        (
            json!({"username": "minh", "display_name": "Minh", "role": "inspector", "wards": ["QY-TAN-AN"], "password": "đủ-dài-rồi-123"}),
            400,
            "account.unknown_ward",
            Some("wards"),
        ),
        (
            json!({"username": "minh", "display_name": "Minh", "role": "boss", "wards": [], "password": "đủ-dài-rồi-123"}),
            422,
            "request.invalid_fields",
            None,
        ),
    ];
    for (body, status, code, field) in cases {
        let response = app
            .http
            .post(app.url("/api/v1/users"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{code}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["code"], code);
        if let Some(field) = field {
            assert_eq!(answer["field"], field);
        }
        assert!(
            !answer.to_string().contains("đủ-dài-rồi"),
            "a password echoed back"
        );
    }
    let users: Value = app
        .http
        .get(app.url("/api/v1/users"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "lan.nt"]);
}

async fn an_inspector_pulls_only_the_wards_they_cover(app: TestApp) {
    app.add_user("lan.nt", "inspector", &["QY-HA-AN"], "mật-khẩu-của-lan")
        .await;
    app.add_user("giam.sat", "supervisor", &[], "mật-khẩu-giám-sát")
        .await;
    // Hà An, Hoàng Tân (an old commune merged into Hà An), Phong Cốc.
    let (ha_an, hoang_tan, phong_coc) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let (raft_ha_an, raft_phong_coc) = (Uuid::now_v7(), Uuid::now_v7());
    let (event_ha_an, event_phong_coc) = (Uuid::now_v7(), Uuid::now_v7());
    let writer = device(1);
    let request = push_of(
        writer,
        1,
        vec![
            (
                EntityKind::Household,
                ha_an,
                upsert(household_fields(writer, "Khu 1", "QY-HA-AN")),
            ),
            (
                EntityKind::Household,
                hoang_tan,
                upsert(household_fields(writer, "Khu 1", "QY-HOANG-TAN-2011")),
            ),
            (
                EntityKind::Household,
                phong_coc,
                upsert(household_fields(writer, "Khu 1", "QY-PHONG-COC")),
            ),
            (
                EntityKind::Raft,
                raft_ha_an,
                upsert(raft_fields(writer, ha_an, "R-1")),
            ),
            (
                EntityKind::Raft,
                raft_phong_coc,
                upsert(raft_fields(writer, phong_coc, "R-2")),
            ),
            (
                EntityKind::FloatReplacement,
                event_ha_an,
                MutationOp::Append {
                    event: replacement_event(writer, event_ha_an, raft_ha_an, 3),
                },
            ),
            (
                EntityKind::FloatReplacement,
                event_phong_coc,
                MutationOp::Append {
                    event: replacement_event(writer, event_phong_coc, raft_phong_coc, 3),
                },
            ),
        ],
    );
    assert_eq!(app.push(&request).await.status(), 200);

    let lan = app.sign_in("lan.nt", "mật-khẩu-của-lan", device(7)).await;
    let page = app.pull_as(&lan, 0, 100).await;
    let seen: Vec<Uuid> = page.changes.iter().map(|c| c.mutation.entity_id).collect();
    assert_eq!(seen, [ha_an, hoang_tan, raft_ha_an, event_ha_an]);
    // The cursor moves past what Lan may not see: nothing is rescanned.
    assert_eq!(page.next_cursor, 7);
    assert!(!page.has_more);
    assert!(app
        .pull_as(&lan, page.next_cursor, 100)
        .await
        .changes
        .is_empty());

    // Pages of one still walk the visible changes in order.
    let mut cursor = 0;
    let mut paged = Vec::new();
    loop {
        let p = app.pull_as(&lan, cursor, 1).await;
        paged.extend(p.changes.iter().map(|c| c.mutation.entity_id));
        cursor = p.next_cursor;
        if !p.has_more {
            break;
        }
    }
    assert_eq!(paged, seen);

    let supervisor = app
        .sign_in("giam.sat", "mật-khẩu-giám-sát", device(8))
        .await;
    assert_eq!(app.pull_as(&supervisor, 0, 100).await.changes.len(), 7);
    assert_eq!(app.pull(0, 100).await.changes.len(), 7);
}

both_backends!(
    sign_in_answers_a_token_and_refuses_wrong_passwords_and_unknown_names_alike,
    repeated_failures_lock_the_name_for_a_while_even_for_the_right_password,
    sync_needs_a_live_token_of_the_same_device,
    a_revoked_device_and_a_disabled_account_stop_syncing_at_once,
    only_admins_manage_accounts_and_bad_accounts_are_refused_with_a_field,
    an_inspector_pulls_only_the_wards_they_cover,
);
