//! Embedded, ordered schema migrations. `PRAGMA user_version` holds how
//! many have been applied. A released migration is never edited.

use rusqlite::Connection;

use crate::error::DeviceError;

pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_needs_attention",
        include_str!("../../migrations/0002_needs_attention.sql"),
    ),
    (
        "0003_sync_state",
        include_str!("../../migrations/0003_sync_state.sql"),
    ),
    (
        "0004_account",
        include_str!("../../migrations/0004_account.sql"),
    ),
    (
        "0005_zones",
        include_str!("../../migrations/0005_zones.sql"),
    ),
    (
        "0006_photos",
        include_str!("../../migrations/0006_photos.sql"),
    ),
    (
        "0007_record_columns",
        include_str!("../../migrations/0007_record_columns.sql"),
    ),
    (
        "0008_drop_cccd_index",
        include_str!("../../migrations/0008_drop_cccd_index.sql"),
    ),
    (
        "0009_photo_upload_problem",
        include_str!("../../migrations/0009_photo_upload_problem.sql"),
    ),
    (
        "0010_search_by_current_ward",
        include_str!("../../migrations/0010_search_by_current_ward.sql"),
    ),
    (
        "0011_event_voids",
        include_str!("../../migrations/0011_event_voids.sql"),
    ),
    (
        "0012_drafts",
        include_str!("../../migrations/0012_drafts.sql"),
    ),
];

/// Applies every migration not yet applied, each in its own transaction.
/// Refuses a database made by a newer Tidemark rather than guess.
pub fn migrate(conn: &mut Connection) -> Result<(), DeviceError> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Applies migrations up to `target` (a count). Public so that tests can
/// build a database as an older release left it.
pub fn migrate_to(conn: &mut Connection, target: usize) -> Result<(), DeviceError> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(DeviceError::NewerSchema {
            found: applied,
            supported: MIGRATIONS.len(),
        });
    }
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().take(target).skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
