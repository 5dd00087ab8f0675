//! CSV import of households and their rafts: one row per raft, with its
//! owner's columns; a row without a raft tag registers the household only.
//!
//! Headers may be English or Vietnamese (matched ignoring case and
//! diacritics). All or nothing by default: one invalid row and nothing is
//! written. With `skip_invalid`, the valid rows are imported and the invalid
//! ones reported. Either way every error carries its line number.
//!
//! Two stages on two threads: `rows` reads and parses the CSV (everything
//! that needs no database) while this module matches and writes the rows
//! before it, in the import's one transaction.

use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{Household, Raft};
use tidemark_domain::ids::{HouseholdId, RaftId};
use tidemark_domain::search::fold;
use tidemark_domain::{ParseError, Text, ValidationErrors};

use crate::error::DeviceError;
use crate::store::{Store, WriteTx};

mod columns;
mod rows;
mod vocabulary;

pub use columns::Column;
use rows::{ParsedRow, RowParser};
pub use vocabulary::{parse_kind, parse_species, parse_status, Wards};

/// One problem in one row (or in the header, line 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub code: String,
    pub message: Text,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub rows: u64,
    pub households_created: u64,
    pub households_matched: u64,
    pub rafts_created: u64,
    /// Rows whose raft (same household, same tag) was already registered:
    /// left as it is, so that importing a file twice adds nothing.
    pub rafts_matched: u64,
    pub errors: Vec<RowError>,
    /// False when errors stopped an all-or-nothing import: nothing was written.
    pub committed: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    pub skip_invalid: bool,
}

/// The second stage of an import: parsed rows matched against what is
/// registered and written, inside the import's one transaction.
struct Importer<'u> {
    /// Registered rafts by (household, tag).
    raft_tags: HashSet<(HouseholdId, String)>,
    units: &'u [AdminUnit],
    /// Households registered or met earlier in the file, by matching key
    /// (several for a CCCD registered twice, which nothing forbids).
    seen: HashMap<String, Vec<Seen>>,
    report: ImportReport,
}

/// A household a row may attach to.
struct Seen {
    id: HouseholdId,
    /// Its name as registered, to tell a row whose CCCD names someone else.
    name: String,
}

impl Seen {
    fn new(id: HouseholdId, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
        }
    }

    /// Whether `name` is this household's, in any case or accents. Folding
    /// only when the two differ keeps a large import's common case (the
    /// same name on every row of a household) at one comparison.
    fn is_named(&self, name: &str) -> bool {
        self.name == name || fold(&self.name) == fold(name)
    }
}

/// The matching key of a household without a CCCD.
fn household_key(name: &str, village: &str, unit: &str) -> String {
    format!("{}|{}|{unit}", fold(name), fold(village))
}

impl Importer<'_> {
    /// Loads what is already registered (households by CCCD, or by name,
    /// village and unit when they have none; rafts by household and tag),
    /// so that rows matching it attach to it instead of registering it twice.
    /// Demo households are never matched: real rafts attached to a made-up
    /// household would stay on this device with it (store/demo_records.rs).
    fn preload(&mut self, tx: &WriteTx<'_>) -> Result<(), DeviceError> {
        let mut stmt = tx.tx.prepare(
            "SELECT id, cccd, full_name, village, admin_unit_code FROM households
             WHERE deleted = 0 AND demo = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let id = id
                .parse()
                .map_err(|_| DeviceError::Corrupt(format!("household id {id:?}")))?;
            let name: String = row.get(2)?;
            let key = match row.get::<_, Option<String>>(1)? {
                Some(cccd) => cccd,
                None => household_key(&name, &row.get::<_, String>(3)?, &row.get::<_, String>(4)?),
            };
            self.seen.entry(key).or_default().push(Seen::new(id, &name));
        }
        drop(rows);
        drop(stmt);
        let mut stmt = tx
            .tx
            .prepare("SELECT household_id, local_tag FROM rafts WHERE deleted = 0")?;
        let tags = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        for (household, tag) in tags {
            let id = household
                .parse()
                .map_err(|_| DeviceError::Corrupt(format!("household id {household:?}")))?;
            self.raft_tags.insert((id, tag));
        }
        Ok(())
    }

    fn fail(&mut self, line: u64, field: &str, e: ParseError) {
        self.report.errors.push(RowError {
            line,
            field: field.to_owned(),
            code: e.code.to_owned(),
            message: e.message,
        });
    }

    fn errors(&mut self, line: u64, errors: &ValidationErrors) {
        for e in &errors.0 {
            self.report.errors.push(RowError {
                line,
                field: e.field.clone(),
                code: e.code.clone(),
                message: e.message.clone(),
            });
        }
    }

    /// Registers one parsed row: its household unless already registered,
    /// and its raft unless that household already has a raft with its tag.
    /// A row with any error writes nothing.
    fn add(&mut self, tx: &mut WriteTx<'_>, row: ParsedRow) -> Result<(), DeviceError> {
        let (line, household, raft, vocabulary, demo) = match row {
            ParsedRow::Row {
                line,
                household,
                raft,
                vocabulary,
                demo,
            } => (line, household, raft, vocabulary, demo),
            ParsedRow::Unreadable { line, error } => {
                self.fail(line, "", error);
                return Ok(());
            }
        };
        self.report.rows += 1;
        let errors_before = self.report.errors.len();
        if let Err(errs) = &household {
            self.errors(line, errs);
        }
        for (field, e) in vocabulary {
            self.fail(line, field, e);
        }
        if let Some(Err(errs)) = &raft {
            self.errors(line, errs);
        }
        if self.report.errors.len() > errors_before {
            return Ok(());
        }
        let Ok(h) = household else { return Ok(()) };
        let key = match (&h.cccd, demo) {
            (Some(cccd), false) => Cow::Borrowed(cccd.as_str()),
            (None, false) => Cow::Owned(household_key(
                h.full_name.as_str(),
                &h.village,
                &h.admin_unit_code,
            )),
            // Demo rows match only each other (`preload` loads no demo
            // household).
            (_, true) => Cow::Owned(format!(
                "demo|{}",
                household_key(h.full_name.as_str(), &h.village, &h.admin_unit_code)
            )),
        };
        let candidates = self
            .seen
            .get(key.as_ref())
            .map(Vec::as_slice)
            .unwrap_or_default();
        // Under a CCCD, the household of that name; otherwise the key holds
        // the name already.
        let matched = match (&h.cccd, candidates) {
            (None, _) | (_, []) => candidates.first(),
            (Some(_), _) => candidates
                .iter()
                .find(|seen| seen.is_named(h.full_name.as_str())),
        };
        let household_id = match (matched, candidates.first()) {
            (Some(seen), _) => {
                self.report.households_matched += 1;
                seen.id
            }
            // The same CCCD under another name: a typo in one or the other.
            // Attaching the raft would give it to someone else's household,
            // so the row is refused and says whose the CCCD is.
            (None, Some(seen)) => {
                let (registered, given) = (seen.name.clone(), h.full_name.to_string());
                let cccd = h.cccd.as_ref().map(|c| c.masked()).unwrap_or_default();
                self.fail(
                    line,
                    "cccd",
                    ParseError::new(
                        "import.cccd_other_name",
                        format!("CCCD {cccd} đã là của hộ «{registered}», dòng này ghi «{given}»: sửa CCCD hoặc họ tên"),
                        format!("CCCD {cccd} already belongs to «{registered}», this row says «{given}»: correct the CCCD or the name"),
                    ),
                );
                return Ok(());
            }
            (None, None) => {
                let key = key.into_owned();
                let household = Household {
                    id: HouseholdId::new(),
                    full_name: h.full_name,
                    cccd: h.cccd,
                    phone: h.phone,
                    village: h.village,
                    admin_unit_code: h.admin_unit_code,
                    cooperative: h.cooperative,
                    demo,
                    meta: tx.new_meta(),
                };
                tx.insert_household(&household, self.units)?;
                self.report.households_created += 1;
                self.seen
                    .entry(key)
                    .or_default()
                    .push(Seen::new(household.id, household.full_name.as_str()));
                household.id
            }
        };
        if let Some(Ok(d)) = raft {
            if !self.raft_tags.insert((household_id, d.local_tag.clone())) {
                self.report.rafts_matched += 1;
                return Ok(());
            }
            tx.insert_raft(&Raft {
                id: RaftId::new(),
                household_id,
                local_tag: d.local_tag,
                kind: d.kind,
                cell_count: d.cell_count,
                length_m: d.length_m,
                width_m: d.width_m,
                species: d.species,
                position: d.position,
                waterway: d.waterway,
                zone: d.zone,
                status: d.status,
                initial_floats: d.initial_floats,
                meta: tx.new_meta(),
            })?;
            self.report.rafts_created += 1;
        }
        Ok(())
    }
}

/// Imports a CSV stream into the store. `progress` is called with the bytes
/// read so far, every few hundred rows.
pub fn import_csv<R: Read + Send>(
    store: &mut Store,
    input: R,
    options: ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, DeviceError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = reader.headers()?.clone();
    let units = store.admin_units().to_vec();
    let columns: Vec<Option<Column>> = headers.iter().map(Column::from_header).collect();
    let mut positions = [None; Column::ALL.len()];
    for (i, column) in columns.iter().enumerate().rev() {
        if let Some(c) = column {
            positions[*c as usize] = Some(i);
        }
    }
    let mut importer = Importer {
        units: &units,
        seen: HashMap::new(),
        raft_tags: HashSet::new(),
        report: ImportReport::default(),
    };
    if !columns.contains(&Some(Column::HouseholdName)) {
        importer.fail(
            1,
            "household_name",
            ParseError::new(
                "import.missing_column",
                "Thiếu cột «Họ và tên» (household_name)",
                "Missing column «household_name» (Họ và tên)",
            ),
        );
        return Ok(importer.report);
    }
    for (i, h) in headers.iter().enumerate() {
        if columns[i].is_none() && !h.is_empty() {
            importer.fail(
                1,
                h,
                ParseError::new(
                    "import.unknown_column",
                    format!("Cột «{h}» không được nhận dạng"),
                    format!("Column «{h}» is not recognised"),
                ),
            );
        }
    }
    if !importer.report.errors.is_empty() {
        return Ok(importer.report);
    }
    let parser = RowParser::new(positions, &units);
    let outcome = store.bulk_write(|tx| {
        importer.preload(tx)?;
        std::thread::scope(|scope| {
            let (parsed, batches) = rows::channel();
            scope.spawn(move || parser.run(reader, options.skip_invalid, &parsed));
            // An error returns from this closure, which drops `batches`
            // before the scope waits for the parser: its next send fails
            // and it stops reading.
            for batch in &batches {
                for row in batch.rows {
                    importer.add(tx, row)?;
                }
                progress(batch.bytes_read);
            }
            Ok::<(), DeviceError>(())
        })?;
        if !importer.report.errors.is_empty() && !options.skip_invalid {
            // Roll the whole transaction back: nothing half-imported.
            return Err(DeviceError::ImportRejected {
                rows: importer.report.errors.len(),
            });
        }
        Ok(())
    });
    match outcome {
        Ok(()) => {
            importer.report.committed = true;
            Ok(importer.report)
        }
        Err(DeviceError::ImportRejected { .. }) => {
            importer.report.committed = false;
            importer.report.households_created = 0;
            importer.report.households_matched = 0;
            importer.report.rafts_created = 0;
            importer.report.rafts_matched = 0;
            Ok(importer.report)
        }
        Err(e) => Err(e),
    }
}
