//! Farming zones from the admin's GeoJSON to the inspector's raft: the
//! server stores them, devices sync them down, a relocation is checked on
//! the device with no server involved, and the check travels to colleagues.
#![allow(clippy::unwrap_used)]

mod common;

use common::{household, raft, Device, Server};
use serde_json::json;
use tidemark_domain::admin::quang_yen_units;
use tidemark_domain::entities::RaftStatus;
use tidemark_domain::events::{RaftEvent, RelocationState};
use tidemark_domain::input::{PositionInput, RelocationInput};
use tidemark_domain::zone::geojson::parse_zones;
use tidemark_domain::zone::Zone;

fn zones(east_edge: f64) -> Vec<Zone> {
    let text = json!({"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {"ma_vung": "QY-HA-02", "ten_vung": "Vùng nuôi Hà An 2", "phuong": "Hà An"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [106.84, 20.92], [east_edge, 20.92], [east_edge, 20.94], [106.84, 20.94], [106.84, 20.92]
        ]]}
    }]})
    .to_string();
    parse_zones(&text, &quang_yen_units()).unwrap()
}

fn completed_at(raft: &str, lon: &str) -> RelocationInput {
    RelocationInput {
        raft_id: raft.into(),
        date: "2026-11-20".into(),
        state: RelocationState::Completed,
        from: PositionInput::default(),
        to: PositionInput {
            lat: "20.93".into(),
            lon: lon.into(),
            accuracy_m: "3".into(),
            ..Default::default()
        },
        target_zone: "QY-HA-02".into(),
        deadline: String::new(),
        note: String::new(),
        photos: Vec::new(),
    }
}

fn zones_reach_devices_and_relocations_are_checked_offline(server: Server) {
    let (mut a, mut b) = (Device::new(), Device::new());
    let h = a
        .replica
        .save_household(None, &household("Khu 3"))
        .unwrap()
        .id;
    let r = a.replica.save_raft(None, &raft(&h)).unwrap().id;
    assert!(!a.sync(&server).zones_updated, "no zones on the server yet");

    let imported = server
        .store
        .import_zones(&zones(106.86), false, "now")
        .unwrap();
    assert_eq!(imported.version, 1);
    assert!(a.sync(&server).zones_updated);
    assert!(
        !a.sync(&server).zones_updated,
        "an unchanged set is not sent again"
    );
    assert_eq!(a.replica.zones().unwrap()[0].code, "QY-HA-02");

    // No server call below: the check runs on the zones the device holds.
    a.replica
        .log_relocation(&completed_at(&r, "106.87"))
        .unwrap();
    assert_eq!(
        a.replica.raft_detail(&r).unwrap().raft.status,
        RaftStatus::OutsideZone,
        "moved, but not into the zone"
    );
    a.replica
        .log_relocation(&completed_at(&r, "106.85"))
        .unwrap();
    assert_eq!(
        a.replica.raft_detail(&r).unwrap().raft.status,
        RaftStatus::Relocated
    );

    a.sync(&server);
    b.sync(&server);
    let history = b.replica.raft_detail(&r).unwrap().history;
    let checks: Vec<Option<bool>> = history
        .iter()
        .filter_map(|e| match e {
            RaftEvent::Relocation(rel) => Some(rel.inside_target_zone),
            _ => None,
        })
        .collect();
    assert_eq!(
        checks,
        [Some(true), Some(false)],
        "newest first, as checked on A"
    );
    assert_eq!(
        b.replica.raft_detail(&r).unwrap().raft.status,
        RaftStatus::Relocated
    );

    // The admin widens the zone: every device gets the new set.
    server
        .store
        .import_zones(&zones(106.90), false, "later")
        .unwrap();
    assert!(b.sync(&server).zones_updated);
    assert_eq!(b.replica.store().zones_version().unwrap(), 2);
    let widened = &b.replica.zones().unwrap()[0];
    assert!(widened.area.locate(106.87, 20.93) == tidemark_domain::zone::Containment::Inside);
}

both_backends!(zones_reach_devices_and_relocations_are_checked_offline);
