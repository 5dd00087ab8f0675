//! Reading farming zones from a GeoJSON file (RFC 7946), as GIS offices
//! export them: a FeatureCollection of Polygon or MultiPolygon features,
//! one zone each, its facts in the feature's properties (English or
//! Vietnamese names).
//!
//! Every problem is reported with the index of its feature (0-based, as in
//! the file's `features` array) and a stable code; a file with any problem
//! imports nothing.

use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use super::planar::{cross, rings_touch, self_intersection, signed_area2, Vertex};
use super::{Containment, Zone, ZoneArea};
use crate::admin::AdminUnit;
use crate::entities::Species;
use crate::error::{ParseError, Text};
use crate::search::fold;

/// One problem in a zone file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ZoneFileError {
    /// Index in the file's `features` (None: the file as a whole).
    pub feature: Option<usize>,
    pub code: String,
    pub message: Text,
}

impl ZoneFileError {
    fn new(feature: Option<usize>, e: ParseError) -> Self {
        Self {
            feature,
            code: e.code.to_owned(),
            message: e.message,
        }
    }
}

pub(super) fn geometry_type_error(kind: &str) -> ParseError {
    ParseError::new(
        "zone.geometry_type",
        format!("Hình dạng «{kind}» không phải Polygon hay MultiPolygon"),
        format!("Geometry «{kind}» is neither a Polygon nor a MultiPolygon"),
    )
}

fn ring_error(code: &'static str, ring: usize, vi: &str, en: &str) -> ParseError {
    let which_vi = if ring == 0 {
        "vòng ngoài".to_owned()
    } else {
        format!("lỗ thứ {ring}")
    };
    let which_en = if ring == 0 {
        "outer ring".to_owned()
    } else {
        format!("hole {ring}")
    };
    ParseError::new(
        code,
        format!("{which_vi}: {vi}"),
        format!("{which_en}: {en}"),
    )
}

fn check_vertex(v: Vertex, ring: usize) -> Result<(), ParseError> {
    let [lon, lat] = v;
    if !lon.is_finite()
        || !lat.is_finite()
        || !(-180.0..=180.0).contains(&lon)
        || !(-90.0..=90.0).contains(&lat)
    {
        return Err(ring_error(
            "zone.coordinate_range",
            ring,
            &format!("tọa độ [{lon}, {lat}] ngoài phạm vi WGS84 (kinh độ −180..180, vĩ độ −90..90; tệp dùng VN-2000 tính bằng mét?)"),
            &format!("coordinate [{lon}, {lat}] is outside WGS84 (longitude −180..180, latitude −90..90; is the file in VN-2000 metres?)"),
        ));
    }
    Ok(())
}

/// Validates one polygon: rings of `[lon, lat]`, exterior first. Returns
/// the exterior and the holes.
pub(super) fn validate_polygon(
    rings: Vec<Vec<Vertex>>,
) -> Result<(Vec<Vertex>, Vec<Vec<Vertex>>), ParseError> {
    if rings.is_empty() {
        return Err(ParseError::new(
            "zone.empty",
            "Đa giác không có vòng nào",
            "The polygon has no ring",
        ));
    }
    for (i, ring) in rings.iter().enumerate() {
        if ring.len() < 4 {
            return Err(ring_error(
                "zone.ring_too_short",
                i,
                "cần ít nhất 4 điểm (điểm cuối trùng điểm đầu)",
                "needs at least 4 positions (the last repeating the first)",
            ));
        }
        for v in ring {
            check_vertex(*v, i)?;
        }
        if ring.first() != ring.last() {
            return Err(ring_error(
                "zone.ring_not_closed",
                i,
                "điểm cuối phải trùng điểm đầu",
                "the last position must repeat the first",
            ));
        }
        // All on one line (a symmetric bow-tie also has zero signed area,
        // but it is reported as the crossing it is).
        let collinear = match ring.iter().find(|v| **v != ring[0]) {
            Some(second) => ring
                .iter()
                .all(|v| cross(ring[0], *second, *v).abs() <= 1e-18),
            None => true,
        } || (signed_area2(ring).abs() <= 1e-18
            && self_intersection(ring).is_none());
        if collinear {
            return Err(ring_error(
                "zone.ring_degenerate",
                i,
                "vòng không có diện tích",
                "the ring encloses no area",
            ));
        }
        if let Some((a, b)) = self_intersection(ring) {
            return Err(ring_error(
                "zone.self_intersection",
                i,
                &format!("cạnh {a} và cạnh {b} cắt nhau", a = a + 1, b = b + 1),
                &format!("edges {a} and {b} cross", a = a + 1, b = b + 1),
            ));
        }
    }
    let mut rings = rings.into_iter();
    let exterior = rings.next().unwrap_or_default();
    let holes: Vec<Vec<Vertex>> = rings.collect();
    for (h, hole) in holes.iter().enumerate() {
        let n = h + 1;
        if rings_touch(&exterior, hole) {
            return Err(ring_error(
                "zone.rings_cross",
                n,
                "chạm hoặc cắt vòng ngoài",
                "touches or crosses the outer ring",
            ));
        }
        if super::planar::locate_in_ring(hole[0], &exterior) != Containment::Inside {
            return Err(ring_error(
                "zone.hole_outside",
                n,
                "nằm ngoài vòng ngoài",
                "lies outside the outer ring",
            ));
        }
        for (o, other) in holes.iter().enumerate().skip(h + 1) {
            if rings_touch(hole, other) {
                return Err(ring_error(
                    "zone.rings_cross",
                    n,
                    &format!("chạm hoặc cắt lỗ thứ {}", o + 1),
                    &format!("touches or crosses hole {}", o + 1),
                ));
            }
        }
    }
    Ok((exterior, holes))
}

fn position(value: &Value) -> Option<Vertex> {
    // RFC 7946: longitude, latitude, then an optional altitude (ignored).
    let numbers = value.as_array()?;
    if !(2..=3).contains(&numbers.len()) {
        return None;
    }
    Some([numbers[0].as_f64()?, numbers[1].as_f64()?])
}

fn rings(value: &Value) -> Option<Vec<Vec<Vertex>>> {
    value
        .as_array()?
        .iter()
        .map(|ring| ring.as_array()?.iter().map(position).collect())
        .collect()
}

fn shape_error() -> ParseError {
    ParseError::new(
        "zone.coordinates",
        "Tọa độ không đúng dạng GeoJSON ([kinh độ, vĩ độ] trong các vòng)",
        "Coordinates are not in GeoJSON form ([longitude, latitude] in rings)",
    )
}

fn area_of(geometry: &Value) -> Result<ZoneArea, ParseError> {
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coordinates = geometry.get("coordinates").unwrap_or(&Value::Null);
    let polygons = match kind {
        "Polygon" => vec![rings(coordinates).ok_or_else(shape_error)?],
        "MultiPolygon" => coordinates
            .as_array()
            .ok_or_else(shape_error)?
            .iter()
            .map(|p| rings(p).ok_or_else(shape_error))
            .collect::<Result<_, _>>()?,
        other => return Err(geometry_type_error(other)),
    };
    ZoneArea::from_polygons(polygons)
}

/// The first property present among `names` (English, then Vietnamese),
/// matched ignoring case and diacritics.
fn property<'p>(properties: &'p Map<String, Value>, names: &[&str]) -> Option<&'p Value> {
    properties
        .iter()
        .find(|(k, _)| names.iter().any(|n| fold(k).replace(' ', "_") == *n))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

fn text_property(properties: &Map<String, Value>, names: &[&str]) -> Option<String> {
    property(properties, names).and_then(|v| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn missing(field_vi: &str, field_en: &str) -> ParseError {
    ParseError::new(
        "zone.missing_property",
        format!("Thiếu thuộc tính «{field_vi}»"),
        format!("Missing property «{field_en}»"),
    )
}

/// The admin unit a zone names, by code or by name.
fn unit_code(units: &[AdminUnit], given: &str) -> Result<String, ParseError> {
    let folded = fold(given);
    units
        .iter()
        .find(|u| u.code.eq_ignore_ascii_case(given))
        .or_else(|| {
            units
                .iter()
                .filter(|u| u.is_current())
                .find(|u| fold(&u.name) == folded)
        })
        .map(|u| u.code.clone())
        .ok_or_else(|| {
            ParseError::new(
                "zone.admin_unit",
                format!("Không có phường/xã «{given}»"),
                format!("No ward or commune «{given}»"),
            )
        })
}

fn species(value: Option<&Value>) -> Result<Vec<Species>, ParseError> {
    let names: Vec<String> = match value {
        None => return Ok(Vec::new()),
        Some(Value::String(s)) => s
            .split([',', ';'])
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(_) => Vec::new(),
    };
    names
        .iter()
        .map(|name| {
            let folded = fold(name);
            let english = match folded.as_str() {
                "hau cua song" | "hau" => "estuarine_oyster",
                "hau thai binh duong" => "pacific_oyster",
                "ngao" => "clam",
                "ca long" | "ca" => "cage_fish",
                "khac" => "other",
                other => other,
            };
            serde_json::from_value(Value::String(english.replace(' ', "_"))).map_err(|_| {
                ParseError::new(
                    "zone.species",
                    format!("Đối tượng nuôi «{name}» không được nhận dạng"),
                    format!("Species «{name}» is not recognised"),
                )
            })
        })
        .collect()
}

fn zone_of(feature: &Value, units: &[AdminUnit]) -> Result<Zone, ParseError> {
    if feature.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(ParseError::new(
            "zone.not_a_feature",
            "Phần tử không phải Feature",
            "The element is not a Feature",
        ));
    }
    let empty = Map::new();
    let properties = feature
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let code = text_property(properties, &["code", "ma_vung", "ma"])
        .ok_or_else(|| missing("ma_vung", "code"))?;
    if code.chars().count() > 40 {
        return Err(ParseError::new(
            "zone.code",
            "Mã vùng dài quá 40 ký tự",
            "The zone code is longer than 40 characters",
        ));
    }
    let name = text_property(properties, &["name", "ten_vung", "ten"])
        .ok_or_else(|| missing("ten_vung", "name"))?;
    let unit = text_property(
        properties,
        &[
            "admin_unit_code",
            "admin_unit",
            "ward",
            "ma_phuong",
            "phuong",
            "phuong_xa",
        ],
    )
    .ok_or_else(|| missing("phuong", "ward"))?;
    let planned_area_ha = match property(
        properties,
        &["planned_area_ha", "area_ha", "dien_tich_ha", "dien_tich"],
    ) {
        None => None,
        Some(v) => match v.as_f64().or_else(|| {
            v.as_str()
                .and_then(|s| s.trim().replace(',', ".").parse().ok())
        }) {
            Some(ha) if ha.is_finite() && ha > 0.0 => Some(ha),
            _ => {
                return Err(ParseError::new(
                    "zone.area",
                    "Diện tích quy hoạch phải là số héc-ta dương",
                    "The planned area must be a positive number of hectares",
                ));
            }
        },
    };
    let geometry = feature
        .get("geometry")
        .filter(|g| !g.is_null())
        .ok_or_else(|| {
            ParseError::new(
                "zone.no_geometry",
                "Vùng không có hình dạng (geometry)",
                "The zone has no geometry",
            )
        })?;
    Ok(Zone {
        admin_unit_code: unit_code(units, &unit)?,
        allowed_species: species(property(
            properties,
            &["allowed_species", "species", "doi_tuong_nuoi", "loai_nuoi"],
        ))?,
        decision_no: text_property(
            properties,
            &["decision_no", "decision", "so_quyet_dinh", "quyet_dinh"],
        ),
        planned_area_ha,
        area: area_of(geometry)?,
        code,
        name,
    })
}

/// Reads every zone of a GeoJSON document, or every problem in it.
pub fn parse_zones(text: &str, units: &[AdminUnit]) -> Result<Vec<Zone>, Vec<ZoneFileError>> {
    let whole = |e: ParseError| vec![ZoneFileError::new(None, e)];
    let document: Value = serde_json::from_str(text).map_err(|e| {
        whole(ParseError::new(
            "zone.json",
            format!("Tệp không phải JSON hợp lệ: {e}"),
            format!("The file is not valid JSON: {e}"),
        ))
    })?;
    if let Some(name) = document
        .pointer("/crs/properties/name")
        .and_then(Value::as_str)
    {
        let wgs84 = [
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            "urn:ogc:def:crs:EPSG::4326",
            "EPSG:4326",
        ];
        if !wgs84.contains(&name) {
            return Err(whole(ParseError::new(
                "zone.crs",
                format!("Hệ tọa độ {name} không được hỗ trợ: hãy xuất tệp theo WGS84 (EPSG:4326)"),
                format!("Coordinate system {name} is not supported: export the file in WGS84 (EPSG:4326)"),
            )));
        }
    }
    let features: Vec<&Value> = match document.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => document
            .get("features")
            .and_then(Value::as_array)
            .map(|f| f.iter().collect())
            .unwrap_or_default(),
        Some("Feature") => vec![&document],
        _ => {
            return Err(whole(ParseError::new(
                "zone.not_geojson",
                "Tệp không phải FeatureCollection GeoJSON",
                "The file is not a GeoJSON FeatureCollection",
            )))
        }
    };
    if features.is_empty() {
        return Err(whole(ParseError::new(
            "zone.empty_file",
            "Tệp không có vùng nuôi nào",
            "The file holds no zone",
        )));
    }
    let mut zones = Vec::with_capacity(features.len());
    let mut errors = Vec::new();
    let mut codes = std::collections::HashMap::new();
    for (i, feature) in features.into_iter().enumerate() {
        match zone_of(feature, units) {
            Ok(zone) => {
                // Devices match a typed code in any case (replica's
                // zone_named), so two codes that differ only in case would
                // be one zone to them.
                if let Some(first) = codes.insert(zone.code.to_ascii_uppercase(), i) {
                    errors.push(ZoneFileError::new(
                        Some(i),
                        ParseError::new(
                            "zone.duplicate_code",
                            format!("Mã vùng «{}» đã dùng ở phần tử {first}", zone.code),
                            format!(
                                "Zone code «{}» is already used by feature {first}",
                                zone.code
                            ),
                        ),
                    ));
                }
                zones.push(zone);
            }
            Err(e) => errors.push(ZoneFileError::new(Some(i), e)),
        }
    }
    if errors.is_empty() {
        Ok(zones)
    } else {
        Err(errors)
    }
}
