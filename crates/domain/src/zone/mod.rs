//! Farming zones (vùng nuôi): the areas a planning decision allows rafts in.
//! Reference data owned by the server, imported there from GeoJSON and
//! synced down, so that a device can say offline whether a raft lies in a
//! zone.
//!
//! Invariant: a `ZoneArea` only holds polygons that passed validation
//! (closed rings of at least four vertices, WGS84 ranges, no ring crossing
//! itself or another ring of its polygon, holes inside their exterior).
//! It deserializes through the same validation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::entities::Species;
use crate::error::ParseError;
use crate::values::Position;

pub mod geojson;
mod planar;

pub use planar::Containment;
use planar::{locate_in_ring, Vertex};

/// One polygon of a zone: an exterior ring and the holes cut out of it.
#[derive(Debug, Clone, PartialEq)]
struct ZonePolygon {
    exterior: Vec<Vertex>,
    holes: Vec<Vec<Vertex>>,
    /// [min lon, min lat, max lon, max lat] of the exterior: a cheap first
    /// test before walking the edges.
    bbox: [f64; 4],
}

impl ZonePolygon {
    fn new(exterior: Vec<Vertex>, holes: Vec<Vec<Vertex>>) -> Self {
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for v in &exterior {
            bbox = [
                bbox[0].min(v[0]),
                bbox[1].min(v[1]),
                bbox[2].max(v[0]),
                bbox[3].max(v[1]),
            ];
        }
        Self {
            exterior,
            holes,
            bbox,
        }
    }

    /// A point on a hole's edge is on the zone's boundary; inside a hole is
    /// outside the zone.
    fn locate(&self, p: Vertex) -> Containment {
        let [x0, y0, x1, y1] = self.bbox;
        if p[0] < x0 || p[0] > x1 || p[1] < y0 || p[1] > y1 {
            return Containment::Outside;
        }
        match locate_in_ring(p, &self.exterior) {
            Containment::Inside => {
                for hole in &self.holes {
                    match locate_in_ring(p, hole) {
                        Containment::Inside => return Containment::Outside,
                        Containment::OnBoundary => return Containment::OnBoundary,
                        Containment::Outside => {}
                    }
                }
                Containment::Inside
            }
            other => other,
        }
    }
}

/// The area of a zone: one or more polygons (a GeoJSON MultiPolygon).
/// Serialized as a GeoJSON MultiPolygon geometry, so a map can draw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "MultiPolygonGeometry", try_from = "MultiPolygonGeometry")]
pub struct ZoneArea {
    polygons: Vec<ZonePolygon>,
}

/// GeoJSON MultiPolygon geometry: polygons, each a list of rings (exterior
/// first), each ring a closed list of `[longitude, latitude]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MultiPolygonGeometry {
    #[serde(rename = "type")]
    #[ts(type = "\"MultiPolygon\"")]
    pub kind: String,
    pub coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

impl From<ZoneArea> for MultiPolygonGeometry {
    fn from(area: ZoneArea) -> Self {
        Self {
            kind: "MultiPolygon".into(),
            coordinates: area
                .polygons
                .into_iter()
                .map(|p| std::iter::once(p.exterior).chain(p.holes).collect())
                .collect(),
        }
    }
}

impl TryFrom<MultiPolygonGeometry> for ZoneArea {
    type Error = ParseError;
    fn try_from(geometry: MultiPolygonGeometry) -> Result<Self, ParseError> {
        if geometry.kind != "MultiPolygon" {
            return Err(geojson::geometry_type_error(&geometry.kind));
        }
        ZoneArea::from_polygons(geometry.coordinates)
    }
}

impl ZoneArea {
    /// Validates polygons given as rings of `[lon, lat]` (exterior first).
    pub fn from_polygons(polygons: Vec<Vec<Vec<[f64; 2]>>>) -> Result<Self, ParseError> {
        if polygons.is_empty() {
            return Err(ParseError::new(
                "zone.empty",
                "Vùng nuôi không có đa giác nào",
                "The zone has no polygon",
            ));
        }
        let polygons = polygons
            .into_iter()
            .map(geojson::validate_polygon)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            polygons: polygons
                .into_iter()
                .map(|(exterior, holes)| ZonePolygon::new(exterior, holes))
                .collect(),
        })
    }

    /// Where a point (longitude, latitude) lies.
    pub fn locate(&self, lon: f64, lat: f64) -> Containment {
        let mut on_boundary = false;
        for polygon in &self.polygons {
            match polygon.locate([lon, lat]) {
                Containment::Inside => return Containment::Inside,
                Containment::OnBoundary => on_boundary = true,
                Containment::Outside => {}
            }
        }
        if on_boundary {
            Containment::OnBoundary
        } else {
            Containment::Outside
        }
    }

    /// Whether a raft at `position` lies in the zone. A raft on the
    /// boundary line counts as inside: the line belongs to the plan.
    pub fn contains(&self, position: &Position) -> bool {
        self.locate(position.lon, position.lat) != Containment::Outside
    }
}

/// A farming zone, as a planning decision sets it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Zone {
    /// Stable code, unique across the campaign: `QY-VN-01`.
    pub code: String,
    pub name: String,
    /// The ward (or pre-2025 unit) the zone belongs to.
    pub admin_unit_code: String,
    pub planned_area_ha: Option<f64>,
    /// Empty when the decision names none.
    pub allowed_species: Vec<Species>,
    /// Số quyết định quy hoạch.
    pub decision_no: Option<String>,
    #[ts(as = "MultiPolygonGeometry")]
    pub area: ZoneArea,
}

/// Every zone the server holds, and the version of that set: it grows with
/// every import, so a device fetches the set only when it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[ts(export)]
pub struct ZoneSet {
    #[ts(type = "number")]
    pub version: u64,
    /// None when the asker already holds this version. Each zone: code,
    /// name, admin_unit_code, planned_area_ha, allowed_species,
    /// decision_no, and `area`, a GeoJSON MultiPolygon.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub zones: Option<Vec<Zone>>,
}

/// Where a raft lies against the zones a device knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ZoneCheck {
    /// In this zone (the first one by code, where zones overlap).
    InZone { code: String, name: String },
    /// The raft lies outside every known zone: to be flagged.
    OutsideEveryZone,
    /// No zone is on this device yet: nothing can be said.
    NoZones,
    /// The raft has no position.
    NoPosition,
}

/// Checks a raft's position against `zones` (sorted by code for a stable
/// answer where zones overlap).
pub fn check_position(zones: &[Zone], position: Option<&Position>) -> ZoneCheck {
    if zones.is_empty() {
        return ZoneCheck::NoZones;
    }
    let Some(position) = position else {
        return ZoneCheck::NoPosition;
    };
    zones
        .iter()
        .find(|z| z.area.contains(position))
        .map_or(ZoneCheck::OutsideEveryZone, |z| ZoneCheck::InZone {
            code: z.code.clone(),
            name: z.name.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::PositionSource;

    fn square(x0: f64, y0: f64, size: f64) -> Vec<[f64; 2]> {
        vec![
            [x0, y0],
            [x0 + size, y0],
            [x0 + size, y0 + size],
            [x0, y0 + size],
            [x0, y0],
        ]
    }

    fn at(lat: f64, lon: f64) -> Position {
        Position::new(lat, lon, 5.0, PositionSource::Device).unwrap()
    }

    fn zone(code: &str, polygons: Vec<Vec<Vec<[f64; 2]>>>) -> Zone {
        Zone {
            code: code.into(),
            name: format!("Vùng {code}"),
            admin_unit_code: "QY-HA-AN".into(),
            planned_area_ha: None,
            allowed_species: vec![],
            decision_no: None,
            area: ZoneArea::from_polygons(polygons).unwrap(),
        }
    }

    #[test]
    fn a_hole_is_outside_and_its_edge_is_boundary() {
        let area = ZoneArea::from_polygons(vec![vec![
            square(106.80, 20.90, 0.10),
            square(106.84, 20.94, 0.02),
        ]])
        .unwrap();
        assert_eq!(area.locate(106.81, 20.91), Containment::Inside);
        assert_eq!(area.locate(106.85, 20.95), Containment::Outside);
        assert_eq!(area.locate(106.84, 20.95), Containment::OnBoundary);
        assert!(area.contains(&at(20.95, 106.84)));
        assert!(!area.contains(&at(20.95, 106.85)));
    }

    #[test]
    fn any_polygon_of_a_multipolygon_holds_the_point() {
        let area = ZoneArea::from_polygons(vec![
            vec![square(106.80, 20.90, 0.01)],
            vec![square(106.90, 20.90, 0.01)],
        ])
        .unwrap();
        assert_eq!(area.locate(106.905, 20.905), Containment::Inside);
        assert_eq!(area.locate(106.85, 20.905), Containment::Outside);
    }

    #[test]
    fn check_position_names_the_zone_or_flags_the_raft() {
        let zones = vec![
            zone("A", vec![vec![square(106.80, 20.90, 0.01)]]),
            zone("B", vec![vec![square(106.90, 20.90, 0.01)]]),
        ];
        assert_eq!(
            check_position(&zones, Some(&at(20.905, 106.905))),
            ZoneCheck::InZone {
                code: "B".into(),
                name: "Vùng B".into()
            }
        );
        assert_eq!(
            check_position(&zones, Some(&at(20.5, 106.5))),
            ZoneCheck::OutsideEveryZone
        );
        assert_eq!(check_position(&zones, None), ZoneCheck::NoPosition);
        assert_eq!(
            check_position(&[], Some(&at(20.5, 106.5))),
            ZoneCheck::NoZones
        );
    }

    #[test]
    fn a_zone_survives_json_and_invalid_json_geometry_does_not_load() {
        let z = zone("A", vec![vec![square(106.80, 20.90, 0.01)]]);
        let json = serde_json::to_string(&z).unwrap();
        assert!(json.contains(r#""type":"MultiPolygon""#), "{json}");
        assert_eq!(serde_json::from_str::<Zone>(&json).unwrap(), z);
        let open_ring = json.replacen("[106.8,20.9]]", "[106.8,20.91]]", 1);
        assert!(serde_json::from_str::<Zone>(&open_ring).is_err());
    }
}
