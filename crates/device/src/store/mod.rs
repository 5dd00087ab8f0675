//! The device's SQLite database.
//!
//! Durability invariant: when a write method returns Ok, the record and its
//! outbox mutation are on disk together (one transaction, WAL with
//! synchronous=FULL), and survive a crash or a power cut. When it returns
//! Err, neither is.

mod attention;
mod demo_records;
mod document;
mod drafts;
mod events;
mod households;
mod migrations;
mod outbox;
mod photos;
mod progress;
mod rafts;
mod replication;
mod statements;
mod zones;

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};
use tidemark_domain::admin::{quang_yen_units, AdminUnit};
use tidemark_domain::entities::RecordMeta;
use tidemark_domain::hlc::{Hlc, HlcClock};
use tidemark_domain::ids::{DeviceId, MutationId};
use tidemark_domain::sync::{EntityKind, Mutation, MutationOp};
use uuid::Uuid;

use crate::error::DeviceError;

pub use demo_records::{DemoRemoved, PhotoFiles};
pub(crate) use document::documents;
pub use drafts::{Draft, MAX_DRAFT_BYTES};
pub use migrations::{migrate, migrate_to, MIGRATIONS};
pub use outbox::OutboxEntry;
pub use photos::{PendingPhoto, PhotoStatus, PhotoUploadState};
pub use replication::SyncState;

/// File name of the database inside a device data directory.
pub const DB_FILE: &str = "tidemark.sqlite";

/// Where the store reads the time for its HLC stamps: the system clock, or
/// a clock a simulation drives (devices with clocks hours apart, replayed
/// from a seed).
pub type WallClock = std::sync::Arc<dyn Fn() -> u64 + Send + Sync>;

pub struct Store {
    wall_clock: Option<WallClock>,
    conn: Connection,
    device_id: DeviceId,
    inspector: String,
    clock: HlcClock,
    path: Option<PathBuf>,
    admin_units: Vec<AdminUnit>,
    /// The zones as last read, with their set's version (zones.rs).
    zones_read: std::cell::RefCell<Option<zones::ZonesRead>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("device_id", &self.device_id)
            .field("path", &self.path)
            .field("manual_clock", &self.wall_clock.is_some())
            .finish_non_exhaustive()
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

pub(crate) fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it and
    /// makes sure it has a device id and the reference data.
    pub fn open(path: &Path) -> Result<Self, DeviceError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path)?;
        Self::init(conn, Some(path.to_owned()))
    }

    /// A throwaway database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self, DeviceError> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, DeviceError> {
        configure(&conn)?;
        migrate(&mut conn)?;
        let admin_units = load_reference_data(&mut conn)?;
        let (device_id, inspector, last) = ensure_device(&conn)?;
        Ok(Self {
            wall_clock: None,
            conn,
            device_id,
            inspector,
            clock: HlcClock::resume(last),
            path,
            admin_units,
            zones_read: std::cell::RefCell::new(None),
        })
    }

    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// Stamps from now on read the time from `clock` instead of the system
    /// clock (simulations only; the app and the CLI never call this).
    pub fn set_wall_clock(&mut self, clock: WallClock) {
        self.wall_clock = Some(clock);
    }

    fn wall_ms(&self) -> u64 {
        self.wall_clock
            .as_ref()
            .map_or_else(now_ms, |clock| clock())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn admin_units(&self) -> &[AdminUnit] {
        &self.admin_units
    }

    pub fn inspector(&self) -> &str {
        &self.inspector
    }

    pub fn set_inspector(&mut self, name: &str) -> Result<(), DeviceError> {
        self.conn.execute(
            "UPDATE device SET inspector = ?1 WHERE singleton = 1",
            [name],
        )?;
        self.inspector = name.to_owned();
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `write` for a transaction that touches many pages (an import): the
    /// page cache may grow to `BULK_CACHE_KIB` until it commits, so that
    /// SQLite does not spill half-built pages to the WAL and write them
    /// again; afterwards it shrinks back, whatever the outcome.
    pub fn bulk_write<T>(
        &mut self,
        f: impl FnOnce(&mut WriteTx<'_>) -> Result<T, DeviceError>,
    ) -> Result<T, DeviceError> {
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let result = self.write(f);
        let restored = self.conn.pragma_update(None, "cache_size", -CACHE_KIB);
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Runs `f` in one IMMEDIATE transaction. Every mutation `f` appends goes
    /// to the outbox in the same transaction; the clock and the sequence
    /// number are persisted with them.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut WriteTx<'_>) -> Result<T, DeviceError>,
    ) -> Result<T, DeviceError> {
        let wall_ms = self.wall_ms();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // The app and the CLI may share this database: the sequence number
        // and the clock are read inside the write lock, and the clock never
        // resumes below what another process already stamped.
        let (next_seq, wall, counter): (i64, i64, u32) = tx.query_row(
            "SELECT next_seq, hlc_wall_ms, hlc_counter FROM device WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let stored = Hlc {
            wall_ms: u64::try_from(wall).unwrap_or(0),
            counter,
            device: self.device_id,
        };
        if stored > self.clock.last() {
            self.clock = HlcClock::resume(stored);
        }
        // The write's statements borrow the transaction: they are gone
        // (with the rest of `WriteTx`) before it commits.
        let (value, next_seq, last) = {
            let mut wtx = WriteTx {
                wall_ms,
                tx: &tx,
                statements: statements::Statements::new(&tx),
                clock: &mut self.clock,
                device_id: self.device_id,
                inspector: &self.inspector,
                next_seq: u64::try_from(next_seq).unwrap_or(1),
                now: now_rfc3339(),
                demo: None,
            };
            let value = f(&mut wtx)?;
            (value, wtx.next_seq, wtx.clock.last())
        };
        tx.execute(
            "UPDATE device SET next_seq = ?1, hlc_wall_ms = ?2, hlc_counter = ?3 WHERE singleton = 1",
            params![next_seq as i64, last.wall_ms as i64, last.counter],
        )?;
        tx.commit()?;
        Ok(value)
    }

    /// The connection's durability settings: (journal_mode, synchronous,
    /// foreign_keys); expected ("wal", 2 = FULL, 1).
    pub fn durability(&self) -> Result<(String, i64, i64), DeviceError> {
        let mode = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        let fk = self
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        Ok((mode, sync, fk))
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String, DeviceError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// A record's metadata from four columns of a row, starting at `first`:
/// created_at, updated_at, created_by, device_id.
pub(super) fn read_meta(r: &rusqlite::Row<'_>, first: usize) -> Result<RecordMeta, DeviceError> {
    let device: String = r.get(first + 3)?;
    Ok(RecordMeta {
        created_at: r.get(first)?,
        updated_at: r.get(first + 1)?,
        created_by: r.get(first + 2)?,
        device_id: device
            .parse()
            .map_err(|_| DeviceError::Corrupt(format!("record device id {device:?}")))?,
    })
}

/// Whether a household or raft row is written as a new row or over the row
/// with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowWrite {
    New,
    Existing,
}

/// One write transaction: the records it changes and their outbox entries.
#[derive(Debug)]
pub struct WriteTx<'a> {
    /// The wall time this transaction stamps with (read once at its start).
    wall_ms: u64,
    pub(crate) tx: &'a rusqlite::Transaction<'a>,
    /// The per-record statements, held for the whole transaction.
    pub(crate) statements: statements::Statements<'a>,
    clock: &'a mut HlcClock,
    device_id: DeviceId,
    inspector: &'a str,
    next_seq: u64,
    now: String,
    /// Demo records, which never enter the outbox (demo_records.rs).
    demo: Option<demo_records::DemoRecords>,
}

impl WriteTx<'_> {
    /// Metadata for a record created in this transaction.
    pub fn new_meta(&self) -> RecordMeta {
        RecordMeta {
            created_at: self.now.clone(),
            updated_at: self.now.clone(),
            created_by: self.inspector.to_owned(),
            device_id: self.device_id,
        }
    }

    /// Metadata for an edit: creation facts kept, `updated_at` now.
    pub fn new_meta_for_edit(&self, old: &RecordMeta) -> RecordMeta {
        RecordMeta {
            updated_at: self.now.clone(),
            ..old.clone()
        }
    }

    pub fn now(&self) -> &str {
        &self.now
    }

    /// Moves the clock past a stamp from another replica. A stamp too far
    /// ahead is not adopted (the record still applies; its stamp is not
    /// trusted as time).
    pub fn observe(&mut self, remote: Hlc) {
        let _ = self.clock.observe(remote, self.wall_ms);
    }

    /// Stamps and appends one mutation to the outbox; returns its stamp.
    pub fn append_mutation(
        &mut self,
        entity: EntityKind,
        entity_id: Uuid,
        base_version: Option<u64>,
        op: MutationOp,
    ) -> Result<Hlc, DeviceError> {
        self.stamp_and_append(entity, entity_id, base_version, op, false)
    }

    /// Stamps and appends the creation of a household or a raft that this
    /// transaction writes: the outbox refers to the record instead of
    /// copying its fields (outbox.rs).
    pub(crate) fn append_creation(
        &mut self,
        entity: EntityKind,
        entity_id: Uuid,
    ) -> Result<Hlc, DeviceError> {
        let fields_read_at_push = MutationOp::Upsert {
            fields: serde_json::Map::new(),
        };
        self.stamp_and_append(entity, entity_id, None, fields_read_at_push, true)
    }

    fn stamp_and_append(
        &mut self,
        entity: EntityKind,
        entity_id: Uuid,
        base_version: Option<u64>,
        op: MutationOp,
        by_reference: bool,
    ) -> Result<Hlc, DeviceError> {
        let hlc = self.clock.tick(self.wall_ms);
        let mutation = Mutation {
            device_seq: self.next_seq,
            mutation_id: MutationId::new(),
            device_id: self.device_id,
            entity,
            entity_id,
            hlc,
            base_version,
            op,
        };
        outbox::append(&mut self.statements, &mutation, by_reference)?;
        self.next_seq += 1;
        Ok(hlc)
    }
}

/// The page cache of everyday use, in KiB: the working set of the lists and
/// the raft pages of a ward, with room to spare.
const CACHE_KIB: i64 = 32_000;
/// The page cache an import may use until it commits, in KiB: 100,000
/// rafts with their households, indexes and outbox rows take about 60 MB of
/// pages; a tablet gives the memory back when the import ends.
const BULK_CACHE_KIB: i64 = 160_000;

fn configure(conn: &Connection) -> Result<(), DeviceError> {
    // WAL + FULL: a committed transaction survives power loss; readers never
    // block the writer. Foreign keys keep events attached to real rafts.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(())
}

fn load_reference_data(conn: &mut Connection) -> Result<Vec<AdminUnit>, DeviceError> {
    let mut units = quang_yen_units();
    // Current wards first: old units reference them.
    units.sort_by_key(|u| !u.is_current());
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO admin_units (code, name, level, valid_from, valid_to, merged_into)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level,
               valid_from = excluded.valid_from, valid_to = excluded.valid_to,
               merged_into = excluded.merged_into",
        )?;
        for u in &units {
            let level = serde_json::to_value(u.level)?;
            insert.execute(params![
                u.code,
                u.name,
                level.as_str(),
                u.valid_from,
                u.valid_to,
                u.merged_into
            ])?;
        }
    }
    tx.commit()?;
    Ok(units)
}

fn ensure_device(conn: &Connection) -> Result<(DeviceId, String, Hlc), DeviceError> {
    let row: Option<(String, String, i64, u32)> = conn
        .query_row(
            "SELECT device_id, inspector, hlc_wall_ms, hlc_counter FROM device WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (id, inspector, wall, counter) = match row {
        Some(row) => row,
        None => {
            let id = DeviceId::new().to_string();
            conn.execute(
                "INSERT INTO device (singleton, device_id, created_at) VALUES (1, ?1, ?2)",
                params![id, now_rfc3339()],
            )?;
            (id, String::new(), 0, 0)
        }
    };
    let device_id: DeviceId = id
        .parse()
        .map_err(|_| DeviceError::Corrupt(format!("device id {id:?}")))?;
    let last = Hlc {
        wall_ms: u64::try_from(wall).unwrap_or(0),
        counter,
        device: device_id,
    };
    Ok((device_id, inspector, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_kib(store: &Store) -> i64 {
        -store
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0))
            .unwrap()
    }

    #[test]
    fn a_bulk_write_grows_the_page_cache_only_while_it_runs() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(cache_kib(&store), CACHE_KIB);
        let during = store
            .bulk_write(|tx| {
                Ok(-tx
                    .tx
                    .query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0))?)
            })
            .unwrap();
        assert_eq!(during, BULK_CACHE_KIB);
        assert_eq!(cache_kib(&store), CACHE_KIB);
        // A failed import gives the memory back too.
        let failed: Result<(), _> =
            store.bulk_write(|_| Err(DeviceError::ImportRejected { rows: 1 }));
        assert!(failed.is_err());
        assert_eq!(cache_kib(&store), CACHE_KIB);
    }
}
