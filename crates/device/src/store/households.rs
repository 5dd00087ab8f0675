//! Household rows.

use rusqlite::{params, Connection, OptionalExtension};
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::Household;
use tidemark_domain::ids::HouseholdId;
use tidemark_domain::search::fold;
use tidemark_domain::sync::{EntityKind, MutationOp};

use super::document::{changed_fields, creation_fields, creation_stamps, restamp};
use super::{Store, WriteTx};
use crate::dto::HouseholdSummary;
use crate::error::DeviceError;

pub(super) fn search_text(h: &Household, units: &[AdminUnit]) -> String {
    let unit = units
        .iter()
        .find(|u| u.code == h.admin_unit_code)
        .map_or("", |u| u.name.as_str());
    fold(&format!(
        "{} {} {} {}",
        h.full_name,
        h.village,
        unit,
        h.cooperative.as_deref().unwrap_or("")
    ))
}

pub(super) fn get(conn: &Connection, id: HouseholdId) -> Result<Option<Household>, DeviceError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM households WHERE id = ?1 AND deleted = 0")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    body.map(|b| serde_json::from_str(&b).map_err(DeviceError::from))
        .transpose()
}

impl WriteTx<'_> {
    pub fn household(&self, id: HouseholdId) -> Result<Option<Household>, DeviceError> {
        get(&self.tx, id)
    }

    /// Stores a new household and its create mutation.
    pub fn insert_household(
        &mut self,
        h: &Household,
        units: &[AdminUnit],
    ) -> Result<(), DeviceError> {
        let fields = creation_fields(h)?;
        let hlc = self.append_mutation(
            EntityKind::Household,
            h.id.as_uuid(),
            None,
            MutationOp::Upsert { fields },
        )?;
        let stamps = creation_stamps(hlc);
        self.tx
            .prepare_cached(
                "INSERT INTO households (id, body, admin_unit_code, search_text, cccd, demo, updated_at, field_stamps)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                h.id.to_string(),
                serde_json::to_string(h)?,
                h.admin_unit_code,
                search_text(h, units),
                h.cccd.as_ref().map(|c| c.as_str().to_owned()),
                h.demo,
                h.meta.updated_at,
                stamps,
            ])?;
        Ok(())
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
        let (stamps, base): (String, Option<i64>) = self.tx.query_row(
            "SELECT field_stamps, server_version FROM households WHERE id = ?1",
            [new.id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let base = base.and_then(|v| u64::try_from(v).ok());
        let hlc = self.append_mutation(
            EntityKind::Household,
            new.id.as_uuid(),
            base,
            MutationOp::Upsert {
                fields: fields.clone(),
            },
        )?;
        self.tx.execute(
            "UPDATE households SET body = ?2, admin_unit_code = ?3, search_text = ?4, cccd = ?5, updated_at = ?6, field_stamps = ?7
             WHERE id = ?1",
            params![
                new.id.to_string(),
                serde_json::to_string(new)?,
                new.admin_unit_code,
                search_text(new, units),
                new.cccd.as_ref().map(|c| c.as_str().to_owned()),
                new.meta.updated_at,
                restamp(&stamps, &fields, hlc)?,
            ],
        )?;
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
        let base: Option<i64> = self.tx.query_row(
            "SELECT server_version FROM households WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )?;
        self.append_mutation(
            EntityKind::Household,
            id.as_uuid(),
            base.and_then(|v| u64::try_from(v).ok()),
            MutationOp::Tombstone,
        )?;
        let now = self.now().to_owned();
        self.tx.execute(
            "UPDATE households SET deleted = 1, updated_at = ?2 WHERE id = ?1",
            params![id.to_string(), now],
        )?;
        Ok(())
    }

    /// The household with this CCCD, if one is registered (CSV import
    /// attaches rafts to it instead of registering the person twice).
    pub fn household_by_cccd(&self, cccd: &str) -> Result<Option<HouseholdId>, DeviceError> {
        let id: Option<String> = self
            .tx
            .prepare_cached("SELECT id FROM households WHERE cccd = ?1 AND deleted = 0 LIMIT 1")?
            .query_row([cccd], |r| r.get(0))
            .optional()?;
        id.map(|s| {
            s.parse()
                .map_err(|_| DeviceError::Corrupt(format!("household id {s:?}")))
        })
        .transpose()
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
        let mut sql = String::from(
            "SELECT h.body, u.name, (SELECT COUNT(*) FROM rafts r WHERE r.household_id = h.id AND r.deleted = 0)
             FROM households h JOIN admin_units u ON u.code = h.admin_unit_code WHERE h.deleted = 0",
        );
        for i in 0..words.len() {
            sql.push_str(&format!(" AND h.search_text LIKE ?{} ESCAPE '\\'", i + 1));
        }
        sql.push_str(&format!(" ORDER BY h.search_text LIMIT {limit}"));
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(words.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (body, unit_name, raft_count) = row?;
            let h: Household = serde_json::from_str(&body)?;
            out.push(HouseholdSummary {
                id: h.id,
                full_name: h.full_name.to_string(),
                village: h.village,
                admin_unit_code: h.admin_unit_code,
                admin_unit_name: unit_name,
                cccd_masked: h.cccd.as_ref().map(|c| c.masked()),
                raft_count,
                demo: h.demo,
            });
        }
        Ok(out)
    }
}
