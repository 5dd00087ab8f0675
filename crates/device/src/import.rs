//! CSV import of households and their rafts: one row per raft, with its
//! owner's columns; a row without a raft tag registers the household only.
//!
//! Headers may be English or Vietnamese (matched ignoring case and
//! diacritics). All or nothing by default: one invalid row and nothing is
//! written. With `skip_invalid`, the valid rows are imported and the invalid
//! ones reported. Either way every error carries its line number.

use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{Household, Raft, RaftKind, RaftStatus, Species};
use tidemark_domain::ids::{HouseholdId, RaftId};
use tidemark_domain::input::{FloatCountsInput, HouseholdInput, PositionInput, RaftInput};
use tidemark_domain::search::fold;
use tidemark_domain::{ParseError, Text};

use crate::error::DeviceError;
use crate::store::{Store, WriteTx};

/// The columns, each with its accepted header names (folded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    HouseholdName,
    Cccd,
    Phone,
    Village,
    Ward,
    Cooperative,
    RaftTag,
    RaftKind,
    Cells,
    LengthM,
    WidthM,
    Species,
    Lat,
    Lon,
    AccuracyM,
    Waterway,
    Zone,
    Status,
    Styrofoam,
    Hdpe,
    OtherCompliant,
}

impl Column {
    pub const ALL: [Column; 21] = [
        Self::HouseholdName,
        Self::Cccd,
        Self::Phone,
        Self::Village,
        Self::Ward,
        Self::Cooperative,
        Self::RaftTag,
        Self::RaftKind,
        Self::Cells,
        Self::LengthM,
        Self::WidthM,
        Self::Species,
        Self::Lat,
        Self::Lon,
        Self::AccuracyM,
        Self::Waterway,
        Self::Zone,
        Self::Status,
        Self::Styrofoam,
        Self::Hdpe,
        Self::OtherCompliant,
    ];

    /// Header names: the English one first (used on export), then Vietnamese.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Self::HouseholdName => &["household_name", "họ và tên", "chủ hộ", "tên chủ hộ"],
            Self::Cccd => &["cccd", "số cccd", "căn cước công dân"],
            Self::Phone => &["phone", "số điện thoại", "điện thoại", "sđt"],
            Self::Village => &["village", "thôn/khu", "thôn", "khu"],
            Self::Ward => &["ward", "phường/xã", "phường", "xã"],
            Self::Cooperative => &["cooperative", "htx", "hợp tác xã"],
            Self::RaftTag => &["raft_tag", "số hiệu lồng bè", "mã bè", "số hiệu"],
            Self::RaftKind => &["raft_kind", "loại lồng bè", "loại"],
            Self::Cells => &["cells", "số ô lồng", "ô lồng"],
            Self::LengthM => &["length_m", "chiều dài (m)", "chiều dài"],
            Self::WidthM => &["width_m", "chiều rộng (m)", "chiều rộng"],
            Self::Species => &["species", "đối tượng nuôi"],
            Self::Lat => &["lat", "vĩ độ"],
            Self::Lon => &["lon", "kinh độ"],
            Self::AccuracyM => &["accuracy_m", "độ chính xác (m)", "độ chính xác"],
            Self::Waterway => &["waterway", "luồng/sông", "sông"],
            Self::Zone => &["zone", "vùng nuôi"],
            Self::Status => &["status", "trạng thái"],
            Self::Styrofoam => &["styrofoam", "phao xốp"],
            Self::Hdpe => &["hdpe", "phao nhựa hdpe", "phao hdpe"],
            Self::OtherCompliant => &["other_compliant", "phao hợp chuẩn khác", "phao khác"],
        }
    }

    fn from_header(header: &str) -> Option<Column> {
        let h = fold(header);
        Self::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|n| fold(n) == h))
    }
}

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
    pub errors: Vec<RowError>,
    /// False when errors stopped an all-or-nothing import: nothing was written.
    pub committed: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    pub skip_invalid: bool,
}

fn choice<T: Copy>(
    raw: &str,
    default: T,
    options: &[(T, &[&str])],
    code: &'static str,
    what: (&str, &str),
) -> Result<T, ParseError> {
    let folded = fold(raw);
    if folded.is_empty() {
        return Ok(default);
    }
    options
        .iter()
        .find(|(_, names)| names.iter().any(|n| fold(n) == folded))
        .map(|(v, _)| *v)
        .ok_or_else(|| {
            ParseError::new(
                code,
                format!("{} không hợp lệ: «{}»", what.0, raw.trim()),
                format!("Unknown {}: «{}»", what.1, raw.trim()),
            )
        })
}

pub fn parse_kind(raw: &str) -> Result<RaftKind, ParseError> {
    choice(
        raw,
        RaftKind::BambooRaft,
        &[
            (RaftKind::BambooRaft, &["bamboo_raft", "bè tre", "mảng tre"]),
            (RaftKind::HdpeCage, &["hdpe_cage", "lồng hdpe"]),
            (RaftKind::Frame, &["frame", "giàn bè"]),
            (
                RaftKind::HangingLines,
                &["hanging_lines", "dây treo", "dây phao"],
            ),
        ],
        "raft_kind.unknown",
        ("Loại lồng bè", "raft kind"),
    )
}

pub fn parse_species(raw: &str) -> Result<Species, ParseError> {
    choice(
        raw,
        Species::EstuarineOyster,
        &[
            (
                Species::EstuarineOyster,
                &["estuarine_oyster", "hàu cửa sông", "hàu"],
            ),
            (
                Species::PacificOyster,
                &["pacific_oyster", "hàu thái bình dương"],
            ),
            (Species::Clam, &["clam", "ngao"]),
            (Species::CageFish, &["cage_fish", "cá lồng", "cá"]),
            (Species::Other, &["other", "khác"]),
        ],
        "species.unknown",
        ("Đối tượng nuôi", "species"),
    )
}

pub fn parse_status(raw: &str) -> Result<RaftStatus, ParseError> {
    choice(
        raw,
        RaftStatus::RegisteredInZone,
        &[
            (
                RaftStatus::RegisteredInZone,
                &["registered_in_zone", "trong vùng nuôi", "đã đăng ký"],
            ),
            (
                RaftStatus::OutsideZone,
                &["outside_zone", "ngoài vùng nuôi"],
            ),
            (RaftStatus::MustRelocate, &["must_relocate", "phải di dời"]),
            (RaftStatus::Relocating, &["relocating", "đang di dời"]),
            (RaftStatus::Relocated, &["relocated", "đã di dời"]),
            (RaftStatus::Dismantled, &["dismantled", "đã tháo dỡ"]),
        ],
        "status.unknown",
        ("Trạng thái", "status"),
    )
}

/// A ward given by code or by name; a name matches a current ward first.
fn resolve_unit(units: &[AdminUnit], raw: &str) -> String {
    let raw = raw.trim();
    if units.iter().any(|u| u.code == raw) {
        return raw.to_owned();
    }
    let folded = fold(raw.trim_start_matches("Phường ").trim_start_matches("Xã "));
    let mut candidates: Vec<&AdminUnit> =
        units.iter().filter(|u| fold(&u.name) == folded).collect();
    candidates.sort_by_key(|u| !u.is_current());
    candidates
        .first()
        .map_or_else(|| raw.to_owned(), |u| u.code.clone())
}

struct Importer<'u> {
    columns: Vec<Option<Column>>,
    units: &'u [AdminUnit],
    seen: HashMap<String, HouseholdId>,
    report: ImportReport,
}

impl Importer<'_> {
    fn get<'r>(&self, record: &'r csv::StringRecord, column: Column) -> &'r str {
        self.columns
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| record.get(i))
            .unwrap_or("")
    }

    fn fail(&mut self, line: u64, field: &str, e: ParseError) {
        self.report.errors.push(RowError {
            line,
            field: field.to_owned(),
            code: e.code.to_owned(),
            message: e.message,
        });
    }

    fn row(
        &mut self,
        tx: &mut WriteTx<'_>,
        line: u64,
        record: &csv::StringRecord,
    ) -> Result<(), DeviceError> {
        let c = |col| self.get(record, col).to_owned();
        let household_input = HouseholdInput {
            full_name: c(Column::HouseholdName),
            cccd: c(Column::Cccd),
            phone: c(Column::Phone),
            village: c(Column::Village),
            admin_unit_code: resolve_unit(self.units, &c(Column::Ward)),
            cooperative: c(Column::Cooperative),
        };
        let has_raft = !c(Column::RaftTag).trim().is_empty();
        let kind = parse_kind(&c(Column::RaftKind));
        let species = parse_species(&c(Column::Species));
        let status = parse_status(&c(Column::Status));
        let household = household_input.parse(self.units);
        let raft_input = RaftInput {
            household_id: HouseholdId::new().to_string(),
            local_tag: c(Column::RaftTag),
            kind: *kind.as_ref().unwrap_or(&RaftKind::BambooRaft),
            cell_count: c(Column::Cells),
            length_m: c(Column::LengthM),
            width_m: c(Column::WidthM),
            species: *species.as_ref().unwrap_or(&Species::EstuarineOyster),
            position: PositionInput {
                lat: c(Column::Lat),
                lon: c(Column::Lon),
                accuracy_m: c(Column::AccuracyM),
            },
            waterway: c(Column::Waterway),
            zone: c(Column::Zone),
            status: *status.as_ref().unwrap_or(&RaftStatus::RegisteredInZone),
            initial_floats: FloatCountsInput {
                styrofoam: c(Column::Styrofoam),
                hdpe: c(Column::Hdpe),
                other_compliant: c(Column::OtherCompliant),
            },
        };
        let raft = has_raft.then(|| raft_input.parse());
        let errors_before = self.report.errors.len();
        if let Err(errs) = &household {
            for e in &errs.0 {
                self.report.errors.push(RowError {
                    line,
                    field: e.field.clone(),
                    code: e.code.clone(),
                    message: e.message.clone(),
                });
            }
        }
        if has_raft {
            for (field, r) in [
                ("raft_kind", kind.err()),
                ("species", species.err()),
                ("status", status.err()),
            ] {
                if let Some(e) = r {
                    self.fail(line, field, e);
                }
            }
        }
        if let Some(Err(errs)) = &raft {
            for e in &errs.0 {
                self.report.errors.push(RowError {
                    line,
                    field: e.field.clone(),
                    code: e.code.clone(),
                    message: e.message.clone(),
                });
            }
        }
        if self.report.errors.len() > errors_before {
            return Ok(());
        }
        let Ok(h) = household else { return Ok(()) };
        let key = match &h.cccd {
            Some(cccd) => cccd.as_str().to_owned(),
            None => format!(
                "{}|{}|{}",
                fold(h.full_name.as_str()),
                fold(&h.village),
                h.admin_unit_code
            ),
        };
        let existing = match self.seen.get(&key) {
            Some(id) => Some(*id),
            None => match &h.cccd {
                Some(cccd) => tx.household_by_cccd(cccd.as_str())?,
                None => None,
            },
        };
        let household_id = match existing {
            Some(id) => {
                self.report.households_matched += 1;
                id
            }
            None => {
                let household = Household {
                    id: HouseholdId::new(),
                    full_name: h.full_name,
                    cccd: h.cccd,
                    phone: h.phone,
                    village: h.village,
                    admin_unit_code: h.admin_unit_code,
                    cooperative: h.cooperative,
                    demo: false,
                    meta: tx.new_meta(),
                };
                tx.insert_household(&household, self.units)?;
                self.report.households_created += 1;
                household.id
            }
        };
        self.seen.insert(key, household_id);
        if let Some(Ok(d)) = raft {
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
pub fn import_csv<R: Read>(
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
    let mut importer = Importer {
        columns: headers.iter().map(Column::from_header).collect(),
        units: &units,
        seen: HashMap::new(),
        report: ImportReport::default(),
    };
    if !importer.columns.contains(&Some(Column::HouseholdName)) {
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
        if importer.columns[i].is_none() && !h.is_empty() {
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
    let outcome = store.write(|tx| {
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    importer.fail(
                        line,
                        "",
                        ParseError::new(
                            "csv.format",
                            format!("Dòng CSV không đọc được: {e}"),
                            format!("Unreadable CSV line: {e}"),
                        ),
                    );
                    if options.skip_invalid {
                        continue;
                    }
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            importer.report.rows += 1;
            importer.row(tx, line, &record)?;
            if importer.report.rows.is_multiple_of(500) {
                progress(reader.position().byte());
            }
        }
        progress(reader.position().byte());
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
            Ok(importer.report)
        }
        Err(e) => Err(e),
    }
}
