//! Form inputs as people type them (strings), and their parsing into drafts
//! that hold only valid values. Every field is checked and every error is
//! reported with its field name, so a form can mark all of them at once.
//!
//! The same inputs serve the app (over IPC), the CLI and CSV import.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::admin::AdminUnit;
use crate::entities::{FloatCounts, RaftKind, RaftStatus, Species};
use crate::error::{ParseError, ValidationErrors};
use crate::events::{Disposal, InstalledMaterial, RelocationState, Violation};
use crate::ids::{HouseholdId, RaftId};
use crate::photo::PhotoMoment;
use crate::values::{
    Cccd, Count, FieldDate, Meters, PersonName, PhoneNumber, Position, PositionSource, Vnd,
};

/// Trims; empty becomes None; longer than `max` characters is an error.
fn optional_text(raw: &str, max: usize) -> Result<Option<String>, ParseError> {
    let t = raw.trim();
    if t.chars().count() > max {
        return Err(ParseError::new(
            "text.too_long",
            format!("Nội dung quá dài (tối đa {max} ký tự)"),
            format!("Text is too long (at most {max} characters)"),
        ));
    }
    Ok((!t.is_empty()).then(|| t.to_owned()))
}

fn required_text(raw: &str, max: usize) -> Result<String, ParseError> {
    optional_text(raw, max)?.ok_or_else(|| {
        ParseError::new(
            "text.empty",
            "Trường này bắt buộc",
            "This field is required",
        )
    })
}

fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, ParseError>,
) -> Result<Option<T>, ParseError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

/// A photo a form attaches: staged on the device first (which gave its
/// address), then named here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhotoAttachment {
    pub sha256: String,
    pub moment: PhotoMoment,
}

/// A position as a form holds it; latitude and longitude both empty means
/// "no position". Coordinates may be typed in decimal degrees or
/// degrees-minutes-seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PositionInput {
    pub lat: String,
    pub lon: String,
    pub accuracy_m: String,
    /// Where the figures came from when a tool filled them in (the device's
    /// location service, a GNSS receiver, the map); typed by hand when
    /// absent.
    #[serde(default)]
    #[ts(optional)]
    pub source: Option<PositionSource>,
    /// When the raft was not reached: the figures above are the boat's,
    /// and the raft lies this far (metres) on this true bearing (degrees)
    /// from it. Both or neither.
    #[serde(default)]
    #[ts(optional)]
    pub bearing_deg: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub distance_m: Option<String>,
}

fn offset_number(raw: &str, code: &'static str, vi: &str, en: &str) -> Result<f64, ParseError> {
    raw.trim().replace(',', ".").parse::<f64>().map_err(|_| {
        ParseError::new(
            code,
            format!("{vi}: «{}»", raw.trim()),
            format!("{en}: «{}»", raw.trim()),
        )
    })
}

fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|s| !s.is_empty())
}

impl PositionInput {
    pub fn parse(&self) -> Result<Option<Position>, ParseError> {
        if self.lat.trim().is_empty() && self.lon.trim().is_empty() {
            return Ok(None);
        }
        let source = self.source.unwrap_or(PositionSource::Manual);
        let boat = Position::parse_with_source(&self.lat, &self.lon, &self.accuracy_m, source)?;
        match (
            given(self.bearing_deg.as_deref()),
            given(self.distance_m.as_deref()),
        ) {
            (None, None) => Ok(Some(boat)),
            (Some(bearing), Some(distance)) => {
                let bearing = offset_number(
                    bearing,
                    "offset.bearing",
                    "Hướng không phải là số độ",
                    "The bearing is not a number of degrees",
                )?;
                let distance = offset_number(
                    distance,
                    "offset.distance",
                    "Khoảng cách không phải là số mét",
                    "The distance is not a number of metres",
                )?;
                crate::values::offset(&boat, bearing, distance).map(Some)
            }
            _ => Err(ParseError::new(
                "offset.incomplete",
                "Cần cả hướng và khoảng cách từ thuyền tới lồng bè",
                "Both the bearing and the distance from the boat to the raft are needed",
            )),
        }
    }
}

#[derive(Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HouseholdInput {
    pub full_name: String,
    pub cccd: String,
    pub phone: String,
    pub village: String,
    pub admin_unit_code: String,
    pub cooperative: String,
}

/// Personal data stays out of logs: Debug shows which fields were given.
impl std::fmt::Debug for HouseholdInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let given = |s: &str| {
            if s.trim().is_empty() {
                "empty"
            } else {
                "given"
            }
        };
        f.debug_struct("HouseholdInput")
            .field("full_name", &given(&self.full_name))
            .field("cccd", &given(&self.cccd))
            .field("phone", &given(&self.phone))
            .field("village", &self.village)
            .field("admin_unit_code", &self.admin_unit_code)
            .field("cooperative", &self.cooperative)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdDraft {
    pub full_name: PersonName,
    pub cccd: Option<Cccd>,
    pub phone: Option<PhoneNumber>,
    pub village: String,
    pub admin_unit_code: String,
    pub cooperative: Option<String>,
}

impl HouseholdInput {
    pub fn parse(&self, units: &[AdminUnit]) -> Result<HouseholdDraft, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let full_name = errors.take("full_name", PersonName::parse(&self.full_name));
        let cccd = errors.take("cccd", optional(&self.cccd, Cccd::parse));
        let phone = errors.take("phone", optional(&self.phone, PhoneNumber::parse));
        let village = errors.take("village", required_text(&self.village, 100));
        let unit = units
            .iter()
            .find(|u| u.code == self.admin_unit_code.trim())
            .ok_or_else(|| {
                ParseError::new(
                    "admin_unit.unknown",
                    "Chọn phường/xã trong danh sách",
                    "Choose a ward or commune from the list",
                )
            });
        let admin_unit_code = errors.take("admin_unit_code", unit.map(|u| u.code.clone()));
        let cooperative = errors.take("cooperative", optional_text(&self.cooperative, 120));
        match (
            full_name,
            cccd,
            phone,
            village,
            admin_unit_code,
            cooperative,
        ) {
            (
                Some(full_name),
                Some(cccd),
                Some(phone),
                Some(village),
                Some(admin_unit_code),
                Some(cooperative),
            ) if errors.is_empty() => Ok(HouseholdDraft {
                full_name,
                cccd,
                phone,
                village,
                admin_unit_code,
                cooperative,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FloatCountsInput {
    pub styrofoam: String,
    pub hdpe: String,
    pub other_compliant: String,
}

impl FloatCountsInput {
    fn parse_into(&self, prefix: &str, errors: &mut ValidationErrors) -> Option<FloatCounts> {
        // The field's name is only spelled out for an error: an import
        // parses hundreds of thousands of counts.
        let mut count = |name: &str, text: &str| match Count::parse(text) {
            Ok(count) => Some(count),
            Err(e) => {
                errors.push(&format!("{prefix}.{name}"), e);
                None
            }
        };
        let s = count("styrofoam", &self.styrofoam);
        let h = count("hdpe", &self.hdpe);
        let o = count("other_compliant", &self.other_compliant);
        Some(FloatCounts {
            styrofoam: s?,
            hdpe: h?,
            other_compliant: o?,
        })
    }

    fn is_blank(&self) -> bool {
        [&self.styrofoam, &self.hdpe, &self.other_compliant]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RaftInput {
    pub household_id: String,
    pub local_tag: String,
    pub kind: RaftKind,
    pub cell_count: String,
    pub length_m: String,
    pub width_m: String,
    pub species: Species,
    pub position: PositionInput,
    pub waterway: String,
    pub zone: String,
    pub status: RaftStatus,
    pub initial_floats: FloatCountsInput,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RaftDraft {
    pub household_id: HouseholdId,
    pub local_tag: String,
    pub kind: RaftKind,
    pub cell_count: Count,
    pub length_m: Option<Meters>,
    pub width_m: Option<Meters>,
    pub species: Species,
    pub position: Option<Position>,
    pub waterway: Option<String>,
    pub zone: Option<String>,
    pub status: RaftStatus,
    pub initial_floats: FloatCounts,
}

impl RaftInput {
    pub fn parse(&self) -> Result<RaftDraft, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let household_id = e.take("household_id", self.household_id.parse::<HouseholdId>());
        let local_tag = e.take("local_tag", required_text(&self.local_tag, 40));
        let cell_count = e.take("cell_count", Count::parse(&self.cell_count));
        let length_m = e.take("length_m", optional(&self.length_m, Meters::parse));
        let width_m = e.take("width_m", optional(&self.width_m, Meters::parse));
        let position = e.take("position", self.position.parse());
        let waterway = e.take("waterway", optional_text(&self.waterway, 120));
        let zone = e.take("zone", optional_text(&self.zone, 120));
        let initial_floats = self.initial_floats.parse_into("initial_floats", &mut e);
        if !e.is_empty() {
            return Err(e);
        }
        match (
            household_id,
            local_tag,
            cell_count,
            length_m,
            width_m,
            position,
            waterway,
            zone,
            initial_floats,
        ) {
            (
                Some(household_id),
                Some(local_tag),
                Some(cell_count),
                Some(length_m),
                Some(width_m),
                Some(position),
                Some(waterway),
                Some(zone),
                Some(initial_floats),
            ) => Ok(RaftDraft {
                household_id,
                local_tag,
                kind: self.kind,
                cell_count,
                length_m,
                width_m,
                species: self.species,
                position,
                waterway,
                zone,
                status: self.status,
                initial_floats,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FloatReplacementInput {
    pub raft_id: String,
    pub date: String,
    pub styrofoam_removed: String,
    pub installed: String,
    pub installed_material: InstalledMaterial,
    pub supplier: String,
    pub batch: String,
    pub disposal: Disposal,
    pub subsidy_vnd: String,
    pub note: String,
    /// Photos staged on this device to attach, each before or after.
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<PhotoAttachment>>")]
    pub photos: Vec<PhotoAttachment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FloatReplacementDraft {
    pub raft_id: RaftId,
    pub date: FieldDate,
    pub styrofoam_removed: Count,
    pub installed: Count,
    pub installed_material: InstalledMaterial,
    pub supplier: Option<String>,
    pub batch: Option<String>,
    pub disposal: Disposal,
    pub subsidy_vnd: Vnd,
    pub note: Option<String>,
}

impl FloatReplacementInput {
    pub fn parse(&self, today: NaiveDate) -> Result<FloatReplacementDraft, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let raft_id = e.take("raft_id", self.raft_id.parse::<RaftId>());
        let date = e.take("date", FieldDate::parse(&self.date, today));
        let removed = e.take("styrofoam_removed", Count::parse(&self.styrofoam_removed));
        let installed = e.take("installed", Count::parse(&self.installed));
        if let (Some(r), Some(i)) = (removed, installed) {
            if r.get() == 0 && i.get() == 0 {
                e.push(
                    "installed",
                    ParseError::new(
                        "replacement.empty",
                        "Nhập số phao xốp đã thay hoặc số phao mới đã lắp",
                        "Enter the styrofoam floats removed or the new floats installed",
                    ),
                );
            }
        }
        let supplier = e.take("supplier", optional_text(&self.supplier, 120));
        let batch = e.take("batch", optional_text(&self.batch, 60));
        let subsidy = e.take("subsidy_vnd", Vnd::parse(&self.subsidy_vnd));
        let note = e.take("note", optional_text(&self.note, 2000));
        match (
            raft_id, date, removed, installed, supplier, batch, subsidy, note,
        ) {
            (
                Some(raft_id),
                Some(date),
                Some(styrofoam_removed),
                Some(installed),
                Some(supplier),
                Some(batch),
                Some(subsidy_vnd),
                Some(note),
            ) if e.is_empty() => Ok(FloatReplacementDraft {
                raft_id,
                date,
                styrofoam_removed,
                installed,
                installed_material: self.installed_material,
                supplier,
                batch,
                disposal: self.disposal,
                subsidy_vnd,
                note,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RelocationInput {
    pub raft_id: String,
    pub date: String,
    pub state: RelocationState,
    pub from: PositionInput,
    pub to: PositionInput,
    pub target_zone: String,
    pub deadline: String,
    pub note: String,
    /// Photos staged on this device to attach, each before or after.
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<PhotoAttachment>>")]
    pub photos: Vec<PhotoAttachment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelocationDraft {
    pub raft_id: RaftId,
    pub date: FieldDate,
    pub state: RelocationState,
    pub from: Option<Position>,
    pub to: Option<Position>,
    pub target_zone: Option<String>,
    pub deadline: Option<FieldDate>,
    pub note: Option<String>,
}

impl RelocationInput {
    pub fn parse(&self, today: NaiveDate) -> Result<RelocationDraft, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let raft_id = e.take("raft_id", self.raft_id.parse::<RaftId>());
        let date = e.take("date", FieldDate::parse(&self.date, today));
        let from = e.take("from", self.from.parse());
        let to = e.take("to", self.to.parse());
        if self.state == RelocationState::Completed && matches!(to, Some(None)) {
            e.push(
                "to",
                ParseError::new(
                    "relocation.destination_required",
                    "Di dời hoàn thành cần tọa độ vị trí mới",
                    "A completed relocation needs the new position",
                ),
            );
        }
        let target_zone = e.take("target_zone", optional_text(&self.target_zone, 120));
        // A deadline is a plan, so it may lie in the future: check form only.
        let deadline = e.take(
            "deadline",
            optional(&self.deadline, |s| FieldDate::parse(s, NaiveDate::MAX)),
        );
        let note = e.take("note", optional_text(&self.note, 2000));
        match (raft_id, date, from, to, target_zone, deadline, note) {
            (
                Some(raft_id),
                Some(date),
                Some(from),
                Some(to),
                Some(target_zone),
                Some(deadline),
                Some(note),
            ) if e.is_empty() => Ok(RelocationDraft {
                raft_id,
                date,
                state: self.state,
                from,
                to,
                target_zone,
                deadline,
                note,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ViolationInput {
    pub decree_ref: String,
    pub description: String,
    pub fine_vnd: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InspectionInput {
    pub raft_id: String,
    pub number: String,
    pub date: String,
    pub position: PositionInput,
    /// One name a line (or separated by commas).
    pub inspectors: String,
    pub witnesses: String,
    pub findings: String,
    /// All blank: floats were not counted.
    pub floats_seen: FloatCountsInput,
    pub violations: Vec<ViolationInput>,
    pub remedy: String,
    pub refused_to_sign: bool,
    /// Photos staged on this device to attach, each before or after.
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<PhotoAttachment>>")]
    pub photos: Vec<PhotoAttachment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InspectionDraft {
    pub raft_id: RaftId,
    pub number: String,
    pub date: FieldDate,
    pub position: Option<Position>,
    pub inspectors: Vec<PersonName>,
    pub witnesses: Vec<PersonName>,
    pub findings: String,
    pub floats_seen: Option<FloatCounts>,
    pub violations: Vec<Violation>,
    pub remedy: Option<String>,
    pub refused_to_sign: bool,
}

fn names(raw: &str) -> Result<Vec<PersonName>, ParseError> {
    raw.split([',', '\n', ';'])
        .filter(|s| !s.trim().is_empty())
        .map(PersonName::parse)
        .collect()
}

impl InspectionInput {
    pub fn parse(&self, today: NaiveDate) -> Result<InspectionDraft, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let raft_id = e.take("raft_id", self.raft_id.parse::<RaftId>());
        let number = e.take("number", required_text(&self.number, 40));
        let date = e.take("date", FieldDate::parse(&self.date, today));
        let position = e.take("position", self.position.parse());
        let inspectors = e.take("inspectors", names(&self.inspectors));
        if matches!(&inspectors, Some(v) if v.is_empty()) {
            e.push(
                "inspectors",
                ParseError::new(
                    "inspection.no_inspector",
                    "Cần ít nhất một cán bộ kiểm tra",
                    "At least one inspector is required",
                ),
            );
        }
        let witnesses = e.take("witnesses", names(&self.witnesses));
        let findings = e.take("findings", required_text(&self.findings, 4000));
        let floats_seen = if self.floats_seen.is_blank() {
            Some(None)
        } else {
            self.floats_seen.parse_into("floats_seen", &mut e).map(Some)
        };
        let mut violations = Vec::new();
        for (i, v) in self.violations.iter().enumerate() {
            let decree_ref = e.take(
                &format!("violations.{i}.decree_ref"),
                required_text(&v.decree_ref, 120),
            );
            let description = e.take(
                &format!("violations.{i}.description"),
                required_text(&v.description, 1000),
            );
            let fine_vnd = e.take(&format!("violations.{i}.fine_vnd"), Vnd::parse(&v.fine_vnd));
            if let (Some(decree_ref), Some(description), Some(fine_vnd)) =
                (decree_ref, description, fine_vnd)
            {
                violations.push(Violation {
                    decree_ref,
                    description,
                    fine_vnd,
                });
            }
        }
        let remedy = e.take("remedy", optional_text(&self.remedy, 2000));
        match (
            raft_id,
            number,
            date,
            position,
            inspectors,
            witnesses,
            findings,
            floats_seen,
            remedy,
        ) {
            (
                Some(raft_id),
                Some(number),
                Some(date),
                Some(position),
                Some(inspectors),
                Some(witnesses),
                Some(findings),
                Some(floats_seen),
                Some(remedy),
            ) if e.is_empty() => Ok(InspectionDraft {
                raft_id,
                number,
                date,
                position,
                inspectors,
                witnesses,
                findings,
                floats_seen,
                violations,
                remedy,
                refused_to_sign: self.refused_to_sign,
            }),
            _ => Err(e),
        }
    }
}

/// The input that would reproduce a stored household: the starting point of
/// an edit form or a partial CLI edit.
impl From<&crate::entities::Household> for HouseholdInput {
    fn from(h: &crate::entities::Household) -> Self {
        Self {
            full_name: h.full_name.to_string(),
            cccd: h
                .cccd
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            phone: h
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            village: h.village.clone(),
            admin_unit_code: h.admin_unit_code.clone(),
            cooperative: h.cooperative.clone().unwrap_or_default(),
        }
    }
}

impl From<&crate::entities::Raft> for RaftInput {
    fn from(r: &crate::entities::Raft) -> Self {
        let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        Self {
            household_id: r.household_id.to_string(),
            local_tag: r.local_tag.clone(),
            kind: r.kind,
            cell_count: r.cell_count.get().to_string(),
            length_m: num(r.length_m.map(Meters::get)),
            width_m: num(r.width_m.map(Meters::get)),
            species: r.species,
            position: PositionInput {
                lat: num(r.position.map(|p| p.lat)),
                lon: num(r.position.map(|p| p.lon)),
                accuracy_m: num(r.position.map(|p| p.accuracy_m)),
                ..Default::default()
            },
            waterway: r.waterway.clone().unwrap_or_default(),
            zone: r.zone.clone().unwrap_or_default(),
            status: r.status,
            initial_floats: FloatCountsInput {
                styrofoam: r.initial_floats.styrofoam.get().to_string(),
                hdpe: r.initial_floats.hdpe.get().to_string(),
                other_compliant: r.initial_floats.other_compliant.get().to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_keeps_its_source_and_a_boat_offset_becomes_provenance() {
        let typed = |lat: &str, lon: &str| PositionInput {
            lat: lat.into(),
            lon: lon.into(),
            accuracy_m: "6".into(),
            ..Default::default()
        };
        let hand = typed("20°55'48\"N", "106°51'E").parse().unwrap().unwrap();
        assert_eq!(hand.source, PositionSource::Manual);
        assert!((hand.lat - 20.93).abs() < 1e-9 && (hand.lon - 106.85).abs() < 1e-9);

        let mut gnss = typed("20.93", "106.85");
        gnss.source = Some(PositionSource::Nmea);
        gnss.bearing_deg = Some("90".into());
        gnss.distance_m = Some("25,5".into());
        let raft = gnss.parse().unwrap().unwrap();
        assert_eq!(raft.source, PositionSource::Nmea);
        assert!(raft.lon > 106.85);
        let how = raft.offset.unwrap();
        assert_eq!(
            (how.boat_lat, how.bearing_deg, how.distance_m),
            (20.93, 90.0, 25.5)
        );

        gnss.distance_m = None;
        assert_eq!(gnss.parse().unwrap_err().code, "offset.incomplete");
        gnss.distance_m = Some("xa".into());
        assert_eq!(gnss.parse().unwrap_err().code, "offset.distance");
        gnss.distance_m = Some("5000".into());
        assert_eq!(gnss.parse().unwrap_err().code, "offset.distance");
        // Blank offset fields are no offset.
        gnss.bearing_deg = Some(" ".into());
        gnss.distance_m = Some(String::new());
        assert_eq!(gnss.parse().unwrap().unwrap().offset, None);
    }
    use crate::admin::quang_yen_units;

    fn household() -> HouseholdInput {
        HouseholdInput {
            full_name: "Trần Văn Demo".into(),
            cccd: "022186001234".into(),
            phone: "0912345678".into(),
            village: "Khu 5".into(),
            admin_unit_code: "QY-HA-AN".into(),
            cooperative: "".into(),
        }
    }

    #[test]
    fn a_good_household_parses() {
        let d = household().parse(&quang_yen_units()).unwrap();
        assert_eq!(d.admin_unit_code, "QY-HA-AN");
        assert_eq!(d.cooperative, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = HouseholdInput {
            cccd: "123".into(),
            phone: "12".into(),
            admin_unit_code: "X".into(),
            ..household()
        };
        let errs = input.parse(&quang_yen_units()).unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["cccd", "phone", "admin_unit_code"]);
        assert!(errs
            .0
            .iter()
            .all(|e| !e.message.vi.is_empty() && !e.message.en.is_empty()));
    }

    #[test]
    fn an_empty_float_replacement_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let input = FloatReplacementInput {
            raft_id: RaftId::new().to_string(),
            date: "27/11/2026".into(),
            styrofoam_removed: "0".into(),
            installed: "".into(),
            installed_material: InstalledMaterial::Hdpe,
            supplier: "".into(),
            batch: "".into(),
            disposal: Disposal::Collected,
            subsidy_vnd: "".into(),
            note: "".into(),
            photos: Vec::new(),
        };
        let errs = input.parse(today).unwrap_err();
        assert_eq!(errs.0[0].code, "replacement.empty");
    }
}
