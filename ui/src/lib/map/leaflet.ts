// Leaflet for the map screen and the map picker: the map with its offline
// base layer, and the layers drawn on it. Everything is bundled (Leaflet's
// CSS included) and drawn as SVG vectors, so no image or network is needed;
// the only tiles come from the base map the Rust side serves on `tiles:`.
import 'leaflet/dist/leaflet.css';
import './map.css';
import { convertFileSrc } from '@tauri-apps/api/core';
import * as L from 'leaflet';
import type { BasemapInfo } from '../../bindings/BasemapInfo';
import type { MapFeatures } from '../../bindings/MapFeatures';
import type { MapRaft } from '../../bindings/MapRaft';
import type { MapRelocation } from '../../bindings/MapRelocation';
import type { Zone } from '../../bindings/Zone';
import {
  DEFAULT_CENTER,
  DEFAULT_ZOOM,
  featureBounds,
  FIT_MAX_ZOOM,
  multiPolygonLatLngs,
  OUTSIDE_RING_COLOR,
  PLAIN_MAX_ZOOM,
  PLAIN_MIN_ZOOM,
  raftMarker,
  relocationLine,
  screenAngleDeg,
  ZONE_STYLE,
} from './style';

export { L };

/** Zoom levels past the base map's deepest tiles, drawn from those tiles enlarged (rafts lie close together). */
export const OVERZOOM = 2;

/**
 * The tile URL template of the loaded base map: `tiles://localhost/{z}/{x}/{y}.png`
 * (`http://tiles.localhost/…` on Windows). The query names the map, so a
 * newly loaded map is never shown from the WebView's cache of the old one
 * (the Rust side reads the path only). Null outside Tauri.
 */
export function tileUrlTemplate(info: BasemapInfo): string | null {
  try {
    const base = convertFileSrc('', 'tiles');
    const version = encodeURIComponent(`${info.name}-${info.tile_count}-${info.max_zoom}`);
    return `${base}{z}/{x}/{y}.png?m=${version}`;
  } catch {
    return null;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A map in `container` with the base map's tiles when there is one (its
 * zoom levels, plus OVERZOOM), otherwise plain water (the container's CSS
 * background). SVG renderer always, so every vector is a DOM path.
 */
export function createMap(container: HTMLElement, basemap: BasemapInfo | null): L.Map {
  const minZoom = basemap ? basemap.min_zoom : PLAIN_MIN_ZOOM;
  const maxZoom = basemap ? Math.max(basemap.max_zoom, Math.min(PLAIN_MAX_ZOOM, basemap.max_zoom + OVERZOOM)) : PLAIN_MAX_ZOOM;
  const map = L.map(container, {
    renderer: new L.SVG({ padding: 0.5 }),
    minZoom,
    maxZoom,
    zoomControl: true,
    attributionControl: true,
    // Half steps, so that fitting to the rafts fills the map better; the buttons still step by one.
    zoomSnap: 0.5,
    zoomDelta: 1,
  });
  map.attributionControl.setPrefix(false);
  const url = basemap ? tileUrlTemplate(basemap) : null;
  if (basemap && url) {
    const [west, south, east, north] = basemap.bounds ?? [0, 0, 0, 0];
    L.tileLayer(url, {
      minZoom,
      maxZoom,
      minNativeZoom: basemap.min_zoom,
      maxNativeZoom: basemap.max_zoom,
      bounds: basemap.bounds
        ? L.latLngBounds(
            [south, west],
            [north, east],
          )
        : undefined,
      attribution: basemap.attribution ? escapeHtml(basemap.attribution) : undefined,
      className: 'basemap-tiles',
    }).addTo(map);
  }
  return map;
}

/** Fits the view to what is drawn; with nothing drawn, Quảng Yên at zoom 12. */
export function fitToFeatures(map: L.Map, features: MapFeatures | null): void {
  const bounds = features ? featureBounds(features) : null;
  if (bounds) {
    map.fitBounds(bounds, { padding: [36, 36], maxZoom: Math.min(FIT_MAX_ZOOM, map.getMaxZoom()), animate: false });
  } else {
    const zoom = Math.min(map.getMaxZoom(), Math.max(map.getMinZoom(), DEFAULT_ZOOM));
    map.setView(DEFAULT_CENTER, zoom, { animate: false });
  }
}

/** The zones as polygons (holes and several parts kept), named in a tooltip. */
export function addZones(group: L.LayerGroup, zones: Zone[], opts: { interactive?: boolean } = {}): void {
  for (const zone of zones) {
    const polygon = L.polygon(multiPolygonLatLngs(zone.area), {
      ...ZONE_STYLE,
      className: 'zone-area',
      interactive: opts.interactive ?? true,
    });
    if (opts.interactive ?? true) {
      polygon.bindTooltip(`${escapeHtml(zone.name)} <span class="zone-code">${escapeHtml(zone.code)}</span>`, {
        sticky: true,
        className: 'zone-tooltip',
      });
    }
    group.addLayer(polygon);
  }
}

export type RaftLayer = { raft: MapRaft; marker: L.CircleMarker };

/**
 * One circle per raft in its status colour, and a red ring around one that
 * lies outside every zone. `popup` builds what a tap on the raft shows.
 */
export function addRafts(
  group: L.LayerGroup,
  rafts: MapRaft[],
  opts: { popup?: (raft: MapRaft) => HTMLElement; tooltip?: boolean; interactive?: boolean; radius?: number } = {},
): RaftLayer[] {
  const radius = opts.radius ?? 8;
  // Outside rafts last, so they are drawn on top.
  const ordered = [...rafts].sort((a, b) => Number(a.outside_every_zone) - Number(b.outside_every_zone));
  return ordered.map((raft) => {
    const spec = raftMarker(raft);
    if (spec.outside) {
      group.addLayer(
        L.circleMarker(spec.latLng, {
          radius: radius + 5,
          color: OUTSIDE_RING_COLOR,
          weight: 3,
          fill: false,
          interactive: false,
          className: 'raft-outside-ring',
        }),
      );
    }
    const marker = L.circleMarker(spec.latLng, {
      radius,
      color: '#ffffff',
      weight: 2,
      fillColor: spec.color,
      fillOpacity: 1,
      className: spec.className,
      interactive: opts.interactive ?? true,
      bubblingMouseEvents: false,
    });
    if (opts.tooltip ?? true) marker.bindTooltip(escapeHtml(raft.local_tag), { direction: 'top', offset: [0, -radius] });
    const popup = opts.popup;
    if (popup) marker.bindPopup(() => popup(raft), { className: 'raft-popup', minWidth: 220, autoPanPadding: [24, 24] });
    group.addLayer(marker);
    return { raft, marker };
  });
}

/**
 * Each relocation as a line from the old position to the new one (dashed
 * until completed), coloured by whether it ended in its target zone, with
 * a small ring where it started and an arrow head just short of the end.
 */
export function addRelocations(
  group: L.LayerGroup,
  relocations: MapRelocation[],
  tooltip: (r: MapRelocation) => string,
): void {
  for (const r of relocations) {
    const line = relocationLine(r);
    const stateClass = line.dashed ? 'relocation-line relocation-line--pending' : 'relocation-line';
    group.addLayer(
      L.polyline([line.from, line.to], {
        color: line.color,
        weight: 3,
        opacity: 0.95,
        dashArray: line.dashed ? '8 7' : undefined,
        className: `${stateClass} relocation-line--${line.outcome}`,
      }).bindTooltip(escapeHtml(tooltip(r)), { sticky: true }),
    );
    group.addLayer(
      L.circleMarker(line.from, {
        radius: 4,
        color: line.color,
        weight: 2,
        fillColor: '#ffffff',
        fillOpacity: 1,
        interactive: false,
        className: 'relocation-start',
      }),
    );
    group.addLayer(
      L.circleMarker(line.to, {
        radius: 3,
        color: line.color,
        weight: 1,
        fillColor: line.color,
        fillOpacity: 1,
        interactive: false,
        className: 'relocation-end',
      }),
    );
    const angle = screenAngleDeg(line.from, line.to);
    // Drawn pointing east with its tip 12 px short of the centre (where the raft's marker sits), then turned.
    const html =
      `<svg viewBox="0 0 60 60" width="60" height="60" style="transform: rotate(${angle.toFixed(1)}deg)" aria-hidden="true">` +
      `<path d="M18 30 L5 22.5 L8.5 30 L5 37.5 Z" fill="${line.color}" stroke="#ffffff" stroke-width="1.5" stroke-linejoin="round"/></svg>`;
    group.addLayer(
      L.marker(line.to, {
        icon: L.divIcon({ className: 'relocation-arrow', html, iconSize: [60, 60], iconAnchor: [30, 30] }),
        interactive: false,
        keyboard: false,
      }),
    );
  }
}
