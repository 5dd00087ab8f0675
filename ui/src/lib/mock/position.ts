// The mock's reading of a PositionInput, ported from the Rust side
// (crates/domain/src/values/fix.rs parse_coordinate and offset,
// crates/domain/src/input.rs PositionInput::parse) closely enough for the
// forms to behave as in the app: decimal degrees with a point or comma,
// degrees-minutes-seconds, a bearing and distance from the boat. Not a
// source of truth.
import type { Position } from '../../bindings/Position';
import type { PositionInput } from '../../bindings/PositionInput';

export type Refusal = { code: string; vi: string; en: string };
type Parsed<T> = { ok: true; value: T } | { ok: false; error: Refusal };

const EARTH_RADIUS_M = 6_371_008.8;
const MAX_OFFSET_M = 2_000;
const OFFSET_ERROR_FRACTION = 0.05;
const OFFSET_ERROR_BASE_M = 2;

type Axis = 'lat' | 'lon';
type Token = { n: string } | { mark: 'd' | 'm' | 's' } | { hemi: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let number = '';
  const flush = () => {
    if (number) tokens.push({ n: number });
    number = '';
  };
  for (const c of text) {
    if (/[0-9.,]/.test(c)) {
      number += c === ',' ? '.' : c;
      continue;
    }
    flush();
    const last = tokens[tokens.length - 1];
    if ('°º˚'.includes(c)) tokens.push({ mark: 'd' });
    else if ("'′’‘´".includes(c)) {
      // Two single quotes typed for a double one are seconds.
      if (last && 'mark' in last && last.mark === 'm') tokens[tokens.length - 1] = { mark: 's' };
      else tokens.push({ mark: 'm' });
    } else if ('"″”“'.includes(c)) tokens.push({ mark: 's' });
    else if (/[NSEWnsew]/.test(c)) tokens.push({ hemi: c.toUpperCase() });
    else if (!/\s/.test(c)) return null;
  }
  flush();
  return tokens;
}

/** A coordinate as people type it; signed decimal degrees, or the Rust side's refusal. */
export function parseCoordinate(text: string, axis: Axis): Parsed<number> {
  const trimmed = text.trim();
  const fail = (code: string, vi: string, en: string): Parsed<number> => ({ ok: false, error: { code, vi, en } });
  const format = () =>
    fail(
      'coordinate.format',
      `Không đọc được tọa độ «${trimmed}». Ví dụ: 20,9345 hoặc 20°56'04.2"N`,
      `Cannot read the coordinate «${trimmed}». Examples: 20.9345 or 20°56'04.2"N`,
    );
  const negative = /^[-−]/.test(trimmed);
  const body = negative ? trimmed.slice(1) : trimmed.replace(/^\+/, '');
  const tokens = tokenize(body);
  if (!tokens) return format();
  let parts = tokens;
  let hemisphere: string | null = null;
  const first = parts[0];
  if (first && 'hemi' in first) {
    hemisphere = first.hemi;
    parts = parts.slice(1);
  }
  const last = parts[parts.length - 1];
  if (last && 'hemi' in last) {
    if (hemisphere) return format();
    hemisphere = last.hemi;
    parts = parts.slice(0, -1);
  }
  if (hemisphere && negative) return format();
  const numbers: string[] = [];
  let afterNumber = false;
  for (const token of parts) {
    if ('n' in token) {
      numbers.push(token.n);
      afterNumber = true;
    } else if ('mark' in token) {
      const expected = (['d', 'm', 's'] as const)[numbers.length - 1];
      if (!afterNumber || token.mark !== expected) return format();
      afterNumber = false;
    } else return format();
  }
  if (numbers.length === 0 || numbers.length > 3) return format();
  if (numbers.slice(0, -1).some((n) => n.includes('.'))) return format();
  if (numbers.some((n) => (n.match(/\./g) ?? []).length > 1 || !/\d/.test(n))) return format();
  const [degrees = 0, minutes = 0, seconds = 0] = numbers.map(Number);
  if (minutes >= 60)
    return fail('coordinate.minutes', `Số phút phải nhỏ hơn 60 (đang là ${minutes})`, `Minutes must be below 60 (got ${minutes})`);
  if (seconds >= 60)
    return fail('coordinate.seconds', `Số giây phải nhỏ hơn 60 (đang là ${seconds})`, `Seconds must be below 60 (got ${seconds})`);
  const [pos, neg] = axis === 'lat' ? ['N', 'S'] : ['E', 'W'];
  const [nameVi, nameEn] = axis === 'lat' ? ['Vĩ độ', 'Latitude'] : ['Kinh độ', 'Longitude'];
  let southOrWest = negative;
  if (hemisphere !== null) {
    if (hemisphere === pos) southOrWest = false;
    else if (hemisphere === neg) southOrWest = true;
    else {
      const [vi, en] = axis === 'lat' ? ['N (bắc) hoặc S (nam)', 'N or S'] : ['E (đông) hoặc W (tây)', 'E or W'];
      return fail('coordinate.hemisphere', `${nameVi} dùng ${vi}, không dùng «${hemisphere}»`, `${nameEn} takes ${en}, not «${hemisphere}»`);
    }
  }
  const magnitude = degrees + minutes / 60 + seconds / 3600;
  const max = axis === 'lat' ? 90 : 180;
  if (!Number.isFinite(magnitude) || magnitude > max)
    return fail('coordinate.range', `${nameVi} phải từ -${max} đến ${max} độ`, `${nameEn} must be between -${max} and ${max} degrees`);
  return { ok: true, value: southOrWest ? -magnitude : magnitude };
}

function checked(lat: number, lon: number, accuracy: number): Refusal | null {
  if (!(lat >= 6 && lat <= 23.5 && lon >= 102 && lon <= 117.5))
    return {
      code: 'position.outside_vietnam',
      vi: `Tọa độ ${lat}, ${lon} nằm ngoài vùng biển Việt Nam`,
      en: `Position ${lat}, ${lon} lies outside Vietnamese waters`,
    };
  if (!(accuracy > 0 && accuracy <= 10_000))
    return {
      code: 'position.accuracy',
      vi: 'Độ chính xác phải lớn hơn 0 và không quá 10 000 m',
      en: 'Accuracy must be above 0 and at most 10,000 m',
    };
  return null;
}

/** The raft's position from the boat's by true bearing and distance (spherical destination point). */
export function offsetPosition(boat: Position, bearingDeg: number, distanceM: number): Parsed<Position> {
  if (!(bearingDeg >= 0 && bearingDeg <= 360))
    return { ok: false, error: { code: 'offset.bearing', vi: 'Hướng phải từ 0 đến 360 độ', en: 'The bearing must be from 0 to 360 degrees' } };
  if (!(distanceM >= 0 && distanceM <= MAX_OFFSET_M))
    return {
      ok: false,
      error: { code: 'offset.distance', vi: 'Khoảng cách phải từ 0 đến 2 000 m', en: 'The distance must be from 0 to 2,000 m' },
    };
  const rad = Math.PI / 180;
  const phi1 = boat.lat * rad;
  const theta = bearingDeg * rad;
  const delta = distanceM / EARTH_RADIUS_M;
  const sinPhi2 = Math.min(1, Math.max(-1, Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta)));
  const dLambda = Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * sinPhi2);
  const lat = Math.asin(sinPhi2) / rad;
  const lon = boat.lon + dLambda / rad;
  const accuracy = boat.accuracy_m + OFFSET_ERROR_FRACTION * distanceM + OFFSET_ERROR_BASE_M;
  const refused = checked(lat, lon, accuracy);
  if (refused) return { ok: false, error: refused };
  return {
    ok: true,
    value: {
      lat,
      lon,
      accuracy_m: accuracy,
      source: boat.source,
      offset: {
        boat_lat: boat.lat,
        boat_lon: boat.lon,
        boat_accuracy_m: boat.accuracy_m,
        bearing_deg: bearingDeg,
        distance_m: distanceM,
      },
    },
  };
}

const given = (s: string | undefined) => (s ?? '').trim();

/** A PositionInput as Rust reads it: null for "no position", the position, or the refusal. */
export function parsePositionInput(p: PositionInput): Parsed<Position | null> {
  if (!p.lat.trim() && !p.lon.trim()) return { ok: true, value: null };
  const lat = parseCoordinate(p.lat, 'lat');
  if (!lat.ok) return lat;
  const lon = parseCoordinate(p.lon, 'lon');
  if (!lon.ok) return lon;
  let accuracy = 50;
  if (p.accuracy_m.trim()) {
    accuracy = Number(p.accuracy_m.trim().replace(',', '.'));
    if (!Number.isFinite(accuracy) || !/^[+-]?[\d.]+$/.test(p.accuracy_m.trim().replace(',', '.')))
      return {
        ok: false,
        error: {
          code: 'position.accuracy',
          vi: `«${p.accuracy_m.trim()}» không phải là số mét`,
          en: `«${p.accuracy_m.trim()}» is not a number of metres`,
        },
      };
  }
  const refused = checked(lat.value, lon.value, accuracy);
  if (refused) return { ok: false, error: refused };
  const boat: Position = { lat: lat.value, lon: lon.value, accuracy_m: accuracy, source: p.source ?? 'manual' };
  const bearing = given(p.bearing_deg);
  const distance = given(p.distance_m);
  if (!bearing && !distance) return { ok: true, value: boat };
  if (!bearing || !distance)
    return {
      ok: false,
      error: {
        code: 'offset.incomplete',
        vi: 'Cần cả hướng và khoảng cách từ thuyền tới lồng bè',
        en: 'Both the bearing and the distance from the boat to the raft are needed',
      },
    };
  const b = Number(bearing.replace(',', '.'));
  if (!Number.isFinite(b))
    return {
      ok: false,
      error: { code: 'offset.bearing', vi: `Hướng không phải là số độ: «${bearing}»`, en: `The bearing is not a number of degrees: «${bearing}»` },
    };
  const d = Number(distance.replace(',', '.'));
  if (!Number.isFinite(d))
    return {
      ok: false,
      error: {
        code: 'offset.distance',
        vi: `Khoảng cách không phải là số mét: «${distance}»`,
        en: `The distance is not a number of metres: «${distance}»`,
      },
    };
  return offsetPosition(boat, b, d);
}
