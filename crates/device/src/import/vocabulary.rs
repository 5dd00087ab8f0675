//! The words people use in CSV cells for raft kinds, species, statuses and
//! wards, in English or Vietnamese, looked up ignoring case and diacritics.
//!
//! Folding text is the costly part of an import, so each lexicon folds its
//! names once and each cell once.

use std::collections::HashMap;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::entities::{RaftKind, RaftStatus, Species};
use tidemark_domain::search::fold;
use tidemark_domain::ParseError;

/// Folded name -> value, with the error to give for an unknown word.
#[derive(Debug, Clone)]
pub struct Lexicon<T> {
    words: HashMap<String, T>,
    default: T,
    code: &'static str,
    what: (&'static str, &'static str),
}

impl<T: Copy> Lexicon<T> {
    fn new(
        default: T,
        options: &[(T, &[&str])],
        code: &'static str,
        what: (&'static str, &'static str),
    ) -> Self {
        let words = options
            .iter()
            .flat_map(|(v, names)| names.iter().map(move |n| (fold(n), *v)))
            .collect();
        Self {
            words,
            default,
            code,
            what,
        }
    }

    /// The value a cell names; an empty cell gives the default.
    pub fn lookup(&self, raw: &str) -> Result<T, ParseError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(self.default);
        }
        // Most cells are already plain ASCII snake_case: skip the fold.
        if let Some(v) = self.words.get(raw) {
            return Ok(*v);
        }
        self.words.get(&fold(raw)).copied().ok_or_else(|| {
            ParseError::new(
                self.code,
                format!("{} không hợp lệ: «{raw}»", self.what.0),
                format!("Unknown {}: «{raw}»", self.what.1),
            )
        })
    }
}

pub fn raft_kinds() -> Lexicon<RaftKind> {
    Lexicon::new(
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

pub fn species() -> Lexicon<Species> {
    Lexicon::new(
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

pub fn statuses() -> Lexicon<RaftStatus> {
    Lexicon::new(
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

pub fn parse_kind(raw: &str) -> Result<RaftKind, ParseError> {
    raft_kinds().lookup(raw)
}

pub fn parse_species(raw: &str) -> Result<Species, ParseError> {
    species().lookup(raw)
}

pub fn parse_status(raw: &str) -> Result<RaftStatus, ParseError> {
    statuses().lookup(raw)
}

/// Wards by code or by name ("Hà An", "Phường Hà An"); a name matches the
/// current ward before a pre-2025 unit of the same name.
#[derive(Debug, Clone)]
pub struct Wards {
    by_key: HashMap<String, String>,
    /// Cells already resolved: a file names the same few wards on every
    /// row, and folding each cell again was a visible share of an import.
    resolved: HashMap<String, String>,
}

/// Distinct cells remembered at most (a file of garbage stays bounded).
const RESOLVED_MAX: usize = 1024;

impl Wards {
    pub fn new(units: &[AdminUnit]) -> Self {
        let mut by_key = HashMap::new();
        // Old units first, so that current wards overwrite a shared name.
        let mut ordered: Vec<&AdminUnit> = units.iter().collect();
        ordered.sort_by_key(|u| u.is_current());
        for u in ordered {
            by_key.insert(u.code.clone(), u.code.clone());
            by_key.insert(fold(&u.name), u.code.clone());
        }
        Self {
            by_key,
            resolved: HashMap::new(),
        }
    }

    /// The unit's code; unknown text comes back as given, and the household
    /// parser then reports it as an unknown unit.
    pub fn resolve(&mut self, raw: &str) -> String {
        let raw = raw.trim();
        if let Some(code) = self.by_key.get(raw).or_else(|| self.resolved.get(raw)) {
            return code.clone();
        }
        let folded = fold(raw);
        let name = folded
            .strip_prefix("phuong ")
            .or_else(|| folded.strip_prefix("xa "))
            .unwrap_or(&folded);
        let code = self
            .by_key
            .get(name)
            .cloned()
            .unwrap_or_else(|| raw.to_owned());
        if self.resolved.len() < RESOLVED_MAX {
            self.resolved.insert(raw.to_owned(), code.clone());
        }
        code
    }
}
