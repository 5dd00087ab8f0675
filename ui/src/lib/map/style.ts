// What the map draws, as plain data: colours, line styles and coordinates
// in Leaflet's [lat, lon] order. No Leaflet here, so the rules can be
// tested without a map and shared by the map screen and the map picker.
import type { MapFeatures } from '../../bindings/MapFeatures';
import type { MapRaft } from '../../bindings/MapRaft';
import type { MapRelocation } from '../../bindings/MapRelocation';
import type { MultiPolygonGeometry } from '../../bindings/MultiPolygonGeometry';
import type { RaftStatus } from '../../bindings/RaftStatus';
import { RAFT_STATUS_TONE, RAFT_STATUSES } from '../labels';

export type LatLon = [number, number];

/** Quảng Yên town, the view when there is nothing to fit to. */
export const DEFAULT_CENTER: LatLon = [20.93, 106.85];
export const DEFAULT_ZOOM = 12;

/** Zooms the map allows without a base map (plain water). */
export const PLAIN_MIN_ZOOM = 5;
export const PLAIN_MAX_ZOOM = 19;

/** Fitting to the features never zooms in further than this (one raft is not a street plan). */
export const FIT_MAX_ZOOM = 16;

/**
 * Marker colour of each status, in the status chip's tone (green compliant,
 * amber outside a zone, red to move, blue moving, grey gone). The two
 * compliant statuses get two greens so that a relocated raft is still told
 * apart from one that was always in its zone.
 */
export const STATUS_COLOR: Record<RaftStatus, string> = {
  registered_in_zone: '#1f7a3d',
  relocated: '#2aa876',
  outside_zone: '#d98e04',
  must_relocate: '#c62828',
  relocating: '#1565c0',
  dismantled: '#6b7783',
};

/** The statuses in legend order, with their tone. */
export const LEGEND_STATUSES = RAFT_STATUSES.map((status) => ({
  status,
  tone: RAFT_STATUS_TONE[status],
  color: STATUS_COLOR[status],
}));

/** The ring around a raft that lies outside every zone. */
export const OUTSIDE_RING_COLOR = '#d0021b';

export const ZONE_STYLE = {
  color: '#0b6e69',
  weight: 2,
  opacity: 0.95,
  fillColor: '#35b3a6',
  fillOpacity: 0.22,
} as const;

export const RELOCATION_COLOR = {
  inside: '#1f7a3d',
  outside: '#c62828',
  unknown: '#5f6b76',
} as const;

export type RaftMarkerSpec = {
  id: string;
  latLng: LatLon;
  color: string;
  outside: boolean;
  /** Leaflet className of the marker's SVG path (counted by end-to-end tests). */
  className: string;
};

export function raftMarker(r: MapRaft): RaftMarkerSpec {
  return {
    id: r.id,
    latLng: [r.position.lat, r.position.lon],
    color: STATUS_COLOR[r.status],
    outside: r.outside_every_zone,
    className: r.outside_every_zone ? 'raft-marker raft-marker--outside' : 'raft-marker',
  };
}

/** GeoJSON MultiPolygon ([lon, lat] rings, closed) as Leaflet polygons with holes: [polygon][ring][vertex]. */
export function multiPolygonLatLngs(area: MultiPolygonGeometry): LatLon[][][] {
  return area.coordinates.map((polygon) =>
    polygon.map((ring) => {
      const open = ring.length > 1 && sameVertex(ring[0]!, ring[ring.length - 1]!) ? ring.slice(0, -1) : ring;
      return open.map(([lon, lat]) => [lat, lon] as LatLon);
    }),
  );
}

function sameVertex(a: [number, number], b: [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export type RelocationSpec = {
  id: string;
  from: LatLon;
  to: LatLon;
  color: string;
  /** Dashed while the move is ordered or under way. */
  dashed: boolean;
  outcome: keyof typeof RELOCATION_COLOR;
};

export function relocationLine(r: MapRelocation): RelocationSpec {
  const outcome = r.inside_target_zone === null ? 'unknown' : r.inside_target_zone ? 'inside' : 'outside';
  return {
    id: r.id,
    from: [r.from.lat, r.from.lon],
    to: [r.to.lat, r.to.lon],
    color: RELOCATION_COLOR[outcome],
    dashed: r.state === 'ordered' || r.state === 'started',
    outcome,
  };
}

/** South-west and north-east corners of everything drawn; null when there is nothing. */
export function featureBounds(f: MapFeatures): [LatLon, LatLon] | null {
  const points: LatLon[] = [
    ...f.rafts.map((r) => [r.position.lat, r.position.lon] as LatLon),
    ...f.relocations.flatMap((r) => [
      [r.from.lat, r.from.lon] as LatLon,
      [r.to.lat, r.to.lon] as LatLon,
    ]),
    ...f.zones.flatMap((z) => multiPolygonLatLngs(z.area).flat(2)),
  ];
  if (points.length === 0) return null;
  let [south, west] = points[0]!;
  let [north, east] = points[0]!;
  for (const [lat, lon] of points) {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lon);
    east = Math.max(east, lon);
  }
  return [
    [south, west],
    [north, east],
  ];
}

/** Web Mercator ground resolution: metres one screen pixel covers at this latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / 2 ** (zoom + 8);
}

/** Pixels a fingertip or a click is off by: the accuracy of a point picked on the map. */
export const PICK_TOLERANCE_PX = 20;

/**
 * The accuracy of a point picked on the map: about 20 screen pixels in
 * metres at that zoom and latitude, in whole metres, within what a
 * Position may carry (above 0, at most 10 000 m).
 */
export function pickAccuracyM(lat: number, zoom: number): number {
  const m = PICK_TOLERANCE_PX * metresPerPixel(lat, zoom);
  return Math.min(10_000, Math.max(1, Math.round(m)));
}

/** Screen angle, degrees clockwise from east, of the line a→b (Web Mercator keeps angles at every zoom). */
export function screenAngleDeg(a: LatLon, b: LatLon): number {
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const dx = ((b[1] - a[1]) * Math.PI) / 180;
  const dy = -(y(b[0]) - y(a[0]));
  return (Math.atan2(dy, dx) * 180) / Math.PI;
}
