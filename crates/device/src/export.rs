//! Export of everything on the device: CSV in the import format (one row
//! per raft; a household without rafts gets a row of its own) and a full
//! JSON document with events.

use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{Household, Raft};
use tidemark_domain::events::RaftEvent;
use tidemark_domain::ids::HouseholdId;

use crate::error::DeviceError;
use crate::import::Column;
use crate::store::Store;

/// The JSON export document.
#[derive(Debug, Serialize)]
pub struct ExportDocument {
    pub format: &'static str,
    pub version: u32,
    pub device_id: String,
    pub exported_at: String,
    pub admin_units: Vec<AdminUnit>,
    pub households: Vec<Household>,
    pub rafts: Vec<Raft>,
    pub events: Vec<RaftEvent>,
}

pub fn households(store: &Store) -> Result<Vec<Household>, DeviceError> {
    store.all_households()
}

pub fn rafts(store: &Store) -> Result<Vec<Raft>, DeviceError> {
    store.all_rafts()
}

pub fn events(store: &Store) -> Result<Vec<RaftEvent>, DeviceError> {
    crate::store::documents(
        store.conn(),
        "SELECT body FROM events ORDER BY raft_id, date, created_at",
        [],
    )
}

pub fn write_json(store: &Store, mut out: impl Write) -> Result<(), DeviceError> {
    let doc = ExportDocument {
        format: "tidemark-export",
        version: 1,
        device_id: store.device_id().to_string(),
        exported_at: crate::store::now_rfc3339(),
        admin_units: store.admin_units().to_vec(),
        households: households(store)?,
        rafts: rafts(store)?,
        events: events(store)?,
    };
    serde_json::to_writer_pretty(&mut out, &doc)?;
    // Flush here, not on drop, so that a full disk is an error, not a
    // silently truncated file.
    out.flush()?;
    Ok(())
}

fn enum_text(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn raft_columns(raft: Option<&Raft>) -> Vec<String> {
    let Some(r) = raft else {
        return vec![String::new(); 15];
    };
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        r.local_tag.clone(),
        enum_text(r.kind),
        r.cell_count.get().to_string(),
        opt(r.length_m.map(|m| m.get())),
        opt(r.width_m.map(|m| m.get())),
        enum_text(r.species),
        opt(r.position.map(|p| p.lat)),
        opt(r.position.map(|p| p.lon)),
        opt(r.position.map(|p| p.accuracy_m)),
        r.waterway.clone().unwrap_or_default(),
        r.zone.clone().unwrap_or_default(),
        enum_text(r.status),
        r.initial_floats.styrofoam.get().to_string(),
        r.initial_floats.hdpe.get().to_string(),
        r.initial_floats.other_compliant.get().to_string(),
    ]
}

/// CSV that `tidemark import` reads back. Float columns hold the counts at
/// registration; the replacement ledger is in the JSON export.
pub fn write_csv(store: &Store, out: impl Write) -> Result<(), DeviceError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(Column::ALL.iter().map(|c| c.names()[0]))?;
    let mut rafts_by_household: HashMap<HouseholdId, Vec<Raft>> = HashMap::new();
    for r in rafts(store)? {
        rafts_by_household
            .entry(r.household_id)
            .or_default()
            .push(r);
    }
    for h in households(store)? {
        let owner = [
            h.full_name.to_string(),
            h.cccd
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            h.phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            h.village.clone(),
            h.admin_unit_code.clone(),
            h.cooperative.clone().unwrap_or_default(),
        ];
        let demo = if h.demo { "1" } else { "" };
        let mine = rafts_by_household.remove(&h.id).unwrap_or_default();
        if mine.is_empty() {
            w.write_record(
                owner
                    .iter()
                    .cloned()
                    .chain(raft_columns(None))
                    .chain([demo.to_owned()]),
            )?;
        }
        for r in &mine {
            w.write_record(
                owner
                    .iter()
                    .cloned()
                    .chain(raft_columns(Some(r)))
                    .chain([demo.to_owned()]),
            )?;
        }
    }
    w.flush()?;
    Ok(())
}
