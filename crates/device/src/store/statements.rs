//! Statements a write transaction runs once per record, prepared once per
//! transaction. The connection's own cache (`prepare_cached`) hashes the
//! SQL text twice per call (lookup, then return to the cache); for an
//! import that writes 250,000 rows that was a tenth of its time.

use rusqlite::{Connection, Statement};

use crate::error::DeviceError;

/// The record and outbox statements of one transaction, keyed by the
/// address of their `'static` SQL text (each call site passes one literal,
/// so the address names the statement; no hashing).
#[derive(Debug)]
pub(crate) struct Statements<'c> {
    conn: &'c Connection,
    prepared: Vec<(usize, Statement<'c>)>,
}

impl<'c> Statements<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Self {
            conn,
            prepared: Vec::new(),
        }
    }

    /// The statement for `sql`, prepared on first use in this transaction.
    pub(crate) fn get(&mut self, sql: &'static str) -> Result<&mut Statement<'c>, DeviceError> {
        let key = sql.as_ptr() as usize;
        let at = match self.prepared.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.prepared.push((key, self.conn.prepare(sql)?));
                self.prepared.len() - 1
            }
        };
        Ok(&mut self.prepared[at].1)
    }
}

/// A record id bound as its hyphenated text (how ids are stored) without
/// allocating a `String` per bind.
pub(crate) struct IdText([u8; uuid::fmt::Hyphenated::LENGTH]);

impl IdText {
    pub(crate) fn of(id: uuid::Uuid) -> Self {
        let mut text = [0; uuid::fmt::Hyphenated::LENGTH];
        id.hyphenated().encode_lower(&mut text);
        Self(text)
    }
}

impl rusqlite::ToSql for IdText {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(
            rusqlite::types::ValueRef::Text(&self.0),
        ))
    }
}
