import { describe, expect, it } from 'vitest';
import type { MapRelocation } from '../../bindings/MapRelocation';
import { MockBackend } from '../mock/backend';
import type { MapFeatures } from '../../bindings/MapFeatures';
import {
  featureBounds,
  LEGEND_STATUSES,
  metresPerPixel,
  multiPolygonLatLngs,
  pickAccuracyM,
  raftMarker,
  relocationLine,
  screenAngleDeg,
  STATUS_COLOR,
} from './style';

const at = (lat: number, lon: number) => ({ lat, lon, accuracy_m: 5, source: 'device' as const });

describe('map styles', () => {
  it('gives each status its own colour, in the status chip’s tone', () => {
    expect(new Set(Object.values(STATUS_COLOR)).size).toBe(6);
    expect(LEGEND_STATUSES.map((s) => [s.status, s.tone])).toEqual([
      ['registered_in_zone', 'ok'],
      ['outside_zone', 'warn'],
      ['must_relocate', 'bad'],
      ['relocating', 'info'],
      ['relocated', 'ok'],
      ['dismantled', 'neutral'],
    ]);
  });

  it('classes an outside raft’s marker for counting', () => {
    const raft = { id: 'r', local_tag: 'T', household_name: 'H', status: 'must_relocate' as const, position: at(20.9, 106.8), demo: false };
    expect(raftMarker({ ...raft, outside_every_zone: true }).className).toBe('raft-marker raft-marker--outside');
    expect(raftMarker({ ...raft, outside_every_zone: false })).toMatchObject({
      className: 'raft-marker',
      latLng: [20.9, 106.8],
      color: STATUS_COLOR.must_relocate,
    });
  });

  it('turns GeoJSON [lon, lat] rings into Leaflet polygons with holes and several parts', () => {
    const zones = new MockBackend().listZones();
    const withHole = multiPolygonLatLngs(zones.find((z) => z.code === 'QY-HA-01')!.area);
    expect(withHole).toHaveLength(1);
    expect(withHole[0]).toHaveLength(2);
    expect(withHole[0]![0]).toEqual([
      [20.888, 106.828],
      [20.888, 106.842],
      [20.9, 106.842],
      [20.9, 106.828],
    ]);
    expect(multiPolygonLatLngs(zones.find((z) => z.code === 'QY-PC-01')!.area)).toHaveLength(2);
  });

  it('dashes a relocation until it is completed, and colours it by its target zone', () => {
    const r = (state: MapRelocation['state'], inside: boolean | null): MapRelocation => ({
      id: 'e',
      raft_id: 'r',
      state,
      from: at(20.87, 106.85),
      to: at(20.86, 106.86),
      inside_target_zone: inside,
    });
    expect(relocationLine(r('ordered', null))).toMatchObject({ dashed: true, outcome: 'unknown', from: [20.87, 106.85], to: [20.86, 106.86] });
    expect(relocationLine(r('started', true))).toMatchObject({ dashed: true, outcome: 'inside' });
    expect(relocationLine(r('completed', false))).toMatchObject({ dashed: false, outcome: 'outside', color: '#c62828' });
  });

  it('fits to every raft, line end and zone vertex; nothing to fit gives null', () => {
    const f = new MockBackend().handle('map_features', {}) as MapFeatures;
    const [[south, west], [north, east]] = featureBounds(f)!;
    expect(south).toBeCloseTo(20.8427);
    expect(north).toBeCloseTo(20.926);
    expect(west).toBeCloseTo(106.828);
    expect(east).toBeCloseTo(106.9012);
    expect(featureBounds({ rafts: [], rafts_without_position: 0, relocations: [], zones: [] })).toBeNull();
  });

  it('gives a picked point the ground size of 20 screen pixels at its zoom and latitude', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(156543.03, 1);
    expect(pickAccuracyM(20.87, 16)).toBe(45);
    expect(pickAccuracyM(20.87, 19)).toBe(6);
    expect(pickAccuracyM(20.87, 12)).toBe(714);
    // Never above what a position may carry, never 0.
    expect(pickAccuracyM(20.87, 2)).toBe(10000);
    expect(pickAccuracyM(20.87, 30)).toBe(1);
  });

  it('points an arrow the way the line runs on screen', () => {
    expect(screenAngleDeg([20, 106], [20, 107])).toBeCloseTo(0);
    expect(screenAngleDeg([20, 106], [21, 106])).toBeCloseTo(-90);
    expect(screenAngleDeg([20, 106], [19, 106])).toBeCloseTo(90);
  });
});
