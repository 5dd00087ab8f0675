//! Demo records stay on this device. The demo dataset is made up for
//! training: pushed, it would land in the supervisors' campaign figures
//! and on every other tablet of its wards. So a demo household, its rafts
//! and their events (and any edit of them) write no outbox entry, and their
//! photos are not uploaded. The records are otherwise ordinary, so that a
//! trainee can practise every form on them.

use std::collections::HashSet;
use tidemark_domain::ids::{HouseholdId, RaftId};

use super::WriteTx;
use crate::error::DeviceError;

/// The demo households and rafts a write transaction has seen: read once,
/// at its first need (a few dozen ids at most), and kept up to date as it
/// creates more.
#[derive(Debug, Default)]
pub(super) struct DemoRecords {
    households: HashSet<HouseholdId>,
    rafts: HashSet<RaftId>,
}

impl WriteTx<'_> {
    fn demo_records(&mut self) -> Result<&mut DemoRecords, DeviceError> {
        if self.demo.is_none() {
            let mut found = DemoRecords::default();
            let mut households = self
                .tx
                .prepare_cached("SELECT id FROM households WHERE demo = 1")?;
            for id in households.query_map([], |r| r.get::<_, String>(0))? {
                found.households.insert(parse(&id?)?);
            }
            let mut rafts = self.tx.prepare_cached(
                "SELECT r.id FROM rafts r JOIN households h ON h.id = r.household_id
                 WHERE h.demo = 1",
            )?;
            for id in rafts.query_map([], |r| r.get::<_, String>(0))? {
                found.rafts.insert(parse(&id?)?);
            }
            self.demo = Some(found);
        }
        Ok(self.demo.get_or_insert_with(DemoRecords::default))
    }

    /// Notes a new demo household (it gets no outbox entry).
    pub(super) fn note_demo_household(&mut self, id: HouseholdId) -> Result<(), DeviceError> {
        self.demo_records()?.households.insert(id);
        Ok(())
    }

    pub(super) fn is_demo_household(&mut self, id: HouseholdId) -> Result<bool, DeviceError> {
        Ok(self.demo_records()?.households.contains(&id))
    }

    /// Whether a raft new in this transaction belongs to a demo household;
    /// if so it is noted as a demo raft.
    pub(super) fn new_raft_is_demo(
        &mut self,
        raft: RaftId,
        household: HouseholdId,
    ) -> Result<bool, DeviceError> {
        let demo = self.demo_records()?;
        let is_demo = demo.households.contains(&household);
        if is_demo {
            demo.rafts.insert(raft);
        }
        Ok(is_demo)
    }

    pub(super) fn is_demo_raft(&mut self, id: RaftId) -> Result<bool, DeviceError> {
        Ok(self.demo_records()?.rafts.contains(&id))
    }
}

fn parse<T: std::str::FromStr>(id: &str) -> Result<T, DeviceError> {
    id.parse()
        .map_err(|_| DeviceError::Corrupt(format!("record id {id:?}")))
}
