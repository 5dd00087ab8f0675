// Farming zones (vùng nuôi) as the UI names them. The Rust side owns every
// zone rule; this only finds the zone a recorded name or code refers to.
import type { Zone } from '../bindings/Zone';

/** Like the Rust side's search fold: no diacritics, lower case, single spaces. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .trim()
    .split(/\s+/)
    .join(' ');
}

/** The zone a person named: by code (any case), or by name ignoring case and diacritics. */
export function findZone(zones: readonly Zone[], given: string): Zone | undefined {
  const code = given.trim().toUpperCase();
  const name = foldName(given);
  return zones.find((z) => z.code.toUpperCase() === code) ?? zones.find((z) => foldName(z.name) === name);
}
