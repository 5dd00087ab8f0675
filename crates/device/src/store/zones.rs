//! Farming zones on the device: a copy of the server's zone set, replaced
//! whole when the server's version changes, read to check raft positions
//! offline.

use rusqlite::params;
use tidemark_domain::zone::{Zone, ZoneSet};

use super::Store;
use crate::error::DeviceError;

impl Store {
    /// The zone-set version held here (0: none fetched yet).
    pub fn zones_version(&self) -> Result<u64, DeviceError> {
        let v: i64 = self.conn().query_row(
            "SELECT zones_version FROM device WHERE singleton = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(v).unwrap_or(0))
    }

    /// Replaces the zones with the server's set, in one transaction with
    /// its version. A set without zones (the device already holds that
    /// version) changes nothing. Returns whether the zones changed.
    pub fn replace_zones(&mut self, set: &ZoneSet) -> Result<bool, DeviceError> {
        let Some(zones) = &set.zones else {
            return Ok(false);
        };
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM zones", [])?;
        {
            let mut insert = tx.prepare("INSERT INTO zones (code, body) VALUES (?1, ?2)")?;
            for zone in zones {
                insert.execute(params![zone.code, serde_json::to_string(zone)?])?;
            }
        }
        tx.execute(
            "UPDATE device SET zones_version = ?1 WHERE singleton = 1",
            [i64::try_from(set.version).unwrap_or(i64::MAX)],
        )?;
        tx.commit()?;
        *self.zones_read.borrow_mut() = None;
        Ok(true)
    }

    /// Every zone held here, by code.
    ///
    /// Reading a zone checks its geometry again (closed rings, no
    /// self-crossing: quadratic in its vertices), and every raft page and
    /// map reads them all; so the zones read are kept until the set's
    /// version changes. The version is read each time because the sync
    /// thread replaces zones through a connection of its own.
    pub fn zones(&self) -> Result<Vec<Zone>, DeviceError> {
        let version = self.zones_version()?;
        if let Some(read) = self.zones_read.borrow().as_ref() {
            if read.version == version {
                return Ok(read.zones.clone());
            }
        }
        let zones: Vec<Zone> =
            super::document::documents(self.conn(), "SELECT body FROM zones ORDER BY code", [])?;
        *self.zones_read.borrow_mut() = Some(ZonesRead {
            version,
            zones: zones.clone(),
        });
        Ok(zones)
    }
}

/// Zones as read from the database, and the version of their set.
#[derive(Debug)]
pub(super) struct ZonesRead {
    version: u64,
    zones: Vec<Zone>,
}
