import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../bindings/CommandError';
import type { Position } from '../../bindings/Position';
import type { RaftDetail } from '../../bindings/RaftDetail';
import type { RelocationInput } from '../../bindings/RelocationInput';
import type { Zone } from '../../bindings/Zone';
import { MockBackend } from './backend';
import { DEMO_ACCOUNT, demoZones } from './data';
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
    expect(m.handle('sync_now', {})).toEqual({ pushed: 4, pulled: 0, conflicts: 0, rejected: 0, zones_updated: false, photos_uploaded: 0, photo_bytes_sent: 0 });
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
