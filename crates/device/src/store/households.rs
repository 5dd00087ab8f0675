//! Household rows: one column per field (migration 0007), plus the folded
//! search text.

use rusqlite::{params, Connection, Row};
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::Household;
use tidemark_domain::ids::HouseholdId;
use tidemark_domain::search::fold;
use tidemark_domain::sync::{EntityKind, MutationOp};
use tidemark_domain::values::{Cccd, PersonName, PhoneNumber};

use super::demo_records::Record;
use super::document::changed_fields;
use super::statements::IdText;
use super::{RowWrite, Store, WriteTx};
use crate::dto::HouseholdSummary;
use crate::error::DeviceError;

/// The folded text a search matches: name, village, the unit the record
/// was made in and, for a unit merged on 1/7/2025, the ward it is part of
/// now (a search for "Hà An" finds households of the old Hoàng Tân).
/// Migration 0010 gave older rows the same words.
pub(super) fn search_text(h: &Household, units: &[AdminUnit]) -> String {
    let unit = units.iter().find(|u| u.code == h.admin_unit_code);
    let ward = unit
        .and_then(|u| u.merged_into.as_deref())
        .and_then(|code| units.iter().find(|w| w.code == code))
        .filter(|w| unit.is_some_and(|u| u.name != w.name))
        .map_or("", |w| w.name.as_str());
    fold(&format!(
        "{} {} {} {} {ward}",
        h.full_name,
        h.village,
        unit.map_or("", |u| u.name.as_str()),
        h.cooperative.as_deref().unwrap_or("")
    ))
}

/// The columns `read_household` reads, in its order (a macro, as in rafts.rs).
macro_rules! household_columns {
    () => {
        "id, full_name, cccd, phone, village, admin_unit_code, cooperative, demo,
         created_at, updated_at, created_by, device_id"
    };
}

fn corrupt(what: &str, value: &str) -> DeviceError {
    DeviceError::Corrupt(format!("household {what} {value:?}"))
}

/// A household from a row selected with `household_columns!()`.
pub(super) fn read_household(r: &Row<'_>) -> Result<Household, DeviceError> {
    let id: String = r.get(0)?;
    let name: String = r.get(1)?;
    let cccd: Option<String> = r.get(2)?;
    let phone: Option<String> = r.get(3)?;
    Ok(Household {
        id: id.parse().map_err(|_| corrupt("id", &id))?,
        full_name: PersonName::parse(&name).map_err(|_| corrupt("name", &name))?,
        cccd: cccd
            .map(|c| Cccd::parse(&c).map_err(|_| corrupt("CCCD", "…")))
            .transpose()?,
        phone: phone
            .map(|p| PhoneNumber::parse(&p).map_err(|_| corrupt("phone", "…")))
            .transpose()?,
        village: r.get(4)?,
        admin_unit_code: r.get(5)?,
        cooperative: r.get(6)?,
        demo: r.get(7)?,
        meta: super::read_meta(r, 8)?,
    })
}

/// Writes every column of `h`, as `rafts::write_raft` does.
pub(super) fn write_household(
    statements: &mut super::statements::Statements<'_>,
    h: &Household,
    units: &[AdminUnit],
    row: RowWrite,
    server_version: Option<u64>,
) -> Result<(), DeviceError> {
    let sql = match row {
        RowWrite::New => {
            "INSERT INTO households (id, full_name, cccd, phone, village, admin_unit_code, cooperative, demo,
               created_at, updated_at, created_by, device_id, search_text, server_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        }
        RowWrite::Existing => {
            "UPDATE households SET full_name = ?2, cccd = ?3, phone = ?4, village = ?5, admin_unit_code = ?6,
               cooperative = ?7, demo = ?8, created_at = ?9, updated_at = ?10, created_by = ?11,
               device_id = ?12, search_text = ?13, server_version = COALESCE(?14, server_version)
             WHERE id = ?1"
        }
    };
    statements.get(sql)?.execute(params![
        IdText::of(h.id.as_uuid()),
        h.full_name.as_str(),
        h.cccd.as_ref().map(Cccd::as_str),
        h.phone.as_ref().map(PhoneNumber::as_str),
        h.village,
        h.admin_unit_code,
        h.cooperative,
        h.demo,
        h.meta.created_at,
        h.meta.updated_at,
        h.meta.created_by,
        IdText::of(h.meta.device_id.as_uuid()),
        search_text(h, units),
        server_version.map(|v| v as i64),
    ])?;
    Ok(())
}

/// The household with this id; a deleted one only when `with_deleted`.
pub(super) fn get_any(
    conn: &Connection,
    id: &str,
    with_deleted: bool,
) -> Result<Option<Household>, DeviceError> {
    let sql = if with_deleted {
        concat!(
            "SELECT ",
            household_columns!(),
            " FROM households WHERE id = ?1"
        )
    } else {
        concat!(
            "SELECT ",
            household_columns!(),
            " FROM households WHERE id = ?1 AND deleted = 0"
        )
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([id])?;
    rows.next()?.map(read_household).transpose()
}

pub(super) fn get(conn: &Connection, id: HouseholdId) -> Result<Option<Household>, DeviceError> {
    get_any(conn, &id.to_string(), false)
}

impl WriteTx<'_> {
    pub fn household(&self, id: HouseholdId) -> Result<Option<Household>, DeviceError> {
        get(self.tx, id)
    }

    /// Stores a new household and its create mutation.
    pub fn insert_household(
        &mut self,
        h: &Household,
        units: &[AdminUnit],
    ) -> Result<(), DeviceError> {
        if h.demo {
            self.note_demo_household(h.id)?;
        } else {
            self.append_creation(EntityKind::Household, h.id.as_uuid())?;
        }
        write_household(&mut self.statements, h, units, RowWrite::New, None)
    }

    /// Stores an edit; the mutation carries only the fields that changed.
    /// An edit that changes nothing writes nothing.
    pub fn update_household(
        &mut self,
        old: &Household,
        new: &Household,
        units: &[AdminUnit],
    ) -> Result<bool, DeviceError> {
        let fields = changed_fields(old, new)?;
        if fields.is_empty() {
            return Ok(false);
        }
        self.append_record_change(Record::Household(new.id), MutationOp::Upsert { fields })?;
        write_household(&mut self.statements, new, units, RowWrite::Existing, None)?;
        Ok(true)
    }

    /// Marks a household deleted (a tombstone that syncs) if it has no live rafts.
    pub fn tombstone_household(&mut self, id: HouseholdId) -> Result<(), DeviceError> {
        let rafts: u32 = self.tx.query_row(
            "SELECT COUNT(*) FROM rafts WHERE household_id = ?1 AND deleted = 0",
            [id.to_string()],
            |r| r.get(0),
        )?;
        if rafts > 0 {
            return Err(DeviceError::HouseholdHasRafts);
        }
        self.append_record_change(Record::Household(id), MutationOp::Tombstone)?;
        let now = self.now().to_owned();
        self.tx.execute(
            "UPDATE households SET deleted = 1, updated_at = ?2 WHERE id = ?1",
            params![id.to_string(), now],
        )?;
        Ok(())
    }
}

impl Store {
    pub fn household(&self, id: HouseholdId) -> Result<Option<Household>, DeviceError> {
        get(self.conn(), id)
    }

    /// Households whose name, village, ward or cooperative contain every
    /// word of `query`, ignoring case and diacritics. Empty lists all.
    pub fn search_households(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<HouseholdSummary>, DeviceError> {
        let words: Vec<String> = fold(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                format!(
                    "%{}%",
                    w.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                )
            })
            .collect();
        let mut sql = String::from(concat!(
            "SELECT ",
            household_columns!(),
            ",
               (SELECT name FROM admin_units u WHERE u.code = h.admin_unit_code),
               (SELECT COUNT(*) FROM rafts r WHERE r.household_id = h.id AND r.deleted = 0)
             FROM households h WHERE h.deleted = 0"
        ));
        for i in 0..words.len() {
            sql.push_str(&format!(" AND h.search_text LIKE ?{} ESCAPE '\\'", i + 1));
        }
        sql.push_str(&format!(" ORDER BY h.search_text LIMIT {limit}"));
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(words.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let h = read_household(row)?;
            out.push(HouseholdSummary {
                id: h.id,
                full_name: h.full_name.to_string(),
                village: h.village,
                admin_unit_code: h.admin_unit_code,
                admin_unit_name: row.get::<_, Option<String>>(12)?.unwrap_or_default(),
                cccd_masked: h.cccd.as_ref().map(|c| c.masked()),
                raft_count: row.get(13)?,
                demo: h.demo,
            });
        }
        Ok(out)
    }
}

impl Store {
    /// Every live household, in search order (for export).
    pub fn all_households(&self) -> Result<Vec<Household>, DeviceError> {
        let mut stmt = self.conn().prepare(concat!(
            "SELECT ",
            household_columns!(),
            " FROM households WHERE deleted = 0 ORDER BY search_text"
        ))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read_household(row)?);
        }
        Ok(out)
    }
}
