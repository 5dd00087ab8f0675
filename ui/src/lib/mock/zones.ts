// The mock's farming-zone rules, ported from the Rust side
// (crates/domain/src/zone/planar.rs and mod.rs, crates/device/src/replica.rs)
// so that previews and tests behave like the app. Not a source of truth.
import type { Position } from '../../bindings/Position';
import type { RaftStatus } from '../../bindings/RaftStatus';
import type { Zone } from '../../bindings/Zone';
import type { ZoneCheck } from '../../bindings/ZoneCheck';
import { findZone } from '../zones';

/** `[longitude, latitude]`, GeoJSON's order. */
type Vertex = [number, number];
type Containment = 'inside' | 'boundary' | 'outside';

/** Tolerance for "on the line", as in planar.rs. */
const EPSILON = 1e-12;

const cross = (a: Vertex, b: Vertex, c: Vertex) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

const within = (a: number, b: number, x: number) => Math.min(a, b) - EPSILON <= x && x <= Math.max(a, b) + EPSILON;

function onSegment(p: Vertex, a: Vertex, b: Vertex): boolean {
  return Math.abs(cross(a, b, p)) <= EPSILON && within(a[0], b[0], p[0]) && within(a[1], b[1], p[1]);
}

/**
 * One closed ring (first vertex repeated last): ray casting with the
 * half-open rule, boundary points found first by an explicit test.
 */
function locateInRing(p: Vertex, ring: Vertex[]): Containment {
  let inside = false;
  for (let i = 0; i + 1 < ring.length; i += 1) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    if (onSegment(p, a, b)) return 'boundary';
    if (a[1] > p[1] !== b[1] > p[1]) {
      const x = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (p[0] < x) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

/** One polygon: exterior ring first, then holes (inside a hole is outside). */
function locateInPolygon(p: Vertex, rings: Vertex[][]): Containment {
  const [exterior, ...holes] = rings;
  if (!exterior) return 'outside';
  const where = locateInRing(p, exterior);
  if (where !== 'inside') return where;
  for (const hole of holes) {
    const h = locateInRing(p, hole);
    if (h === 'inside') return 'outside';
    if (h === 'boundary') return 'boundary';
  }
  return 'inside';
}

/** Whether a position lies in the zone; the boundary line counts as inside. */
export function zoneContains(zone: Zone, position: Position): boolean {
  const p: Vertex = [position.lon, position.lat];
  return zone.area.coordinates.some((polygon) => locateInPolygon(p, polygon) !== 'outside');
}

const byCode = (zones: Zone[]) => [...zones].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** Where a raft lies against the zones (the first by code where they overlap). */
export function checkPosition(zones: Zone[], position: Position | null): ZoneCheck {
  if (zones.length === 0) return { kind: 'no_zones' };
  if (!position) return { kind: 'no_position' };
  const zone = byCode(zones).find((z) => zoneContains(z, position));
  return zone ? { kind: 'in_zone', code: zone.code, name: zone.name } : { kind: 'outside_every_zone' };
}

/** The zone a person named: by code (any case), or by name ignoring case and diacritics. */
export const zoneNamed = findZone;

/**
 * Where a raft stands once moved: relocated in its target zone (or, without
 * a target, in any zone), outside_zone otherwise; without zones on the
 * device the inspector's word stands.
 */
export function completedStatus(
  zones: Zone[],
  targetZone: string | null,
  insideTargetZone: boolean | null,
  to: Position | null,
): RaftStatus {
  const inside =
    insideTargetZone !== null
      ? insideTargetZone
      : targetZone === null
        ? checkPosition(zones, to).kind !== 'outside_every_zone'
        : true;
  return inside ? 'relocated' : 'outside_zone';
}
