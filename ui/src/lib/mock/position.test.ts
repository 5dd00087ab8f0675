import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../bindings/CommandError';
import type { MapFeatures } from '../../bindings/MapFeatures';
import { MockBackend } from './backend';
import { parseCoordinate, parsePositionInput } from './position';

function refusal(f: () => unknown): CommandError {
  try {
    f();
  } catch (e) {
    return e as CommandError;
  }
  throw new Error('expected a rejection');
}

const DMS = 20 + 55 / 60 + 48 / 3600;

describe('mock coordinates, as Rust reads them', () => {
  it.each([
    ['20.93', 20.93],
    ['20,93', 20.93],
    [`20°55'48"N`, DMS],
    ['20 55 48 N', DMS],
    [`N 20°55.8'`, DMS],
    [`20°55′48″`, DMS],
    [`20°55''48`, null],
    ['-20.5', -20.5],
  ])('reads %s', (text, value) => {
    const r = parseCoordinate(text, 'lat');
    if (value === null) expect(r.ok).toBe(false);
    else {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value).toBeCloseTo(value, 9);
    }
  });

  it.each([
    ['abc', 'lat', 'coordinate.format'],
    ['20 61 0', 'lat', 'coordinate.minutes'],
    ['20 1 61', 'lat', 'coordinate.seconds'],
    ['20 E', 'lat', 'coordinate.hemisphere'],
    ['106 N', 'lon', 'coordinate.hemisphere'],
    ['95', 'lat', 'coordinate.range'],
  ] as const)('refuses %s with %s', (text, axis, code) => {
    const r = parseCoordinate(text, axis as 'lat' | 'lon');
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('places a raft by bearing and distance from the boat, keeping the boat as provenance', () => {
    const r = parsePositionInput({ lat: '20.9', lon: '106.85', accuracy_m: '4', source: 'nmea', bearing_deg: '0', distance_m: '111,2' });
    expect(r.ok).toBe(true);
    if (!r.ok || !r.value) return;
    expect(r.value.lat).toBeCloseTo(20.901, 4);
    expect(r.value.lon).toBeCloseTo(106.85, 9);
    expect(r.value.source).toBe('nmea');
    expect(r.value.accuracy_m).toBeCloseTo(4 + 0.05 * 111.2 + 2, 9);
    expect(r.value.offset).toEqual({ boat_lat: 20.9, boat_lon: 106.85, boat_accuracy_m: 4, bearing_deg: 0, distance_m: 111.2 });
  });

  it.each([
    [{ bearing_deg: '45', distance_m: '' }, 'offset.incomplete'],
    [{ bearing_deg: '', distance_m: '30' }, 'offset.incomplete'],
    [{ bearing_deg: '400', distance_m: '30' }, 'offset.bearing'],
    [{ bearing_deg: '40', distance_m: '2500' }, 'offset.distance'],
    [{ bearing_deg: 'bắc', distance_m: '30' }, 'offset.bearing'],
  ])('refuses an offset %o with %s', (offset, code) => {
    const r = parsePositionInput({ lat: '20.9', lon: '106.85', accuracy_m: '', ...offset });
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('gives the position field the refusal when a raft is saved', () => {
    const m = new MockBackend();
    const raft = m.rafts[0]!;
    const e = refusal(() =>
      m.handle('save_raft', {
        id: raft.id,
        input: {
          household_id: raft.household_id,
          local_tag: raft.local_tag,
          kind: raft.kind,
          cell_count: '1',
          length_m: '',
          width_m: '',
          species: raft.species,
          position: { lat: '48.85', lon: '2.35', accuracy_m: '' },
          waterway: '',
          zone: '',
          status: raft.status,
          initial_floats: { styrofoam: '', hdpe: '', other_compliant: '' },
        },
      }),
    );
    expect(e.fields).toEqual([expect.objectContaining({ field: 'position', code: 'position.outside_vietnam' })]);
  });
});

describe('mock map, base map and GNSS receiver', () => {
  it('draws rafts with a position, relocations with both ends, and the zones', () => {
    const f = new MockBackend().handle('map_features', {}) as MapFeatures;
    expect(f.rafts).toHaveLength(5);
    expect(f.rafts_without_position).toBe(4);
    expect(f.rafts.filter((r) => r.outside_every_zone).map((r) => r.local_tag).sort()).toEqual(['HA-K6-007', 'LH-TT-021']);
    expect(f.rafts.every((r) => r.household_name !== '' && r.demo)).toBe(true);
    expect(f.relocations.map((r) => [r.state, r.inside_target_zone])).toEqual([
      ['completed', true],
      ['started', true],
    ]);
    expect(f.zones.map((z) => z.code)).toEqual(['QY-HA-01', 'QY-HT-02', 'QY-PC-01']);
    // Without zones nothing can be outside them.
    const bare = Object.assign(new MockBackend(), { zones: [] }).handle('map_features', {}) as MapFeatures;
    expect(bare.rafts.some((r) => r.outside_every_zone)).toBe(false);
  });

  it('has no base map until a Quảng Yên .mbtiles path is loaded; refuses others with the Rust codes', () => {
    const m = new MockBackend();
    expect(m.handle('basemap_info', {})).toBeNull();
    const code = (path: string) => refusal(() => m.handle('load_basemap', { path })).fields[0]!;
    expect(code('/media/usb/ban-do.mbtiles')).toMatchObject({ field: 'basemap', code: 'basemap.missing' });
    expect(code('/media/usb/qy.pdf').code).toBe('basemap.not_mbtiles');
    expect(code('/media/usb/qy-vector.mbtiles').code).toBe('basemap.vector');
    expect(code('/media/usb/qy-tiff.mbtiles').code).toBe('basemap.format');
    expect(code('/media/usb/qy-empty.mbtiles').code).toBe('basemap.empty');
    expect(m.handle('basemap_info', {})).toBeNull();
    const info = m.handle('load_basemap', { path: '/media/usb/QY-10000.mbtiles' });
    expect(info).toMatchObject({ format: 'png', min_zoom: 10, max_zoom: 17 });
    expect(m.handle('basemap_info', {})).toEqual(info);
  });

  it('lists one USB receiver, which gives a fix near Quảng Yên; a quiet port gives none', async () => {
    const m = Object.assign(new MockBackend(), { gnssDelayMs: 0 });
    expect(m.handle('list_serial_ports', {})).toEqual([{ path: '/dev/ttyUSB0', description: 'Máy thu GPS USB (mẫu)' }]);
    const fix = await m.readGnss('/dev/ttyUSB0', 9600, 10);
    expect(fix.fixes).toBe(10);
    expect(fix.averaged!.position).toMatchObject({ source: 'nmea' });
    expect(fix.averaged!.position.lat).toBeCloseTo(20.87, 1);
    const none = await m.readGnss('COM3', 4800, 5);
    expect(none).toEqual({ averaged: null, fixes: 0, epochs_without_fix: 5, outside_vietnam: 0, bad_lines: 0 });
    const field = async (p: Promise<unknown>) => ((await p.catch((e: CommandError) => e)) as CommandError).fields[0];
    expect(await field(m.readGnss('/dev/ttyUSB0', 1200, 10))).toMatchObject({ field: 'gnss_port', code: 'gnss.baud' });
    expect(await field(m.readGnss('/dev/ttyUSB0', 9600, 0))).toMatchObject({ code: 'gnss.duration' });
    expect(await field(m.readGnss('/dev/ttyACM7', 9600, 5))).toMatchObject({ code: 'gnss.open' });
  });
});
