// The one place that talks to the Rust side. One function per Tauri command,
// typed with the ts-rs bindings; every rejection becomes a CommandError.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { Account } from '../bindings/Account';
import type { AdminUnit } from '../bindings/AdminUnit';
import type { AppInfo } from '../bindings/AppInfo';
import type { AttentionItem } from '../bindings/AttentionItem';
import type { AveragedFix } from '../bindings/AveragedFix';
import type { BasemapInfo } from '../bindings/BasemapInfo';
import type { CommandError } from '../bindings/CommandError';
import type { DemoLoaded } from '../bindings/DemoLoaded';
import type { DemoRemoved } from '../bindings/DemoRemoved';
import type { DeviceFix } from '../bindings/DeviceFix';
import type { Draft } from '../bindings/Draft';
import type { EventVoidInput } from '../bindings/EventVoidInput';
import type { FloatReplacementInput } from '../bindings/FloatReplacementInput';
import type { GnssReading } from '../bindings/GnssReading';
import type { HouseholdDetail } from '../bindings/HouseholdDetail';
import type { HouseholdInput } from '../bindings/HouseholdInput';
import type { HouseholdSummary } from '../bindings/HouseholdSummary';
import type { InspectionInput } from '../bindings/InspectionInput';
import type { MapFeatures } from '../bindings/MapFeatures';
import type { PhotoStatus } from '../bindings/PhotoStatus';
import type { RaftDetail } from '../bindings/RaftDetail';
import type { RaftInput } from '../bindings/RaftInput';
import type { RelocationInput } from '../bindings/RelocationInput';
import type { Saved } from '../bindings/Saved';
import type { SerialPortEntry } from '../bindings/SerialPortEntry';
import type { StagedPhoto } from '../bindings/StagedPhoto';
import type { SyncReport } from '../bindings/SyncReport';
import type { SyncStatus } from '../bindings/SyncStatus';
import type { WardProgress } from '../bindings/WardProgress';
import type { Zone } from '../bindings/Zone';
import { en } from './i18n/en';
import { vi } from './i18n/vi';

export function isCommandError(e: unknown): e is CommandError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  const m = o.message as Record<string, unknown> | null | undefined;
  return (
    typeof o.code === 'string' &&
    typeof m === 'object' &&
    m !== null &&
    typeof m.vi === 'string' &&
    typeof m.en === 'string' &&
    Array.isArray(o.fields)
  );
}

/** Any rejection (a CommandError, a string from Tauri itself, an Error) as a CommandError. */
export function toCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e;
  let detail: string;
  if (typeof e === 'string') detail = e;
  else if (e instanceof Error) detail = e.message;
  else {
    try {
      detail = JSON.stringify(e) ?? String(e);
    } catch {
      detail = String(e);
    }
  }
  return {
    code: 'ipc',
    message: {
      vi: `${vi['error.ipc']} ${detail}`.trim(),
      en: `${en['error.ipc']} ${detail}`.trim(),
    },
    fields: [],
  };
}

/** `args`: named arguments, or raw bytes (a Uint8Array travels as the request body, not JSON). */
async function call<T>(cmd: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toCommandError(e);
  }
}

export const appInfo = () => call<AppInfo>('app_info');

export const listAdminUnits = () => call<AdminUnit[]>('list_admin_units');

/** The most households one search returns (the Rust side's `SEARCH_LIMIT`). */
export const SEARCH_LIMIT = 500;
export const searchHouseholds = (query: string) =>
  call<HouseholdSummary[]>('search_households', { query });

export const getHousehold = (id: string) => call<HouseholdDetail>('get_household', { id });

export const saveHousehold = (id: string | null, input: HouseholdInput) =>
  call<Saved>('save_household', { id, input });

export const deleteHousehold = (id: string) => call<Saved>('delete_household', { id });

export const getRaft = (id: string) => call<RaftDetail>('get_raft', { id });

export const saveRaft = (id: string | null, input: RaftInput) => call<Saved>('save_raft', { id, input });

export const deleteRaft = (id: string) => call<Saved>('delete_raft', { id });

export const logFloatReplacement = (input: FloatReplacementInput) =>
  call<Saved>('log_float_replacement', { input });

export const logRelocation = (input: RelocationInput) => call<Saved>('log_relocation', { input });

export const logInspection = (input: InspectionInput) => call<Saved>('log_inspection', { input });

/**
 * Voids an event logged by mistake: it stays in the history, marked, and
 * leaves the ledger. Errors on "reason" (void.reason_missing) and
 * "event_id" (void.already, void.of_void).
 */
export const voidEvent = (input: EventVoidInput) => call<Saved>('void_event', { input });

/** Keeps what is typed into form `key` before Save (on the device, durable). */
export const saveDraft = (key: string, body: Record<string, unknown>) => call<null>('save_draft', { key, body });

/** The draft kept for form `key`, or null. */
export const loadDraft = (key: string) => call<Draft | null>('load_draft', { key });

/** Removes the draft of form `key` (none kept is fine). */
export const discardDraft = (key: string) => call<null>('discard_draft', { key });

/**
 * Stages a photo on this device from the file's bytes, sent as the raw
 * request body (not JSON); a form then attaches it by its sha256. Errors on
 * the field "photo" (photo.format, photo.too_large, photo.unreadable).
 */
export const stagePhoto = (bytes: Uint8Array) => call<StagedPhoto>('stage_photo', bytes);

/** Where the upload of each photo of an event stands (state null: another device took it). */
export const photoStatuses = (eventId: string) => call<PhotoStatus[]>('photo_statuses', { eventId });

/** A photo staged on this device as staging answered it (a draft's photos shown again); null when it is not here. */
export const stagedPhoto = (sha256: string) => call<StagedPhoto | null>('staged_photo', { sha256 });

/** The long side, in pixels, photos are downscaled to before upload. */
export const photoMaxPx = () => call<number>('photo_max_px');

/** Sets it for photos staged from now on (320–8192, error photo.max_px); resolves with the value kept. */
export const setPhotoMaxPx = (px: number) => call<number>('set_photo_max_px', { px });

/** A photo's thumbnail as a data: URL; null when this device never held the photo. */
export const photoThumbnail = (sha256: string) => call<string | null>('photo_thumbnail', { sha256 });

/** The farming zones synced to this device, sorted by code (empty until the first sync brings them). */
export const listZones = () => call<Zone[]>('list_zones');

/** Rafts with a position, relocations with both ends, and the zones: what the map screen draws. */
export const mapFeatures = () => call<MapFeatures>('map_features');

/** The loaded offline base map, or null when there is none. */
export const basemapInfo = () => call<BasemapInfo | null>('basemap_info');

/** Checks an MBTiles file and copies it in as the base map; errors on the field "basemap". */
export const loadBasemap = (path: string) => call<BasemapInfo>('load_basemap', { path });

export const listSerialPorts = () => call<SerialPortEntry[]>('list_serial_ports');

/** Averages fixes of the device's location service; errors on the field "fixes" (e.g. fix.scattered). */
export const averageDeviceFixes = (fixes: DeviceFix[]) => call<AveragedFix>('average_device_fixes', { fixes });

/** Listens to a GNSS receiver for `seconds` (it answers after that long); errors on the field "gnss_port". */
export const readGnss = (port: string, baud: number, seconds: number) =>
  call<GnssReading>('read_gnss', { port, baud, seconds });

export const wardProgress = () => call<WardProgress[]>('ward_progress');

export const loadDemoData = () => call<DemoLoaded>('load_demo_data');

/** Removes the demo dataset and what was done to it (it never left this device). */
export const removeDemoData = () => call<DemoRemoved>('remove_demo_data');

export const syncStatus = () => call<SyncStatus>('sync_status');

/** One sync round now (sync also runs in the background on the Rust side). */
export const syncNow = () => call<SyncReport>('sync_now');

export const signIn = (serverUrl: string, username: string, password: string) =>
  call<Account>('sign_in', { serverUrl, username, password });

/** Forgets this device's token; records waiting to sync stay on the device. */
export const signOut = () => call<SyncStatus>('sign_out');

export const needsAttention = () => call<AttentionItem[]>('needs_attention');

/** Closes one item (keeping the current values, or sending mine again); answers the items still open. */
export const resolveAttention = (id: number, sendMineAgain: boolean) =>
  call<AttentionItem[]>('resolve_attention', { id, sendMineAgain });

/** Tells the Rust side the first screen is usable (start-up timing); ms since start. */
export const uiReady = () => call<number>('ui_ready');
