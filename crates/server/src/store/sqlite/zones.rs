//! Farming zones in SQLite.

use rusqlite::{params, Connection, OptionalExtension};
use tidemark_domain::zone::{Zone, ZoneSet};

use crate::error::ServerError;
use crate::store::ZoneImport;

pub(super) fn import(
    conn: &mut Connection,
    zones: &[Zone],
    replace_all: bool,
    now: &str,
) -> Result<ZoneImport, ServerError> {
    let tx = conn.transaction()?;
    let mut outcome = ZoneImport::default();
    if replace_all {
        let keep: std::collections::HashSet<&str> = zones.iter().map(|z| z.code.as_str()).collect();
        let existing = tx
            .prepare("SELECT code FROM zones")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        for code in existing.iter().filter(|c| !keep.contains(c.as_str())) {
            tx.execute("DELETE FROM zones WHERE code = ?1", [code])?;
            outcome.removed += 1;
        }
    }
    for zone in zones {
        let body = serde_json::to_string(zone)?;
        let held: Option<String> = tx
            .query_row(
                "SELECT body FROM zones WHERE code = ?1",
                [&zone.code],
                |r| r.get(0),
            )
            .optional()?;
        match held {
            Some(held) if held == body => outcome.unchanged += 1,
            Some(_) => {
                tx.execute(
                    "UPDATE zones SET body = ?2, imported_at = ?3 WHERE code = ?1",
                    params![zone.code, body, now],
                )?;
                outcome.replaced += 1;
            }
            None => {
                tx.execute(
                    "INSERT INTO zones (code, body, imported_at) VALUES (?1, ?2, ?3)",
                    params![zone.code, body, now],
                )?;
                outcome.added += 1;
            }
        }
    }
    if outcome.changed() {
        tx.execute(
            "UPDATE reference_versions SET version = version + 1 WHERE name = 'zones'",
            [],
        )?;
    }
    let version: i64 = tx.query_row(
        "SELECT version FROM reference_versions WHERE name = 'zones'",
        [],
        |r| r.get(0),
    )?;
    tx.commit()?;
    outcome.version = u64::try_from(version).unwrap_or(0);
    Ok(outcome)
}

pub(super) fn zones(conn: &Connection, known_version: Option<u64>) -> Result<ZoneSet, ServerError> {
    let version: i64 = conn.query_row(
        "SELECT version FROM reference_versions WHERE name = 'zones'",
        [],
        |r| r.get(0),
    )?;
    let version = u64::try_from(version).unwrap_or(0);
    if known_version == Some(version) {
        return Ok(ZoneSet {
            version,
            zones: None,
        });
    }
    let bodies = conn
        .prepare("SELECT body FROM zones ORDER BY code")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let zones = bodies
        .iter()
        .map(|b| serde_json::from_str(b).map_err(ServerError::from))
        .collect::<Result<Vec<Zone>, _>>()?;
    Ok(ZoneSet {
        version,
        zones: Some(zones),
    })
}
