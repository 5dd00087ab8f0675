//! The first stage of an import: CSV rows read and parsed into domain values,
//! everything that needs no database. It runs on its own thread while the
//! importer writes the rows before it, so an import uses two cores: reading
//! and validating a row costs about half as much as storing it.

use std::io::Read;
use std::sync::mpsc::SyncSender;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{RaftKind, RaftStatus, Species};
use tidemark_domain::input::{
    FloatCountsInput, HouseholdDraft, HouseholdInput, PositionInput, RaftDraft, RaftInput,
};
use tidemark_domain::{ParseError, ValidationErrors};

use super::vocabulary::{self, Lexicon, Wards};
use super::Column;

/// Rows sent to the writer at a time: few enough that progress moves, many
/// enough that the channel costs nothing per row.
const BATCH_ROWS: usize = 512;
/// Batches parsed ahead of the writer at most (memory stays bounded).
const BATCHES_AHEAD: usize = 4;

const PLACEHOLDER_HOUSEHOLD: &str = "00000000-0000-7000-8000-000000000000";

/// One row as the writer gets it.
// Nearly every row is a `Row`: boxing it to shrink the rare `Unreadable`
// would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
pub(super) enum ParsedRow {
    Row {
        line: u64,
        household: Result<HouseholdDraft, ValidationErrors>,
        /// None for a row that registers its household only.
        raft: Option<Result<RaftDraft, ValidationErrors>>,
        /// Unknown raft kind, species or status words, by column.
        vocabulary: Vec<(&'static str, ParseError)>,
        /// The demo column (store/demo_records.rs); false without one.
        demo: bool,
    },
    /// A line the CSV reader could not read; with all-or-nothing it is the
    /// last row sent.
    Unreadable { line: u64, error: ParseError },
}

/// Parsed rows and how far into the input they reach.
pub(super) struct Batch {
    pub rows: Vec<ParsedRow>,
    pub bytes_read: u64,
}

/// What parsing needs: where each column is, and the vocabularies.
pub(super) struct RowParser<'u> {
    /// Where each column is in a row (the first header naming it), looked
    /// up once instead of for every field of every row.
    positions: [Option<usize>; Column::ALL.len()],
    units: &'u [AdminUnit],
    wards: Wards,
    kinds: Lexicon<RaftKind>,
    species: Lexicon<Species>,
    statuses: Lexicon<RaftStatus>,
}

impl<'u> RowParser<'u> {
    pub fn new(positions: [Option<usize>; Column::ALL.len()], units: &'u [AdminUnit]) -> Self {
        Self {
            positions,
            units,
            wards: Wards::new(units),
            kinds: vocabulary::raft_kinds(),
            species: vocabulary::species(),
            statuses: vocabulary::statuses(),
        }
    }

    /// Reads every row of `reader` and sends them in batches; stops at an
    /// unreadable line unless `skip_invalid`, and when the writer hangs up.
    pub fn run<R: Read>(
        mut self,
        mut reader: csv::Reader<R>,
        skip_invalid: bool,
        writer: &SyncSender<Batch>,
    ) {
        let mut record = csv::StringRecord::new();
        let mut rows = Vec::with_capacity(BATCH_ROWS);
        loop {
            let mut last = false;
            match reader.read_record(&mut record) {
                Ok(false) => last = true,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    rows.push(self.parse(line, &record));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    rows.push(ParsedRow::Unreadable {
                        line,
                        error: ParseError::new(
                            "csv.format",
                            format!("Dòng CSV không đọc được: {e}"),
                            format!("Unreadable CSV line: {e}"),
                        ),
                    });
                    last = !skip_invalid;
                }
            }
            if last || rows.len() == BATCH_ROWS {
                let batch = Batch {
                    rows: std::mem::replace(&mut rows, Vec::with_capacity(BATCH_ROWS)),
                    bytes_read: reader.position().byte(),
                };
                if writer.send(batch).is_err() || last {
                    return;
                }
            }
        }
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: Column) -> &'r str {
        self.positions[column as usize]
            .and_then(|i| record.get(i))
            .unwrap_or("")
    }

    fn parse(&mut self, line: u64, record: &csv::StringRecord) -> ParsedRow {
        let admin_unit_code = self.wards.resolve(self.get(record, Column::Ward));
        let c = |col| self.get(record, col).to_owned();
        let household = HouseholdInput {
            full_name: c(Column::HouseholdName),
            cccd: c(Column::Cccd),
            phone: c(Column::Phone),
            village: c(Column::Village),
            admin_unit_code,
            cooperative: c(Column::Cooperative),
        }
        .parse(self.units);
        let demo = Column::demo_flag(self.get(record, Column::Demo));
        if self.get(record, Column::RaftTag).trim().is_empty() {
            return ParsedRow::Row {
                line,
                household,
                raft: None,
                demo: *demo.as_ref().unwrap_or(&false),
                vocabulary: demo.err().map(|e| ("demo", e)).into_iter().collect(),
            };
        }
        let kind = self.kinds.lookup(self.get(record, Column::RaftKind));
        let species = self.species.lookup(self.get(record, Column::Species));
        let status = self.statuses.lookup(self.get(record, Column::Status));
        let raft = RaftInput {
            // Replaced once the household is known; any valid id parses here.
            household_id: PLACEHOLDER_HOUSEHOLD.to_owned(),
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
                ..Default::default()
            },
            waterway: c(Column::Waterway),
            zone: c(Column::Zone),
            status: *status.as_ref().unwrap_or(&RaftStatus::RegisteredInZone),
            initial_floats: FloatCountsInput {
                styrofoam: c(Column::Styrofoam),
                hdpe: c(Column::Hdpe),
                other_compliant: c(Column::OtherCompliant),
            },
        }
        .parse();
        let vocabulary = [
            ("raft_kind", kind.err()),
            ("species", species.err()),
            ("status", status.err()),
            ("demo", demo.as_ref().err().cloned()),
        ]
        .into_iter()
        .filter_map(|(field, e)| e.map(|e| (field, e)))
        .collect();
        ParsedRow::Row {
            line,
            household,
            raft: Some(raft),
            demo: *demo.as_ref().unwrap_or(&false),
            vocabulary,
        }
    }
}

/// How many batches the parser may run ahead of the writer.
pub(super) fn channel() -> (SyncSender<Batch>, std::sync::mpsc::Receiver<Batch>) {
    std::sync::mpsc::sync_channel(BATCHES_AHEAD)
}
