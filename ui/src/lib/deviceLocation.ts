// The device's own location service, listened to for a few seconds: a
// tablet's fix jumps by metres from second to second, so the fixes heard
// are averaged on the Rust side (average_device_fixes, the same rule as for
// an NMEA receiver). The first fix is given at once; each later one gives
// the average so far, until MAX_FIXES or LISTEN_MS after the first.
import type { AveragedFix } from '../bindings/AveragedFix';
import type { DeviceFix } from '../bindings/DeviceFix';
import * as api from './api';
import type { MessageKey, Params } from './i18n/index.svelte';
import { coordText } from './display';
import { insideVietnamBox } from './position';

/** How long the service is listened to after its first fix. */
export const LISTEN_MS = 10_000;
/** Fixes after which listening stops early. */
export const MAX_FIXES = 5;
/** What the service is given for its first fix before it gives up. */
export const FIRST_FIX_TIMEOUT_MS = 15_000;

export type Heard =
  /** The position so far: the first fix, then the average of `count` fixes. */
  | { kind: 'position'; lat: number; lon: number; accuracyM: number; count: number }
  /** Listening ended on its own (the window passed, or enough fixes). */
  | { kind: 'done'; count: number }
  | { kind: 'error'; key: MessageKey; params?: Params };

/**
 * Listens to `geo`; `hear` gets what happens. Returns the function that
 * stops listening (nothing is heard after it).
 */
export function listenForFixes(geo: Geolocation, hear: (h: Heard) => void): () => void {
  const fixes: DeviceFix[] = [];
  let watchId: number | null = null;
  let stopped = false;
  // Some WebViews never answer when there is no location service.
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(
    () => finish({ kind: 'error', key: 'position.device.timeout' }),
    FIRST_FIX_TIMEOUT_MS + 2_000,
  );
  // Averages come back out of order in principle: only the latest counts.
  let asked = 0;

  function stop() {
    stopped = true;
    clearTimeout(timer);
    if (watchId !== null) geo.clearWatch(watchId);
    watchId = null;
  }

  function finish(h: Heard) {
    if (stopped) return;
    stop();
    hear(h);
  }

  async function heard(p: GeolocationPosition) {
    if (stopped) return;
    const { latitude: lat, longitude: lon, accuracy } = p.coords;
    if (!insideVietnamBox(lat, lon)) {
      // A first fix outside is an error; a later one is noise, left out.
      if (fixes.length === 0)
        finish({ kind: 'error', key: 'position.device.outside', params: { lat: coordText(lat), lon: coordText(lon) } });
      return;
    }
    fixes.push({ lat, lon, accuracy_m: accuracy });
    const count = fixes.length;
    if (count === 1) {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ kind: 'done', count: fixes.length }), LISTEN_MS);
      hear({ kind: 'position', lat, lon, accuracyM: accuracy, count });
    } else {
      const mine = ++asked;
      let averaged: AveragedFix | null = null;
      try {
        averaged = await api.averageDeviceFixes([...fixes]);
      } catch {
        // Too scattered to average (or the fix was refused): this one is
        // left out and the position so far stands.
        fixes.pop();
      }
      if (stopped || mine !== asked || !averaged) return;
      const a = averaged.position;
      hear({ kind: 'position', lat: a.lat, lon: a.lon, accuracyM: a.accuracy_m, count: averaged.count });
    }
    if (fixes.length >= MAX_FIXES) finish({ kind: 'done', count: fixes.length });
  }

  function failed(err: GeolocationPositionError) {
    if (fixes.length > 0) {
      finish({ kind: 'done', count: fixes.length });
      return;
    }
    const key: MessageKey =
      err.code === 1 ? 'position.device.denied' : err.code === 3 ? 'position.device.timeout' : 'position.device.unavailable';
    finish({ kind: 'error', key });
  }

  try {
    watchId = geo.watchPosition((p) => void heard(p), failed, {
      enableHighAccuracy: true,
      timeout: FIRST_FIX_TIMEOUT_MS,
      maximumAge: 0,
    });
  } catch {
    finish({ kind: 'error', key: 'position.device.unavailable' });
  }
  return stop;
}
