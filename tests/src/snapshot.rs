//! What a replica holds, in a form two replicas can be compared by: every
//! live household and raft by id, and the ids of its events.
//!
//! `meta.updated_at` is left out: it is when *this* device last changed the
//! record (an edit's mutation does not carry it), so it differs between
//! devices that agree on every synced field.

use std::collections::BTreeSet;
use tidemark_device::export;
use tidemark_device::store::Store;
use tidemark_domain::entities::{Household, Raft};

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaSnapshot {
    pub households: Vec<Household>,
    pub rafts: Vec<Raft>,
    pub event_ids: BTreeSet<String>,
}

/// # Panics
/// When the store cannot be read (a test failure).
#[allow(clippy::panic)]
pub fn replica_snapshot(store: &Store) -> ReplicaSnapshot {
    let read = |what: &str, e: tidemark_device::DeviceError| -> ! {
        panic!("cannot read the {what}: {e}")
    };
    let mut households = export::households(store).unwrap_or_else(|e| read("households", e));
    households
        .iter_mut()
        .for_each(|h| h.meta.updated_at.clear());
    households.sort_by_key(|h| h.id);
    let mut rafts = export::rafts(store).unwrap_or_else(|e| read("rafts", e));
    rafts.iter_mut().for_each(|r| r.meta.updated_at.clear());
    rafts.sort_by_key(|r| r.id);
    let event_ids = export::events(store)
        .unwrap_or_else(|e| read("events", e))
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    ReplicaSnapshot {
        households,
        rafts,
        event_ids,
    }
}
