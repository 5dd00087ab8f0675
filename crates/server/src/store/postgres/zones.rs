//! Farming zones in PostgreSQL.

use postgres::Client;
use tidemark_domain::zone::{Zone, ZoneSet};

use crate::error::ServerError;
use crate::store::ZoneImport;

pub(super) fn import(
    client: &mut Client,
    zones: &[Zone],
    replace_all: bool,
    now: &str,
) -> Result<ZoneImport, ServerError> {
    let mut tx = client.transaction()?;
    // Two imports at once would race for the version: the row lock orders them.
    let version: i64 = tx
        .query_one(
            "SELECT version FROM reference_versions WHERE name = 'zones' FOR UPDATE",
            &[],
        )?
        .get(0);
    let mut outcome = ZoneImport {
        version: u64::try_from(version).unwrap_or(0),
        ..ZoneImport::default()
    };
    if replace_all {
        let keep: Vec<&str> = zones.iter().map(|z| z.code.as_str()).collect();
        let removed = tx.execute("DELETE FROM zones WHERE NOT (code = ANY($1))", &[&keep])?;
        outcome.removed = removed;
    }
    for zone in zones {
        let body = serde_json::to_string(zone)?;
        let held = tx
            .query_opt("SELECT body FROM zones WHERE code = $1", &[&zone.code])?
            .map(|r| r.get::<_, String>(0));
        match held {
            Some(held) if held == body => outcome.unchanged += 1,
            Some(_) => {
                tx.execute(
                    "UPDATE zones SET body = $2, imported_at = $3 WHERE code = $1",
                    &[&zone.code, &body, &now],
                )?;
                outcome.replaced += 1;
            }
            None => {
                tx.execute(
                    "INSERT INTO zones (code, body, imported_at) VALUES ($1, $2, $3)",
                    &[&zone.code, &body, &now],
                )?;
                outcome.added += 1;
            }
        }
    }
    if outcome.changed() {
        let version: i64 = tx
            .query_one(
                "UPDATE reference_versions SET version = version + 1 WHERE name = 'zones' RETURNING version",
                &[],
            )?
            .get(0);
        outcome.version = u64::try_from(version).unwrap_or(0);
    }
    tx.commit()?;
    Ok(outcome)
}

pub(super) fn zones(
    client: &mut Client,
    known_version: Option<u64>,
) -> Result<ZoneSet, ServerError> {
    let mut tx = client.transaction()?;
    let version: i64 = tx
        .query_one(
            "SELECT version FROM reference_versions WHERE name = 'zones'",
            &[],
        )?
        .get(0);
    let version = u64::try_from(version).unwrap_or(0);
    if known_version == Some(version) {
        return Ok(ZoneSet {
            version,
            zones: None,
        });
    }
    let zones = tx
        .query("SELECT body FROM zones ORDER BY code", &[])?
        .iter()
        .map(|r| serde_json::from_str(r.get::<_, &str>(0)).map_err(ServerError::from))
        .collect::<Result<Vec<Zone>, _>>()?;
    tx.commit()?;
    Ok(ZoneSet {
        version,
        zones: Some(zones),
    })
}
