// Display helpers for domain values in the current language.
import type { FloatCounts } from '../bindings/FloatCounts';
import type { Position } from '../bindings/Position';
import type { Zone } from '../bindings/Zone';
import { formatDate, formatTime, isToday } from './format';
import { num, t } from './i18n/index.svelte';
import { findZone } from './zones';

/**
 * Coordinates keep the decimal point in both languages, as GPS receivers
 * and charts write them ("20,8652, 106,8611" would be ambiguous).
 */
export function coordText(deg: number): string {
  return String(Number(deg.toFixed(6)));
}

export function positionText(p: Position): string {
  return t('position.value', {
    lat: coordText(p.lat),
    lon: coordText(p.lon),
    accuracy: num(p.accuracy_m, 1),
  });
}

export function distanceText(m: number): string {
  return m >= 1000 ? t('unit.km', { n: num(m / 1000, 2) }) : t('unit.m', { n: num(m, 0) });
}

export function moneyText(vnd: number): string {
  return t('unit.vnd', { n: num(vnd) });
}

export function floatCountsText(c: FloatCounts): string {
  return t('floats.summary', {
    styrofoam: num(c.styrofoam),
    hdpe: num(c.hdpe),
    other: num(c.other_compliant),
  });
}

/** Share of the initial styrofoam already replaced, 0..100; null when there was none. */
export function convertedPercent(initial: number, remaining: number): number | null {
  if (initial <= 0) return null;
  return Math.max(0, Math.min(100, ((initial - remaining) / initial) * 100));
}

/**
 * One label/value line of an event in the history; after the value, an
 * optional suffix kept on one line (a code) and a coloured mark.
 */
export type Fact = {
  label: string;
  value: string | null | undefined;
  suffix?: string | null;
  mark?: { text: string; tone: 'ok' | 'warn'; testid?: string } | null;
};

/**
 * A zone as a person reads it: its name and "(code)" when the code or name
 * is one of the device's zones, otherwise as it was recorded.
 */
export function zoneParts(given: string, zones: readonly Zone[]): { name: string; code: string | null } {
  const zone = findZone(zones, given);
  return zone ? { name: zone.name, code: t('zone.code', { code: zone.code }) } : { name: given, code: null };
}

/** When sync last succeeded: "Đồng bộ lúc 14:05" today, with the date otherwise. */
export function lastSyncText(at: string | null, now: Date = new Date()): string {
  if (!at) return t('sync.last.never');
  const time = formatTime(at);
  return isToday(at, now) ? t('sync.last.today', { time }) : t('sync.last.date', { time, date: formatDate(at) });
}

/** A timestamp as "14:05 ngày 09/07/2025" / "09/07/2025 at 14:05". */
export function dateTimeText(at: string): string {
  return t('settings.status.dateTime', { time: formatTime(at), date: formatDate(at) });
}

const MIB = 1024 * 1024;

/** A file size: "850 KB", "2,4 MB" (binary units, as the Rust side's 40 MB limit). */
export function bytesText(bytes: number): string {
  if (bytes < MIB) return t('unit.kb', { n: num(Math.max(1, Math.round(bytes / 1024))) });
  return t('unit.mb', { n: num(bytes / MIB, 1) });
}
