import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../bindings/CommandError';
import type { PhotoStatus } from '../../bindings/PhotoStatus';
import type { Position } from '../../bindings/Position';
import type { RaftDetail } from '../../bindings/RaftDetail';
import type { RelocationInput } from '../../bindings/RelocationInput';
import type { StagedPhoto } from '../../bindings/StagedPhoto';
import type { SyncReport } from '../../bindings/SyncReport';
import type { Zone } from '../../bindings/Zone';
import { MockBackend } from './backend';
import { eventPhotos } from '../events';
import { DEMO_ACCOUNT, demoSha, demoZones } from './data';
import { samplePhoto, samplePng } from './photos';
import { checkPosition, zoneContains } from './zones';

function refusal(f: () => unknown): CommandError {
  try {
    f();
  } catch (e) {
    return e as CommandError;
  }
  throw new Error('expected a rejection');
}

describe('mock sync', () => {
  it('starts signed out, with one made-up item that needs attention', () => {
    const m = new MockBackend();
    const s = m.syncStatus();
    expect(s.server_url).toBeNull();
    expect(s.signed_in).toBe(false);
    expect(s.needs_attention).toBe(1);
    expect(m.attention[0]!.label).toContain('Mẫu');
    expect(new MockBackend({ empty: true }).syncStatus().needs_attention).toBe(0);
  });

  it('checks the server address and the demo account, in both languages', () => {
    const m = new MockBackend();
    const bad = refusal(() => m.handle('sign_in', { serverUrl: '192.168.1.10', username: 'admin', password: 'x' }));
    expect(bad.code).toBe('sync.bad_server_url');
    expect(bad.message.vi).toContain('http://');
    expect(bad.message.en).toContain('http://');
    const wrong = refusal(() =>
      m.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: 'sai' }),
    );
    expect(wrong.code).toBe('auth.invalid_credentials');
    expect(m.syncStatus().signed_in).toBe(false);

    m.handle('sign_in', { serverUrl: 'https://dongbo.example', username: 'admin', password: DEMO_ACCOUNT.password });
    expect(m.syncStatus()).toMatchObject({ signed_in: true, server_url: 'https://dongbo.example', online: true });
  });

  it('syncs only when signed in, and then empties the outbox', () => {
    const m = new MockBackend();
    m.pending = 4;
    expect(refusal(() => m.handle('sync_now', {})).code).toBe('auth.not_signed_in');
    m.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: DEMO_ACCOUNT.password });
    // The demo's photo being sent (45 % of 1 065 000 bytes) and the one waiting (1 102 000) go up too.
    expect(m.handle('sync_now', {})).toEqual({
      pushed: 4,
      pulled: 0,
      conflicts: 0,
      rejected: 0,
      zones_updated: false,
      photos_uploaded: 2,
      photo_bytes_sent: 1_065_000 - 479_250 + 1_102_000,
      photos_failed: 0,
    });
    const s = m.syncStatus();
    expect(s.pending).toBe(0);
    expect(s.last_sync_at).not.toBeNull();
    m.handle('sign_out', {});
    expect(m.syncStatus()).toMatchObject({ signed_in: false, server_url: 'http://127.0.0.1:8787' });
  });

  it('sends my value again: the record takes it and it waits in the outbox', () => {
    const m = new MockBackend();
    const item = m.attention[0]!;
    const left = m.handle('resolve_attention', { id: item.id, sendMineAgain: true });
    expect(left).toEqual([]);
    expect(m.households.find((h) => h.id === item.entity_id)!.village).toBe('Khu 3');
    expect(m.pending).toBe(1);
  });
});

describe('mock zones', () => {
  const CHANNEL_RAFT = '0193b000-0000-7000-8000-000000000004';
  const relocation = (over: Partial<RelocationInput> = {}): RelocationInput => ({
    raft_id: CHANNEL_RAFT,
    date: '12/08/2025',
    state: 'completed',
    from: { lat: '', lon: '', accuracy_m: '' },
    to: { lat: '20.8650', lon: '106.8600', accuracy_m: '5' },
    target_zone: 'QY-HT-02',
    deadline: '',
    note: '',
    ...over,
  });
  const at = (lat: number, lon: number): Position => ({ lat, lon, accuracy_m: 5, source: 'device' });
  const zone = (code: string) => demoZones().find((z) => z.code === code)!;

  it('lists the zones by code, and checks a raft against them like the Rust side', () => {
    const m = new MockBackend();
    expect((m.handle('list_zones', {}) as Zone[]).map((z) => z.code)).toEqual(['QY-HA-01', 'QY-HT-02', 'QY-PC-01']);
    const check = (id: string) => (m.handle('get_raft', { id }) as RaftDetail).zone_check;
    expect(check('0193b000-0000-7000-8000-000000000001')).toEqual({
      kind: 'in_zone',
      code: 'QY-HT-02',
      name: 'Vùng nuôi hàu Hoàng Tân 2',
    });
    expect(check('0193b000-0000-7000-8000-000000000003')).toMatchObject({ kind: 'in_zone', code: 'QY-PC-01' });
    expect(check(CHANNEL_RAFT)).toEqual({ kind: 'outside_every_zone' });
    expect(check('0193b000-0000-7000-8000-000000000005')).toEqual({ kind: 'no_position' });
    m.zones = [];
    expect(check(CHANNEL_RAFT)).toEqual({ kind: 'no_zones' });
  });

  it('counts the boundary as inside, a hole as outside, and every piece of a multipolygon', () => {
    const square = zone('QY-HA-01'); // 106.828–106.842 × 20.888–20.900, hole 106.834–106.836 × 20.893–20.895
    expect(zoneContains(square, at(20.89, 106.83))).toBe(true);
    expect(zoneContains(square, at(20.888, 106.835))).toBe(true); // on an edge
    expect(zoneContains(square, at(20.9, 106.842))).toBe(true); // on a vertex
    expect(zoneContains(square, at(20.894, 106.835))).toBe(false); // in the hole
    expect(zoneContains(square, at(20.893, 106.835))).toBe(true); // on the hole's edge
    expect(zoneContains(square, at(20.8879, 106.835))).toBe(false);
    const twoPieces = zone('QY-PC-01');
    expect(zoneContains(twoPieces, at(20.913, 106.898))).toBe(true);
    expect(zoneContains(twoPieces, at(20.913, 106.892))).toBe(false); // between the pieces
    expect(checkPosition(demoZones(), at(20.913, 106.898))).toMatchObject({ kind: 'in_zone', code: 'QY-PC-01' });
  });

  it('refuses a target zone that is not on the device, on the field', () => {
    const m = new MockBackend();
    const err = refusal(() => m.handle('log_relocation', { input: relocation({ target_zone: 'Vùng nuôi Cửa Lục' }) }));
    expect(err.code).toBe('validation');
    expect(err.fields).toEqual([
      {
        field: 'target_zone',
        code: 'relocation.unknown_zone',
        message: {
          vi: 'Không có vùng nuôi «Vùng nuôi Cửa Lục» trên máy này',
          en: 'No farming zone «Vùng nuôi Cửa Lục» on this device',
        },
      },
    ]);
    expect(m.pending).toBe(0);
  });

  it('takes the zone by code in any case or by name without diacritics, and stores its code', () => {
    for (const given of ['qy-ht-02', 'vung nuoi hau  HOANG tan 2']) {
      const m = new MockBackend();
      m.handle('log_relocation', { input: relocation({ target_zone: given }) });
      const ev = m.events.at(-1)!;
      expect(ev.type === 'relocation' && ev.event).toMatchObject({ target_zone: 'QY-HT-02', inside_target_zone: true });
      expect(m.rafts.find((r) => r.id === CHANNEL_RAFT)).toMatchObject({ status: 'relocated', zone: 'QY-HT-02' });
    }
  });

  it('leaves a raft completed outside its target zone outside_zone, and keeps the old rules without zones', () => {
    const m = new MockBackend();
    m.handle('log_relocation', { input: relocation({ to: { lat: '20.844', lon: '106.9', accuracy_m: '' } }) });
    const raft = () => m.rafts.find((r) => r.id === CHANNEL_RAFT)!;
    expect(raft().status).toBe('outside_zone');
    expect(raft().position).toMatchObject({ lat: 20.844, lon: 106.9 });
    const ev = m.events.at(-1)!;
    expect(ev.type === 'relocation' && ev.event.inside_target_zone).toBe(false);
    // The raft's position is where it moved from.
    expect(ev.type === 'relocation' && ev.event.from).toMatchObject({ lat: 20.8427, lon: 106.9012 });

    const bare = Object.assign(new MockBackend(), { zones: [] });
    bare.handle('log_relocation', { input: relocation({ target_zone: 'Vùng nuôi Cửa Lục' }) });
    const logged = bare.events.at(-1)!;
    expect(logged.type === 'relocation' && logged.event).toMatchObject({
      target_zone: 'Vùng nuôi Cửa Lục',
      inside_target_zone: null,
    });
    expect(bare.rafts.find((r) => r.id === CHANNEL_RAFT)!.status).toBe('relocated');
    bare.handle('log_relocation', { input: relocation({ state: 'ordered', to: { lat: '', lon: '', accuracy_m: '' } }) });
    expect(bare.rafts.find((r) => r.id === CHANNEL_RAFT)!.status).toBe('must_relocate');
  });

  it('brings the zones down with the first sync of an empty device', () => {
    const m = new MockBackend({ empty: true });
    expect(m.handle('list_zones', {})).toEqual([]);
    m.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: DEMO_ACCOUNT.password });
    expect(m.handle('sync_now', {})).toMatchObject({ zones_updated: true });
    expect(m.handle('list_zones', {})).toHaveLength(3);
    expect(m.handle('sync_now', {})).toMatchObject({ zones_updated: false, photos_uploaded: 0, photo_bytes_sent: 0 });
  });
});

describe('mock photos', () => {
  const RAFT = '0193b000-0000-7000-8000-000000000001';
  const replacement = (photos: { sha256: string; moment: 'before' | 'after' }[]) => ({
    input: {
      raft_id: RAFT,
      date: '12/08/2025',
      styrofoam_removed: '10',
      installed: '10',
      installed_material: 'hdpe',
      supplier: '',
      batch: '',
      disposal: 'collected',
      subsidy_vnd: '',
      note: '',
      photos,
    },
  });
  const stage = (m: MockBackend, body: unknown) => m.handle('stage_photo', body) as StagedPhoto;

  it('takes the raw bytes of a JPEG or PNG, and refuses anything else on the field "photo"', () => {
    const m = new MockBackend();
    const heic = refusal(() => stage(m, new TextEncoder().encode('\0\0\0\x18ftypheic')));
    expect(heic.code).toBe('validation');
    expect(heic.fields).toEqual([
      { field: 'photo', code: 'photo.format', message: { vi: 'Chỉ nhận ảnh JPEG hoặc PNG', en: 'Only JPEG or PNG photos are accepted' } },
    ]);
    // JPEG by its first bytes, but no frame header to read a size from.
    expect(refusal(() => stage(m, Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).fields[0]!.code).toBe('photo.unreadable');
    expect(refusal(() => stage(m, new Uint8Array(40 * 1024 * 1024 + 1))).fields[0]!.code).toBe('photo.too_large');
    expect(refusal(() => stage(m, { bytes: [1, 2, 3] })).fields[0]!.code).toBe('photo.body');

    const png = stage(m, samplePng(800, 600));
    expect(png).toMatchObject({ mime_type: 'image/png', width: 800, height: 600, original_bytes: null, taken_at: null, gps: null });
    // An ArrayBuffer, or a view into a larger one, is the same photo.
    const jpeg = samplePhoto({ width: 1600, height: 1200 });
    const framed = new Uint8Array(jpeg.length + 8);
    framed.set(jpeg, 4);
    expect(stage(m, jpeg.slice().buffer).sha256).toBe(stage(m, framed.subarray(4, 4 + jpeg.length)).sha256);
  });

  it('gives the same bytes the same 64-digit address, reads EXIF and "downscales" large photos', () => {
    const m = new MockBackend();
    const photo = samplePhoto({
      width: 4032,
      height: 3024,
      takenAt: '2025:08:12 09:15:02',
      gps: { lat: 20.865214, lon: 106.861137 },
      bytes: 200_000,
    });
    const staged = stage(m, photo);
    expect(staged.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stage(m, photo.slice()).sha256).toBe(staged.sha256);
    expect(stage(m, samplePhoto({ width: 4032, height: 3024, bytes: 200_000, seed: 1 })).sha256).not.toBe(staged.sha256);
    expect(staged).toMatchObject({ mime_type: 'image/jpeg', width: 2048, height: 1536, original_bytes: 200_000 });
    expect(staged.size_bytes).toBeLessThan(200_000);
    expect(staged.taken_at).toBe('2025:08:12 09:15:02');
    expect(staged.gps!.lat).toBeCloseTo(20.865214, 5);
    expect(staged.gps!.lon).toBeCloseTo(106.861137, 5);
    expect(staged.thumbnail).toMatch(/^data:image\//);
    expect(m.handle('photo_thumbnail', { sha256: staged.sha256 })).toBe(staged.thumbnail);
    expect(m.handle('photo_thumbnail', { sha256: 'f'.repeat(64) })).toBeNull();
  });

  it('keeps the photos on the event, refuses an address not staged here, and sends them at the next sync', () => {
    const m = new MockBackend();
    const before = stage(m, samplePhoto({ width: 1600, height: 1200, seed: 1 }));
    const after = stage(m, samplePng(1024, 768));

    const refused = refusal(() => m.handle('log_float_replacement', replacement([{ sha256: 'a'.repeat(64), moment: 'after' }])));
    expect(refused.fields.map((f) => [f.field, f.code])).toEqual([['photos', 'photo.not_staged']]);
    const eventsBefore = m.events.length;

    const saved = m.handle('log_float_replacement', replacement([
      { sha256: before.sha256, moment: 'before' },
      { sha256: after.sha256, moment: 'after' },
    ])) as { id: string };
    expect(m.events).toHaveLength(eventsBefore + 1);
    const ev = m.events.at(-1)!;
    expect(eventPhotos(ev)).toEqual([
      { sha256: before.sha256, moment: 'before', mime_type: 'image/jpeg', size_bytes: before.size_bytes, width: 1600, height: 1200, taken_at: null, gps: null },
      { sha256: after.sha256, moment: 'after', mime_type: 'image/png', size_bytes: after.size_bytes, width: 1024, height: 768, taken_at: null, gps: null },
    ]);
    expect(m.handle('photo_statuses', { eventId: saved.id })).toEqual([
      { sha256: before.sha256, state: 'waiting', uploaded_bytes: 0, size_bytes: before.size_bytes, upload_problem: null },
      { sha256: after.sha256, state: 'waiting', uploaded_bytes: 0, size_bytes: after.size_bytes, upload_problem: null },
    ]);
    // An event without photos, and one that does not exist, have none.
    expect(m.handle('photo_statuses', { eventId: 'nope' })).toEqual([]);

    m.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: DEMO_ACCOUNT.password });
    const report = m.handle('sync_now', {}) as SyncReport;
    // These two, and the demo's photo being sent and the one waiting.
    expect(report.photos_uploaded).toBe(4);
    expect(report.photo_bytes_sent).toBe(before.size_bytes + after.size_bytes + 1_065_000 - 479_250 + 1_102_000);
    expect((m.handle('photo_statuses', { eventId: saved.id }) as PhotoStatus[]).map((s) => s.state)).toEqual([
      'on_server',
      'on_server',
    ]);
    expect(m.handle('sync_now', {})).toMatchObject({ photos_uploaded: 0, photo_bytes_sent: 0 });
  });

  it('answers the demo photos’ states: sent, being sent, waiting, and another device’s (null, no thumbnail)', () => {
    const m = new MockBackend();
    const latest = m.events.find((e) => e.event.date === '2025-07-09')!;
    expect(m.handle('photo_statuses', { eventId: latest.event.id })).toEqual([
      { sha256: demoSha(4), state: 'on_server', uploaded_bytes: 1_028_000, size_bytes: 1_028_000, upload_problem: null },
      { sha256: demoSha(5), state: 'uploading', uploaded_bytes: 479_250, size_bytes: 1_065_000, upload_problem: null },
      { sha256: demoSha(6), state: 'waiting', uploaded_bytes: 0, size_bytes: 1_102_000, upload_problem: null },
    ]);
    const moved = m.events.find((e) => e.event.date === '2025-06-16')!;
    expect((m.handle('photo_statuses', { eventId: moved.event.id }) as PhotoStatus[]).map((s) => s.state)).toEqual([null, null]);
    expect(m.handle('photo_thumbnail', { sha256: demoSha(2) })).toBeNull();
    expect(m.handle('photo_thumbnail', { sha256: demoSha(4) })).toMatch(/^data:image\//);
  });
});
