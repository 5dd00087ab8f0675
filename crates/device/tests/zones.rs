//! Farming zones on the device: a relocation's destination checked against
//! its target zone offline, the raft's status following, and a raft outside
//! every zone flagged.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::json;
use tidemark_device::Replica;
use tidemark_domain::admin::quang_yen_units;
use tidemark_domain::entities::RaftStatus;
use tidemark_domain::events::{RaftEvent, RelocationState};
use tidemark_domain::input::{PositionInput, RelocationInput};
use tidemark_domain::zone::geojson::parse_zones;
use tidemark_domain::zone::{ZoneCheck, ZoneSet};

/// Zone QY-HA-01 spans 106.80–106.82 E, 20.90–20.92 N, with a hole
/// (a channel kept free) at 106.805–106.810 E, 20.905–20.910 N.
fn zone_set(version: u64) -> ZoneSet {
    let text = json!({"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {"code": "QY-HA-01", "name": "Vùng nuôi hàu Hà An 1", "ward": "Hà An"},
        "geometry": {"type": "Polygon", "coordinates": [
            [[106.80, 20.90], [106.82, 20.90], [106.82, 20.92], [106.80, 20.92], [106.80, 20.90]],
            [[106.805, 20.905], [106.81, 20.905], [106.81, 20.91], [106.805, 20.91], [106.805, 20.905]]
        ]}
    }]})
    .to_string();
    ZoneSet {
        version,
        zones: Some(parse_zones(&text, &quang_yen_units()).unwrap()),
    }
}

fn relocation(raft: &str, lat: &str, lon: &str, zone: &str) -> RelocationInput {
    RelocationInput {
        raft_id: raft.to_owned(),
        date: chrono::Local::now().format("%d/%m/%Y").to_string(),
        state: RelocationState::Completed,
        from: PositionInput::default(),
        to: PositionInput {
            lat: lat.into(),
            lon: lon.into(),
            accuracy_m: "4".into(),
            ..Default::default()
        },
        target_zone: zone.into(),
        deadline: String::new(),
        note: String::new(),
        photos: Vec::new(),
    }
}

fn last_relocation(r: &Replica, raft: &str) -> tidemark_domain::events::Relocation {
    match r.raft_detail(raft).unwrap().history.remove(0) {
        RaftEvent::Relocation(rel) => rel,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_destination_inside_the_target_zone_completes_the_relocation() {
    let (mut r, _, raft) = replica_with_raft();
    assert!(r.store_mut().replace_zones(&zone_set(1)).unwrap());
    // Named by its name, without diacritics: resolved to the code.
    r.log_relocation(&relocation(
        &raft,
        "20.915",
        "106.815",
        "vung nuoi hau ha an 1",
    ))
    .unwrap();
    let rel = last_relocation(&r, &raft);
    assert_eq!(rel.inside_target_zone, Some(true));
    assert_eq!(rel.target_zone.as_deref(), Some("QY-HA-01"));
    let d = r.raft_detail(&raft).unwrap();
    assert_eq!(d.raft.status, RaftStatus::Relocated);
    assert_eq!(d.raft.zone.as_deref(), Some("QY-HA-01"));
    assert_eq!(
        d.zone_check,
        ZoneCheck::InZone {
            code: "QY-HA-01".into(),
            name: "Vùng nuôi hàu Hà An 1".into()
        }
    );
}

#[test]
fn a_destination_in_the_hole_or_outside_leaves_the_raft_to_relocate() {
    let (mut r, _, raft) = replica_with_raft();
    r.store_mut().replace_zones(&zone_set(1)).unwrap();
    r.log_relocation(&relocation(&raft, "20.9075", "106.8075", "QY-HA-01"))
        .unwrap();
    assert_eq!(last_relocation(&r, &raft).inside_target_zone, Some(false));
    let d = r.raft_detail(&raft).unwrap();
    assert_eq!(d.raft.status, RaftStatus::OutsideZone);
    assert_eq!(d.zone_check, ZoneCheck::OutsideEveryZone);
    assert!(d.raft.status.awaits_relocation());

    // On the zone's edge counts as inside.
    r.log_relocation(&relocation(&raft, "20.90", "106.81", "qy-ha-01"))
        .unwrap();
    assert_eq!(last_relocation(&r, &raft).inside_target_zone, Some(true));
    assert_eq!(
        r.raft_detail(&raft).unwrap().raft.status,
        RaftStatus::Relocated
    );
}

#[test]
fn an_unknown_target_zone_is_refused_once_zones_are_on_the_device() {
    let (mut r, _, raft) = replica_with_raft();
    // Without zones, the inspector's word stands and nothing is checked.
    r.log_relocation(&relocation(&raft, "20.95", "106.85", "Vùng mới"))
        .unwrap();
    assert_eq!(last_relocation(&r, &raft).inside_target_zone, None);
    assert_eq!(r.raft_detail(&raft).unwrap().zone_check, ZoneCheck::NoZones);

    r.store_mut().replace_zones(&zone_set(1)).unwrap();
    let pending = r.store().pending_sync().unwrap();
    let err = r
        .log_relocation(&relocation(&raft, "20.95", "106.85", "Vùng mới"))
        .unwrap_err();
    let err = tidemark_device::CommandError::from(err);
    assert_eq!(err.code, "validation");
    assert_eq!(err.fields[0].code, "relocation.unknown_zone");
    assert_eq!(r.store().pending_sync().unwrap(), pending, "nothing saved");
}

#[test]
fn a_newer_zone_set_replaces_the_old_and_an_unchanged_one_is_kept() {
    let mut r = Replica::open_in_memory().unwrap();
    assert_eq!(r.store().zones_version().unwrap(), 0);
    r.store_mut().replace_zones(&zone_set(3)).unwrap();
    assert_eq!(r.store().zones_version().unwrap(), 3);
    let unchanged = ZoneSet {
        version: 3,
        zones: None,
    };
    assert!(!r.store_mut().replace_zones(&unchanged).unwrap());
    assert_eq!(r.zones().unwrap().len(), 1);
    let emptied = ZoneSet {
        version: 4,
        zones: Some(vec![]),
    };
    assert!(r.store_mut().replace_zones(&emptied).unwrap());
    assert!(r.zones().unwrap().is_empty());
    assert_eq!(r.store().zones_version().unwrap(), 4);
}

#[test]
fn zones_replaced_by_the_sync_threads_connection_are_seen_by_the_apps() {
    // The app and the sync thread each hold a connection to one database.
    let dir = tempfile::tempdir().unwrap();
    let app = Replica::open(dir.path()).unwrap();
    let mut sync_side = Replica::open(dir.path()).unwrap();
    assert!(app.zones().unwrap().is_empty());
    sync_side.store_mut().replace_zones(&zone_set(1)).unwrap();
    assert_eq!(app.zones().unwrap().len(), 1, "read again after the change");
    assert_eq!(app.zones().unwrap()[0].code, "QY-HA-01");
    let emptied = ZoneSet {
        version: 2,
        zones: Some(vec![]),
    };
    sync_side.store_mut().replace_zones(&emptied).unwrap();
    assert!(app.zones().unwrap().is_empty());
}
