// Locale formatting done by hand so that the WebView's ICU data, Node's and
// jsdom's can never disagree: vi groups thousands with "." and writes a
// decimal comma (1.200; 12,5), en uses "," and a decimal point.
export type Lang = 'vi' | 'en';

function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

export function formatNumber(value: number | bigint, lang: Lang, maxFractionDigits = 0): string {
  if (typeof value === 'bigint') {
    const neg = value < 0n;
    const s = group((neg ? -value : value).toString(), lang === 'vi' ? '.' : ',');
    return neg ? `-${s}` : s;
  }
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(maxFractionDigits);
  const [int = '0', frac = ''] = fixed.split('.');
  const trimmed = frac.replace(/0+$/, '');
  const sepThousands = lang === 'vi' ? '.' : ',';
  const sepDecimal = lang === 'vi' ? ',' : '.';
  const body = group(int, sepThousands) + (trimmed ? sepDecimal + trimmed : '');
  return value < 0 && body !== '0' ? `-${body}` : body;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** dd/mm/yyyy of a local Date. */
export function dmy(d: Date): string {
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** Today on this device as dd/mm/yyyy, the default of every date field. */
export function todayDmy(now: Date = new Date()): string {
  return dmy(now);
}

/**
 * A stored date as dd/mm/yyyy: "2025-03-14" (a field date) stays that
 * calendar day; an RFC 3339 timestamp is shown in the device's time zone.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return dmy(d);
}

/** The local time of an RFC 3339 timestamp as HH:MM (24-hour, both languages); '' if unreadable. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Whether an RFC 3339 timestamp falls on the same local day as `now`. */
export function isToday(value: string, now: Date = new Date()): boolean {
  const d = new Date(value);
  return !Number.isNaN(d.getTime()) && dmy(d) === dmy(now);
}

/** A number for an input box the Rust parser reads back the same way. */
export function numberForInput(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // A decimal comma: "1.125" would read as 1125 (thousands dot).
  return String(value).replace('.', ',');
}

/** FloatTotals is typed u64 → bigint by ts-rs, but arrives as a JSON number. */
export function toNumber(v: number | bigint | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'bigint' ? Number(v) : v;
}

/**
 * EXIF time as the camera wrote it ("2026:11:20 09:15:02", local time
 * without a zone) as dd/mm/yyyy HH:MM; anything else is shown as written.
 */
export function formatExifTime(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})/.exec(value.trim());
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : value.trim();
}
