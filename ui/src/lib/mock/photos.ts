// Photos in the mock backend: what stage_photo learns from a file without
// decoding it (format by its magic bytes, pixel size from the PNG or JPEG
// header, EXIF time and GPS), a deterministic stand-in for its SHA-256, a
// made-up thumbnail, and a builder of small fake JPEGs for tests and
// screenshots. Not the Rust side's rules: photos.rs is.
import type { PhotoGps } from '../../bindings/PhotoGps';

/** The Rust side's limit (photos::MAX_PHOTO_BYTES). */
export const MOCK_MAX_PHOTO_BYTES = 40 * 1024 * 1024;
/** The Rust side's default upload maximum, long side in px. */
export const MOCK_MAX_DIMENSION = 2048;

export type PhotoFormat = 'image/jpeg' | 'image/png';

/** JPEG or PNG by the first bytes, as photos::prepare tells them; null for anything else. */
export function sniffPhoto(b: Uint8Array): PhotoFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 4 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  return null;
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const be32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** Width and height from the PNG IHDR or a JPEG SOF segment; null when the header is not there. */
export function imageSize(b: Uint8Array, format: PhotoFormat): { width: number; height: number } | null {
  if (format === 'image/png') {
    if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
    const width = be32(b, 16);
    const height = be32(b, 20);
    return width > 0 && height > 0 ? { width, height } : null;
  }
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end, or scan data before any frame header
    const len = be16(b, i + 2);
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) {
      if (i + 9 > b.length) return null;
      const height = be16(b, i + 5);
      const width = be16(b, i + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    i += 2 + len;
  }
  return null;
}

/** The TIFF block of a JPEG's APP1 "Exif" segment. */
function exifTiff(b: Uint8Array): Uint8Array | null {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xda || marker === 0xd9) return null;
    const len = be16(b, i + 2);
    if (marker === 0xe1 && String.fromCharCode(...b.subarray(i + 4, i + 8)) === 'Exif')
      return b.subarray(i + 10, i + 2 + len);
    i += 2 + len;
  }
  return null;
}

type Entry = { tag: number; type: number; count: number; at: number };

/**
 * EXIF DateTimeOriginal (else DateTime) and GPS latitude and longitude, as
 * photos::read_exif reads them (0,0 and out-of-range positions dropped).
 */
export function readExif(b: Uint8Array): { taken_at: string | null; gps: PhotoGps | null } {
  const none = { taken_at: null, gps: null };
  const tiff = exifTiff(b);
  if (!tiff || tiff.length < 8) return none;
  const little = tiff[0] === 0x49;
  const u16 = (i: number) => (little ? tiff[i]! | (tiff[i + 1]! << 8) : be16(tiff, i));
  const u32 = (i: number) =>
    little ? (tiff[i]! | (tiff[i + 1]! << 8) | (tiff[i + 2]! << 16) | (tiff[i + 3]! << 24)) >>> 0 : be32(tiff, i);
  const size: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 };
  function ifd(offset: number): Map<number, Entry> {
    const out = new Map<number, Entry>();
    if (offset <= 0 || offset + 2 > tiff!.length) return out;
    const n = u16(offset);
    for (let k = 0; k < n; k++) {
      const e = offset + 2 + k * 12;
      if (e + 12 > tiff!.length) break;
      const type = u16(e + 2);
      const count = u32(e + 4);
      const bytes = (size[type] ?? 1) * count;
      out.set(u16(e), { tag: u16(e), type, count, at: bytes <= 4 ? e + 8 : u32(e + 8) });
    }
    return out;
  }
  const ascii = (e: Entry | undefined) => {
    if (!e || e.type !== 2 || e.at + e.count > tiff.length) return null;
    const s = String.fromCharCode(...tiff.subarray(e.at, e.at + e.count)).replace(/\0.*$/s, '').trim();
    return s || null;
  };
  const rationals = (e: Entry | undefined) => {
    if (!e || e.type !== 5 || e.at + e.count * 8 > tiff.length) return null;
    return Array.from({ length: e.count }, (_, k) => u32(e.at + k * 8) / (u32(e.at + k * 8 + 4) || 1));
  };
  const ifd0 = ifd(u32(4));
  const exif = ifd(ifd0.get(0x8769) ? u32(ifd0.get(0x8769)!.at) : 0);
  const taken_at = ascii(exif.get(0x9003)) ?? ascii(ifd0.get(0x0132));
  const gpsIfd = ifd(ifd0.get(0x8825) ? u32(ifd0.get(0x8825)!.at) : 0);
  const degrees = (tag: number, refTag: number, negative: string) => {
    const r = rationals(gpsIfd.get(tag));
    const ref = ascii(gpsIfd.get(refTag));
    if (!r || !ref) return null;
    const d = r[0]! + (r[1] ?? 0) / 60 + (r[2] ?? 0) / 3600;
    return Number.isFinite(d) ? (negative.includes(ref[0]!) ? -d : d) : null;
  };
  const lat = degrees(2, 1, 'Ss');
  const lon = degrees(4, 3, 'Ww');
  const gps =
    lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0)
      ? { lat, lon }
      : null;
  return { taken_at, gps };
}

/**
 * 64 lower-case hex digits that depend on every byte: a stand-in for the
 * SHA-256 (same bytes, same address), one pass over the file.
 */
export function fakeSha256(b: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9 ^ b.length;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i]!, 0x01000193);
    h2 = Math.imul(h2 + b[i]! + 1, 0x85ebca6b) ^ (h2 >>> 13);
  }
  let s = (h1 ^ Math.imul(h2, 0xc2b2ae35)) >>> 0;
  let out = '';
  for (let k = 0; k < 8; k++) {
    // splitmix32 from the two hashes
    s = (s + 0x9e3779b9 + (k === 0 ? h2 : 0)) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    out += z.toString(16).padStart(8, '0');
  }
  return out;
}

/** A small made-up "photo" of water and a raft, tinted by the address so that tiles differ. */
export function mockThumbnail(sha256: string): string {
  const hue = (parseInt(sha256.slice(0, 8), 16) * 47) % 360;
  const sea = `hsl(${(hue % 60) + 180},45%,38%)`;
  const sky = `hsl(${(hue % 40) + 195},55%,78%)`;
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 160 120'>` +
    `<rect width='160' height='120' fill='${sky}'/>` +
    `<rect y='52' width='160' height='68' fill='${sea}'/>` +
    `<path d='M0 60q20-6 40 0t40 0 40 0 40 0' fill='none' stroke='#fff' stroke-opacity='.35' stroke-width='2'/>` +
    `<g fill='#6b4b2a'><rect x='30' y='70' width='100' height='10'/><rect x='38' y='62' width='6' height='18'/><rect x='116' y='62' width='6' height='18'/></g>` +
    `<g fill='hsl(${hue},70%,55%)'><circle cx='45' cy='84' r='6'/><circle cx='70' cy='84' r='6'/><circle cx='95' cy='84' r='6'/><circle cx='120' cy='84' r='6'/></g>` +
    `</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export type SamplePhoto = {
  width: number;
  height: number;
  /** "YYYY:MM:DD HH:MM:SS" */
  takenAt?: string;
  gps?: PhotoGps;
  /** Pad the file to this many bytes (for a large "original"). */
  bytes?: number;
  /** Changes the bytes (and so the address) of otherwise equal samples. */
  seed?: number;
};

function le16(n: number) {
  return [n & 0xff, (n >> 8) & 0xff];
}
function le32(n: number) {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** A little-endian TIFF block with DateTimeOriginal and GPS, the way cameras write them. */
function exifBlock(takenAt: string | undefined, gps: PhotoGps | undefined): number[] {
  type Field = { tag: number; type: number; count: number; data: number[] };
  const asciiField = (tag: number, s: string): Field => ({
    tag,
    type: 2,
    count: s.length + 1,
    data: [...s].map((c) => c.charCodeAt(0)).concat(0),
  });
  const long = (tag: number, v: number): Field => ({ tag, type: 4, count: 1, data: le32(v) });
  const dms = (tag: number, deg: number): Field => {
    const a = Math.abs(deg);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
    return { tag, type: 5, count: 3, data: [...le32(d), ...le32(1), ...le32(m), ...le32(1), ...le32(s), ...le32(1000)] };
  };
  // Layout: header, IFD0, Exif IFD, GPS IFD, then the values that do not fit in 4 bytes.
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const exifFields: Field[] = takenAt ? [asciiField(0x9003, takenAt)] : [];
  const gpsFields: Field[] = gps
    ? [asciiField(1, gps.lat < 0 ? 'S' : 'N'), dms(2, gps.lat), asciiField(3, gps.lon < 0 ? 'W' : 'E'), dms(4, gps.lon)]
    : [];
  const ifd0Fields: Field[] = [];
  const ifd0At = 8;
  const ifd0Count = (exifFields.length ? 1 : 0) + (gpsFields.length ? 1 : 0);
  const exifAt = ifd0At + ifdSize(ifd0Count);
  const gpsAt = exifAt + (exifFields.length ? ifdSize(exifFields.length) : 0);
  let dataAt = gpsAt + (gpsFields.length ? ifdSize(gpsFields.length) : 0);
  if (exifFields.length) ifd0Fields.push(long(0x8769, exifAt));
  if (gpsFields.length) ifd0Fields.push(long(0x8825, gpsAt));
  const extra: number[] = [];
  const ifd = (fields: Field[]) => {
    const out = [...le16(fields.length)];
    for (const f of fields) {
      out.push(...le16(f.tag), ...le16(f.type), ...le32(f.count));
      if (f.data.length <= 4) out.push(...f.data, ...Array(4 - f.data.length).fill(0));
      else {
        out.push(...le32(dataAt));
        extra.push(...f.data);
        dataAt += f.data.length;
      }
    }
    return out.concat(le32(0));
  };
  const head = [0x49, 0x49, 0x2a, 0x00, ...le32(ifd0At)];
  const blocks = [ifd(ifd0Fields), exifFields.length ? ifd(exifFields) : [], gpsFields.length ? ifd(gpsFields) : []];
  return [...head, ...blocks.flat(), ...extra];
}

/**
 * A file the mock takes for a JPEG: SOI, an EXIF segment (when given a
 * time or GPS), a frame header with the size, padding, EOI. It has no
 * image data: only the mock reads it.
 */
export function samplePhoto(p: SamplePhoto): Uint8Array<ArrayBuffer> {
  const out: number[] = [0xff, 0xd8];
  if (p.takenAt || p.gps) {
    const tiff = exifBlock(p.takenAt, p.gps);
    const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    out.push(0xff, 0xe1, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body);
  }
  const seed = p.seed ?? 0;
  const comment = [...`tidemark mock ${seed}`].map((c) => c.charCodeAt(0));
  out.push(0xff, 0xfe, 0, comment.length + 2, ...comment);
  out.push(0xff, 0xc0, 0, 17, 8, (p.height >> 8) & 0xff, p.height & 0xff, (p.width >> 8) & 0xff, p.width & 0xff, 3);
  out.push(1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);
  const total = Math.max(out.length + 2, p.bytes ?? 0);
  const file = new Uint8Array(total);
  file.set(out);
  // Padding stands in for the scan data; a pattern, so it still changes the address.
  for (let i = out.length; i < total - 2; i++) file[i] = (i * 31 + seed) & 0x7f;
  file[total - 2] = 0xff;
  file[total - 1] = 0xd9;
  return file;
}

/** A file the mock takes for a PNG: the signature and an IHDR chunk with the size (CRC not checked). */
export function samplePng(width: number, height: number, seed = 0): Uint8Array<ArrayBuffer> {
  const be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...be(13), 0x49, 0x48, 0x44, 0x52, ...be(width), ...be(height), 8, 2, 0, 0, 0, ...be(seed),
    ...be(0), 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  ]);
}

/** A sample as base64 (for the screenshot script, through window.__tidemarkMock). */
export function samplePhotoBase64(p: SamplePhoto): string {
  const bytes = samplePhoto(p);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
