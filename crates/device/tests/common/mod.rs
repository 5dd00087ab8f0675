//! Shared fixtures for the device's integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use tidemark_device::Replica;
use tidemark_domain::entities::{RaftKind, RaftStatus, Species};
use tidemark_domain::events::{Disposal, InstalledMaterial};
use tidemark_domain::input::{
    FloatCountsInput, FloatReplacementInput, HouseholdInput, PositionInput, RaftInput,
};

pub fn household_input(name: &str, unit: &str) -> HouseholdInput {
    HouseholdInput {
        full_name: name.into(),
        cccd: String::new(),
        phone: "0912345678".into(),
        village: "Khu 5".into(),
        admin_unit_code: unit.into(),
        cooperative: String::new(),
    }
}

pub fn raft_input(household_id: &str, tag: &str, styrofoam: u32) -> RaftInput {
    RaftInput {
        household_id: household_id.into(),
        local_tag: tag.into(),
        kind: RaftKind::BambooRaft,
        cell_count: "12".into(),
        length_m: "10".into(),
        width_m: "8".into(),
        species: Species::EstuarineOyster,
        position: PositionInput {
            lat: "20.93".into(),
            lon: "106.85".into(),
            accuracy_m: "5".into(),
            ..Default::default()
        },
        waterway: "Sông Chanh".into(),
        zone: String::new(),
        status: RaftStatus::RegisteredInZone,
        initial_floats: FloatCountsInput {
            styrofoam: styrofoam.to_string(),
            hdpe: "0".into(),
            other_compliant: "0".into(),
        },
    }
}

pub fn replacement(raft_id: &str, removed: u32, installed: u32) -> FloatReplacementInput {
    FloatReplacementInput {
        raft_id: raft_id.into(),
        date: chrono::Local::now().format("%d/%m/%Y").to_string(),
        styrofoam_removed: removed.to_string(),
        installed: installed.to_string(),
        installed_material: InstalledMaterial::Hdpe,
        supplier: String::new(),
        batch: String::new(),
        disposal: Disposal::Collected,
        subsidy_vnd: String::new(),
        note: String::new(),
        photos: Vec::new(),
    }
}

/// A replica with one household and one raft of 300 styrofoam floats.
pub fn replica_with_raft() -> (Replica, String, String) {
    let mut r = Replica::open_in_memory().unwrap();
    let h = r
        .save_household(None, &household_input("Trần Văn Thử", "QY-HA-AN"))
        .unwrap()
        .id;
    let raft = r.save_raft(None, &raft_input(&h, "HA-01", 300)).unwrap().id;
    (r, h, raft)
}

/// An in-memory replica with the demo dataset loaded, and its first demo
/// household's first raft.
pub fn replica_with_demo_raft() -> (Replica, String) {
    let mut r = Replica::open_in_memory().unwrap();
    r.load_demo_data().unwrap();
    let household = r.search_households("").unwrap().remove(0);
    let raft = r
        .household_detail(&household.id.to_string())
        .unwrap()
        .rafts
        .remove(0)
        .id
        .to_string();
    (r, raft)
}
