//! Demo records stay on this device. The demo dataset is made up for
//! training: pushed, it would land in the supervisors' campaign figures
//! and on every other tablet of its wards. So a demo household, its rafts
//! and their events (and any edit of them) write no outbox entry, and their
//! photos are not uploaded. The records are otherwise ordinary, so that a
//! trainee can practise every form on them.

use std::collections::HashSet;
use tidemark_domain::ids::{HouseholdId, RaftId};
use tidemark_domain::sync::{EntityKind, MutationOp};

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

/// A household or a raft, as an edit or a tombstone names it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Record {
    Household(HouseholdId),
    Raft(RaftId),
}

impl WriteTx<'_> {
    /// Appends the edit or tombstone of a household or raft, based on the
    /// version the server last gave it; nothing for a demo record. Every
    /// such change goes through here, so the demo rule holds for each.
    pub(super) fn append_record_change(
        &mut self,
        record: Record,
        op: MutationOp,
    ) -> Result<(), DeviceError> {
        let (demo, entity, id, version_sql) = match record {
            Record::Household(id) => (
                self.is_demo_household(id)?,
                EntityKind::Household,
                id.as_uuid(),
                "SELECT server_version FROM households WHERE id = ?1",
            ),
            Record::Raft(id) => (
                self.is_demo_raft(id)?,
                EntityKind::Raft,
                id.as_uuid(),
                "SELECT server_version FROM rafts WHERE id = ?1",
            ),
        };
        if demo {
            return Ok(());
        }
        let base: Option<i64> = self
            .tx
            .query_row(version_sql, [id.to_string()], |r| r.get(0))?;
        self.append_mutation(entity, id, base.and_then(|v| u64::try_from(v).ok()), op)?;
        Ok(())
    }
}

fn parse<T: std::str::FromStr>(id: &str) -> Result<T, DeviceError> {
    id.parse()
        .map_err(|_| DeviceError::Corrupt(format!("record id {id:?}")))
}

/// What removing the demo dataset took away.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DemoRemoved {
    pub households: u32,
    pub rafts: u32,
    pub events: u32,
    /// Photos attached to demo records, with their files.
    pub photos: u32,
}

/// A photo whose row is gone, for its files to go too (a demo record's,
/// or one staged in a form and never saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoFiles {
    pub sha256: String,
    pub mime_type: String,
    /// The kept original, when there is one.
    pub original_file: Option<String>,
}

impl PhotoFiles {
    /// From a row of `SELECT sha256, mime_type, original_file FROM photos`.
    pub(super) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            sha256: r.get(0)?,
            mime_type: r.get(1)?,
            // '' when the upload copy is the original.
            original_file: r.get::<_, Option<String>>(2)?.filter(|f| !f.is_empty()),
        })
    }
}

impl super::Store {
    /// Deletes the demo dataset and everything done to it, in one
    /// transaction. They never left this device, so they go for good (no
    /// tombstones). A database from before demo records stayed local may
    /// still have some waiting in the outbox: then nothing is removed and
    /// the person is asked to sync first.
    pub fn remove_demo_records(&mut self) -> Result<(DemoRemoved, Vec<PhotoFiles>), DeviceError> {
        const DEMO_HOUSEHOLDS: &str = "SELECT id FROM households WHERE demo = 1";
        const DEMO_RAFTS: &str =
            "SELECT id FROM rafts WHERE household_id IN (SELECT id FROM households WHERE demo = 1)";
        let demo_events = format!("SELECT id FROM events WHERE raft_id IN ({DEMO_RAFTS})");
        let tx = self.conn.transaction()?;
        let waiting: u32 = tx.query_row(
            &format!(
                "SELECT COUNT(*) FROM outbox WHERE entity_id IN ({DEMO_HOUSEHOLDS})
                   OR entity_id IN ({DEMO_RAFTS}) OR entity_id IN ({demo_events})"
            ),
            [],
            |r| r.get(0),
        )?;
        if waiting > 0 {
            return Err(DeviceError::invalid(
                "demo",
                tidemark_domain::ParseError::new(
                    "demo.waiting_to_sync",
                    "Dữ liệu mẫu đã vào hàng chờ đồng bộ (từ phiên bản trước): hãy đồng bộ rồi xóa",
                    "Demo records are waiting to sync (from an earlier version): sync, then remove them",
                ),
            ));
        }
        let photos = {
            let mut stmt = tx.prepare(&format!(
                "SELECT sha256, mime_type, original_file FROM photos WHERE event_id IN ({demo_events})"
            ))?;
            let rows = stmt
                .query_map([], PhotoFiles::from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        tx.execute(
            &format!("DELETE FROM photos WHERE event_id IN ({demo_events})"),
            [],
        )?;
        let events = tx.execute(
            &format!("DELETE FROM events WHERE id IN ({demo_events})"),
            [],
        )?;
        let rafts = tx.execute(&format!("DELETE FROM rafts WHERE id IN ({DEMO_RAFTS})"), [])?;
        let households = tx.execute("DELETE FROM households WHERE demo = 1", [])?;
        tx.commit()?;
        Ok((
            DemoRemoved {
                households: count(households),
                rafts: count(rafts),
                events: count(events),
                photos: count(photos.len()),
            },
            photos,
        ))
    }
}
