//! Farming zones on the server: stored all at once with a growing version,
//! served to any signed-in device, and left out of the answer when the
//! device already holds the current set.
#![allow(clippy::unwrap_used)]

mod common;

use common::TestApp;
use serde_json::{json, Value};
use tidemark_domain::admin::quang_yen_units;
use tidemark_domain::ids::DeviceId;
use tidemark_domain::zone::geojson::parse_zones;
use tidemark_domain::zone::{Containment, Zone, ZoneSet};
use uuid::Uuid;

fn zones_from(codes: &[(&str, f64)]) -> Vec<Zone> {
    let features: Vec<Value> = codes
        .iter()
        .map(|(code, x0)| {
            json!({
                "type": "Feature",
                "properties": {"code": code, "name": format!("Vùng {code}"), "ward": "Hà An"},
                "geometry": {"type": "Polygon", "coordinates": [[
                    [x0, 20.9], [x0 + 0.01, 20.9], [x0 + 0.01, 20.91], [x0, 20.91], [x0, 20.9]
                ]]}
            })
        })
        .collect();
    let text = json!({"type": "FeatureCollection", "features": features}).to_string();
    parse_zones(&text, &quang_yen_units()).unwrap()
}

async fn get_zones(app: &TestApp, token: &str, query: &str) -> reqwest::Response {
    app.http
        .get(app.url(&format!("/api/v1/reference/zones{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn zones_are_served_by_version_and_imports_replace_by_code(app: TestApp) {
    let token = app.token_of(DeviceId::from_uuid(Uuid::from_u128(1))).await;
    let empty: ZoneSet = get_zones(&app, &token, "").await.json().await.unwrap();
    assert_eq!(empty.version, 0);
    assert_eq!(empty.zones, Some(vec![]));

    let first = app
        .on_store(|s| s.import_zones(&zones_from(&[("A", 106.80), ("B", 106.82)]), false, "t1"))
        .await
        .unwrap();
    assert_eq!((first.version, first.added, first.replaced), (1, 2, 0));
    let set: ZoneSet = get_zones(&app, &token, "").await.json().await.unwrap();
    let zones = set.zones.unwrap();
    assert_eq!(set.version, 1);
    assert_eq!(
        zones.iter().map(|z| z.code.as_str()).collect::<Vec<_>>(),
        ["A", "B"]
    );
    // The area survives the round trip through the database and JSON.
    assert_eq!(zones[0].area.locate(106.805, 20.905), Containment::Inside);

    // A device holding version 1 is told so, without the zones.
    let current: ZoneSet = get_zones(&app, &token, "?known_version=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((current.version, current.zones), (1, None));

    // Importing B again and C keeps A; with replace_all only the file's stay.
    let second = app
        .on_store(|s| s.import_zones(&zones_from(&[("B", 106.84), ("C", 106.86)]), false, "t2"))
        .await
        .unwrap();
    assert_eq!(
        (
            second.version,
            second.added,
            second.replaced,
            second.removed
        ),
        (2, 1, 1, 0)
    );
    let third = app
        .on_store(|s| s.import_zones(&zones_from(&[("C", 106.86)]), true, "t3"))
        .await
        .unwrap();
    assert_eq!((third.version, third.removed), (3, 2));
    // The same file again changes nothing, not even the version: devices
    // holding version 3 download nothing.
    let again = app
        .on_store(|s| s.import_zones(&zones_from(&[("C", 106.86)]), true, "t4"))
        .await
        .unwrap();
    assert!(!again.changed());
    assert_eq!(
        (
            again.version,
            again.added,
            again.replaced,
            again.removed,
            again.unchanged
        ),
        (3, 0, 0, 0, 1)
    );
    let set: ZoneSet = get_zones(&app, &token, "?known_version=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(set.version, 3);
    assert_eq!(set.zones.unwrap().len(), 1);
}

async fn zones_need_a_token_and_a_numeric_version(app: TestApp) {
    let anonymous = app
        .http
        .get(app.url("/api/v1/reference/zones"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let token = app.token_of(DeviceId::from_uuid(Uuid::from_u128(2))).await;
    for query in ["?known_version=abc", "?known_version=-1", "?other=1"] {
        let answer = get_zones(&app, &token, query).await;
        assert_eq!(answer.status(), 400, "{query}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["code"], "request.invalid_query", "{query}");
    }
}

both_backends!(
    zones_are_served_by_version_and_imports_replace_by_code,
    zones_need_a_token_and_a_numeric_version,
);
