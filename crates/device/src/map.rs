//! What the map screen draws, from this device's records alone: rafts at
//! their positions coloured by status (a raft outside every zone flagged),
//! each relocation from its old to its new position, and the farming zones.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tidemark_domain::entities::RaftStatus;
use tidemark_domain::events::RelocationState;
use tidemark_domain::ids::{EventId, RaftId};
use tidemark_domain::values::Position;
use tidemark_domain::zone::{check_position, Zone, ZoneCheck};
use ts_rs::TS;

use crate::error::DeviceError;
use crate::export;
use crate::store::Store;

/// A raft with a position, as a marker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MapRaft {
    pub id: RaftId,
    pub local_tag: String,
    pub household_name: String,
    pub status: RaftStatus,
    pub position: Position,
    /// True when zones are on the device and the raft lies in none.
    pub outside_every_zone: bool,
    pub demo: bool,
}

/// One relocation drawn as a line from where the raft was to where it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MapRelocation {
    pub id: EventId,
    pub raft_id: RaftId,
    pub state: RelocationState,
    pub from: Position,
    pub to: Position,
    pub inside_target_zone: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MapFeatures {
    pub rafts: Vec<MapRaft>,
    /// Rafts registered without a position: listed, not drawn.
    pub rafts_without_position: u32,
    pub relocations: Vec<MapRelocation>,
    pub zones: Vec<Zone>,
}

pub fn features(store: &Store) -> Result<MapFeatures, DeviceError> {
    let zones = store.zones()?;
    let households: HashMap<_, _> = export::households(store)?
        .into_iter()
        .map(|h| (h.id, (h.full_name.to_string(), h.demo)))
        .collect();
    let mut rafts = Vec::new();
    let mut rafts_without_position = 0u32;
    for raft in export::rafts(store)? {
        let Some(position) = raft.position else {
            rafts_without_position += 1;
            continue;
        };
        let (household_name, demo) = households
            .get(&raft.household_id)
            .cloned()
            .unwrap_or_default();
        rafts.push(MapRaft {
            outside_every_zone: check_position(&zones, Some(&position))
                == ZoneCheck::OutsideEveryZone,
            id: raft.id,
            local_tag: raft.local_tag,
            household_name,
            status: raft.status,
            position,
            demo,
        });
    }
    let relocations = store
        .relocations()?
        .into_iter()
        .filter_map(|r| {
            Some(MapRelocation {
                id: r.id,
                raft_id: r.raft_id,
                state: r.state,
                from: r.from?,
                to: r.to?,
                inside_target_zone: r.inside_target_zone,
            })
        })
        .collect();
    Ok(MapFeatures {
        rafts,
        rafts_without_position,
        relocations,
        zones,
    })
}
