//! Statements a write transaction runs once per record, taken from the
//! connection's cache once per transaction and held until it ends. The
//! cache (`prepare_cached`) hashes the SQL text twice per call (lookup,
//! then return); for an import that writes 250,000 rows that was a tenth
//! of its time, while a single save still finds its statements prepared.

use rusqlite::{CachedStatement, Connection, Statement};

use crate::error::DeviceError;

/// The record and outbox statements of one transaction, keyed by where
/// their `'static` SQL text lies (address and length: each call site
/// passes one literal, so that names the statement without hashing it).
pub(crate) struct Statements<'c> {
    conn: &'c Connection,
    prepared: Vec<((usize, usize), CachedStatement<'c>)>,
}

impl std::fmt::Debug for Statements<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Statements")
            .field("held", &self.prepared.len())
            .finish()
    }
}

impl<'c> Statements<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Self {
            conn,
            prepared: Vec::new(),
        }
    }

    /// The statement for `sql`, from the connection's cache on first use in
    /// this transaction.
    pub(crate) fn get(&mut self, sql: &'static str) -> Result<&mut Statement<'c>, DeviceError> {
        let key = (sql.as_ptr() as usize, sql.len());
        let at = match self.prepared.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.prepared.push((key, self.conn.prepare_cached(sql)?));
                self.prepared.len() - 1
            }
        };
        Ok(&mut *self.prepared[at].1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_prepared_once_and_each_text_gets_its_own() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE rafts (tag TEXT)").unwrap();
        let mut statements = Statements::new(&conn);
        const INSERT: &str = "INSERT INTO rafts (tag) VALUES (?1)";
        for tag in ["B-1", "B-2"] {
            statements.get(INSERT).unwrap().execute([tag]).unwrap();
        }
        assert_eq!(statements.prepared.len(), 1);
        let count: i64 = statements
            .get("SELECT count(*) FROM rafts")
            .unwrap()
            .query_row([], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
        assert_eq!(statements.prepared.len(), 2);
    }

    #[test]
    fn an_id_binds_as_its_hyphenated_text() {
        let conn = Connection::open_in_memory().unwrap();
        let id = uuid::Uuid::now_v7();
        let text: String = conn
            .query_row("SELECT ?1", [IdText::of(id)], |r| r.get(0))
            .unwrap();
        assert_eq!(text, id.to_string());
    }
}
