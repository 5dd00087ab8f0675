//! Reading farming zones from GeoJSON: what a GIS export looks like, and
//! every way such a file can be wrong, each reported with its feature.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use tidemark_domain::admin::quang_yen_units;
use tidemark_domain::entities::Species;
use tidemark_domain::values::{Position, PositionSource};
use tidemark_domain::zone::geojson::parse_zones;
use tidemark_domain::zone::{check_position, Containment, ZoneCheck};

fn square(x0: f64, y0: f64, size: f64) -> serde_json::Value {
    json!([
        [x0, y0],
        [x0 + size, y0],
        [x0 + size, y0 + size],
        [x0, y0 + size],
        [x0, y0]
    ])
}

fn feature(code: &str, geometry: serde_json::Value) -> serde_json::Value {
    json!({
        "type": "Feature",
        "properties": {"code": code, "name": format!("Vùng {code}"), "ward": "Hà An"},
        "geometry": geometry,
    })
}

fn collection(features: Vec<serde_json::Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

fn codes(text: &str) -> Vec<(Option<usize>, String)> {
    parse_zones(text, &quang_yen_units())
        .unwrap_err()
        .into_iter()
        .map(|e| (e.feature, e.code))
        .collect()
}

#[test]
fn a_gis_export_with_vietnamese_properties_and_altitudes_loads() {
    let text = json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{
            "type": "Feature",
            "properties": {
                "Mã vùng": "QY-HA-01", "Tên vùng": "Vùng nuôi hàu Hà An 1", "Phường": "Hà An",
                "Diện tích (ha)": null, "dien_tich_ha": "12,5", "Đối tượng nuôi": "Hàu cửa sông; ngao",
                "Số quyết định": "1234/QĐ-UBND"
            },
            "geometry": {"type": "Polygon", "coordinates": [[
                [106.85, 20.90, 0.0], [106.87, 20.90, 0.0], [106.87, 20.92, 0.0], [106.85, 20.92, 0.0], [106.85, 20.90, 0.0]
            ]]}
        }]
    })
    .to_string();
    let zones = parse_zones(&text, &quang_yen_units()).unwrap();
    assert_eq!(zones.len(), 1);
    let z = &zones[0];
    assert_eq!(z.code, "QY-HA-01");
    assert_eq!(z.admin_unit_code, "QY-HA-AN");
    assert_eq!(z.planned_area_ha, Some(12.5));
    assert_eq!(
        z.allowed_species,
        vec![Species::EstuarineOyster, Species::Clam]
    );
    assert_eq!(z.decision_no.as_deref(), Some("1234/QĐ-UBND"));
    assert_eq!(z.area.locate(106.86, 20.91), Containment::Inside);
    let raft = Position::new(20.91, 106.86, 5.0, PositionSource::Nmea).unwrap();
    assert!(
        matches!(check_position(&zones, Some(&raft)), ZoneCheck::InZone { code, .. } if code == "QY-HA-01")
    );
}

#[test]
fn a_multipolygon_with_a_hole_loads() {
    let text = collection(vec![feature(
        "M",
        json!({"type": "MultiPolygon", "coordinates": [
            [square(106.80, 20.90, 0.1), square(106.84, 20.94, 0.02)],
            [square(106.95, 20.90, 0.01)]
        ]}),
    )]);
    let zones = parse_zones(&text, &quang_yen_units()).unwrap();
    assert_eq!(zones[0].area.locate(106.85, 20.95), Containment::Outside);
    assert_eq!(zones[0].area.locate(106.955, 20.905), Containment::Inside);
}

#[test]
fn each_broken_feature_is_named_by_its_index() {
    let polygon = |rings: serde_json::Value| json!({"type": "Polygon", "coordinates": rings});
    let text = collection(vec![
        feature("OK", polygon(json!([square(106.8, 20.9, 0.01)]))),
        feature(
            "OPEN",
            polygon(json!([[[106.8, 20.9], [106.81, 20.9], [106.8, 20.9]]])),
        ),
        feature(
            "UNCLOSED",
            polygon(json!([[
                [106.8, 20.9],
                [106.81, 20.9],
                [106.81, 20.91],
                [106.8, 20.91],
                [106.8, 20.92]
            ]])),
        ),
        feature(
            "RANGE",
            polygon(json!([[
                [430_000.0, 2_310_000.0],
                [430_100.0, 2_310_000.0],
                [430_100.0, 2_310_100.0],
                [430_000.0, 2_310_000.0]
            ]])),
        ),
        feature(
            "BOWTIE",
            polygon(json!([[
                [106.8, 20.9],
                [106.81, 20.91],
                [106.81, 20.9],
                [106.8, 20.91],
                [106.8, 20.9]
            ]])),
        ),
        feature(
            "HOLE_OUT",
            polygon(json!([
                square(106.8, 20.9, 0.01),
                square(106.9, 20.9, 0.001)
            ])),
        ),
        feature(
            "HOLE_CROSS",
            polygon(json!([
                square(106.8, 20.9, 0.01),
                square(106.805, 20.905, 0.01)
            ])),
        ),
        feature(
            "POINT",
            json!({"type": "Point", "coordinates": [106.8, 20.9]}),
        ),
        // The same code in another case: a device names zones in any case.
        feature("ok", polygon(json!([square(106.7, 20.9, 0.01)]))),
        json!({"type": "Feature", "properties": {"code": "NONAME", "ward": "Hà An"}, "geometry": polygon(json!([square(106.8, 20.9, 0.01)]))}),
        json!({"type": "Feature", "properties": {"code": "WARD", "name": "x", "ward": "Hà Nội"}, "geometry": polygon(json!([square(106.8, 20.9, 0.01)]))}),
        feature(
            "LINE",
            polygon(json!([[
                [106.8, 20.9],
                [106.81, 20.9],
                [106.82, 20.9],
                [106.8, 20.9]
            ]])),
        ),
    ]);
    assert_eq!(
        codes(&text),
        vec![
            (Some(1), "zone.ring_too_short".into()),
            (Some(2), "zone.ring_not_closed".into()),
            (Some(3), "zone.coordinate_range".into()),
            (Some(4), "zone.self_intersection".into()),
            (Some(5), "zone.hole_outside".into()),
            (Some(6), "zone.rings_cross".into()),
            (Some(7), "zone.geometry_type".into()),
            (Some(8), "zone.duplicate_code".into()),
            (Some(9), "zone.missing_property".into()),
            (Some(10), "zone.admin_unit".into()),
            (Some(11), "zone.ring_degenerate".into()),
        ]
    );
}

#[test]
fn errors_speak_vietnamese_and_english() {
    let text = collection(vec![feature(
        "B",
        json!({"type": "Polygon", "coordinates": [[[106.8, 20.9], [106.81, 20.91], [106.81, 20.9], [106.8, 20.91], [106.8, 20.9]]]}),
    )]);
    let errors = parse_zones(&text, &quang_yen_units()).unwrap_err();
    assert!(
        errors[0].message.vi.contains("cắt nhau"),
        "{:?}",
        errors[0].message
    );
    assert!(
        errors[0].message.en.contains("cross"),
        "{:?}",
        errors[0].message
    );
}

#[test]
fn whole_file_problems_have_no_feature_index() {
    assert_eq!(codes("{not json"), vec![(None, "zone.json".to_owned())]);
    assert_eq!(
        codes(r#"{"type":"Topology"}"#),
        vec![(None, "zone.not_geojson".to_owned())]
    );
    assert_eq!(
        codes(r#"{"type":"FeatureCollection","features":[]}"#),
        vec![(None, "zone.empty_file".to_owned())]
    );
    let projected = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3405"}},"features":[]}"#;
    assert_eq!(codes(projected), vec![(None, "zone.crs".to_owned())]);
}

#[test]
fn a_single_feature_document_is_one_zone() {
    let text = feature(
        "ONE",
        json!({"type": "Polygon", "coordinates": [square(106.8, 20.9, 0.01)]}),
    )
    .to_string();
    assert_eq!(parse_zones(&text, &quang_yen_units()).unwrap().len(), 1);
}
