// Positions in forms: what a stored position looks like back in the inputs,
// and the figures the form reads to warn about a coarse fix. The Rust side
// parses and checks every position; nothing here decides what is valid.
import type { Position } from '../bindings/Position';
import type { PositionInput } from '../bindings/PositionInput';
import { coordText } from './display';
import { numberForInput } from './format';

/** Above this accuracy (metres) a position gets a warning; Rust's DEFAULT_ACCURACY_WARNING_M. */
export const ACCURACY_WARNING_M = 20;

/** The accuracy Rust gives typed coordinates saved without one (geo.rs UNSTATED_ACCURACY_M). */
export const UNSTATED_ACCURACY_M = 50;

/** Rust's offset error: a share of the distance plus a base (OFFSET_ERROR_FRACTION, OFFSET_ERROR_BASE_M). */
const OFFSET_ERROR_FRACTION = 0.05;
const OFFSET_ERROR_BASE_M = 2;

/** Vietnam's box, as Position checks it. */
export const VIETNAM_BOX = { lat: [6, 23.5], lon: [102, 117.5] } as const;

export function insideVietnamBox(lat: number, lon: number): boolean {
  return lat >= VIETNAM_BOX.lat[0] && lat <= VIETNAM_BOX.lat[1] && lon >= VIETNAM_BOX.lon[0] && lon <= VIETNAM_BOX.lon[1];
}

export const emptyPosition = (): PositionInput => ({ lat: '', lon: '', accuracy_m: '' });

/**
 * A stored position as the form shows it, so that saving it again keeps it
 * and its provenance: its source, and for a raft placed from a boat, the
 * boat's figures with the bearing and distance (Rust works the raft's
 * position out again, to the same point).
 */
export function positionToInput(p: Position | null): PositionInput {
  if (!p) return emptyPosition();
  if (p.offset) {
    return {
      lat: coordText(p.offset.boat_lat),
      lon: coordText(p.offset.boat_lon),
      accuracy_m: numberForInput(p.offset.boat_accuracy_m),
      source: p.source,
      bearing_deg: numberForInput(p.offset.bearing_deg),
      distance_m: numberForInput(p.offset.distance_m),
    };
  }
  return { lat: coordText(p.lat), lon: coordText(p.lon), accuracy_m: numberForInput(p.accuracy_m), source: p.source };
}

/** A plain number typed with a decimal point or comma; null when empty or not a number. */
export function typedNumber(s: string | undefined): number | null {
  const v = (s ?? '').trim().replace(',', '.');
  if (v === '' || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) return null;
  return Number(v);
}

/** Whether coordinates are filled in with the accuracy left empty (saved as UNSTATED_ACCURACY_M). */
export function accuracyUnstated(input: PositionInput): boolean {
  return input.lat.trim() !== '' && input.lon.trim() !== '' && (input.accuracy_m ?? '').trim() === '';
}

/**
 * The accuracy the saved position will carry: the typed figure (or the one
 * Rust assumes when coordinates come without one), plus the offset's error
 * when the raft is placed from a boat; null when the form says nothing yet.
 */
export function effectiveAccuracyM(input: PositionInput): number | null {
  const accuracy = accuracyUnstated(input) ? UNSTATED_ACCURACY_M : typedNumber(input.accuracy_m);
  if (accuracy === null) return null;
  const distance = typedNumber(input.distance_m);
  const bearing = typedNumber(input.bearing_deg);
  if (distance === null || bearing === null) return accuracy;
  return accuracy + OFFSET_ERROR_FRACTION * distance + OFFSET_ERROR_BASE_M;
}

/** Coordinates in the plain decimal form (for centring the map picker); null otherwise. */
export function typedLatLon(input: PositionInput): [number, number] | null {
  const lat = typedNumber(input.lat);
  const lon = typedNumber(input.lon);
  return lat !== null && lon !== null && insideVietnamBox(lat, lon) ? [lat, lon] : null;
}

/** A measured accuracy as an input shows it: one decimal at most, never 0. */
export function accuracyForInput(m: number): string {
  return numberForInput(Math.max(0.1, Math.round(m * 10) / 10));
}
