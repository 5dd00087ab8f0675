// App-wide state shown in the header and the toast: where sync stands
// (sync_status, polled), how many records wait to sync (from app_info,
// sync_status and every Saved result), how many need attention, and the
// last message.
import type { Saved } from '../bindings/Saved';
import type { SyncReport } from '../bindings/SyncReport';
import type { SyncStatus } from '../bindings/SyncStatus';
import type { Text } from '../bindings/Text';
import * as api from './api';
import { bytesText } from './display';
import { tn, t, type MessageKey, type Params } from './i18n/index.svelte';

export type Toast = {
  id: number;
  kind: 'success' | 'error';
  /** A translated message, or bilingual text from the Rust side. */
  key?: MessageKey;
  params?: Params;
  text?: Text;
  /** More words after the message, worked out when shown (so in the current language). */
  detail?: () => string;
};

/** What the header's chip says about sync. */
export type SyncState = 'online' | 'offline' | 'unknown' | 'signed-out';

const TOAST_MS = 5000;
export const SYNC_POLL_MS = 5000;

const state = $state<{
  pending: number | null;
  attention: number | null;
  sync: SyncStatus | null;
  syncing: boolean;
  toast: Toast | null;
}>({ pending: null, attention: null, sync: null, syncing: false, toast: null });
let nextId = 1;
let timer: ReturnType<typeof setTimeout> | undefined;
// Bumped by every local change of the counts, so that a sync_status answer
// asked for before it cannot put an older count back.
let epoch = 0;

export const status = {
  get pending() {
    return state.pending;
  },
  /** Open "needs attention" items; null until known. */
  get attention() {
    return state.attention;
  },
  /** The last sync_status answer; null until the first one. */
  get sync() {
    return state.sync;
  },
  /** A "sync now" is running. */
  get syncing() {
    return state.syncing;
  },
  get toast() {
    return state.toast;
  },
};

/** Signed out also when the server refused this device's token (sync is paused). */
export function syncState(s: SyncStatus | null): SyncState {
  if (s === null) return 'unknown';
  if (!s.signed_in || s.needs_sign_in) return 'signed-out';
  if (s.online === true) return 'online';
  if (s.online === false) return 'offline';
  return 'unknown';
}

export function showToast(toast: Omit<Toast, 'id'>): void {
  state.toast = { ...toast, id: nextId++ };
  clearTimeout(timer);
  timer = setTimeout(() => (state.toast = null), TOAST_MS);
}

export function dismissToast(): void {
  clearTimeout(timer);
  state.toast = null;
}

export function setPending(n: number): void {
  epoch += 1;
  state.pending = n;
}

export function setAttentionCount(n: number): void {
  epoch += 1;
  state.attention = n;
}

/** A SyncStatus from a command that answers one (sign_out) or from polling. */
export function setSyncStatus(s: SyncStatus): void {
  state.sync = s;
  state.pending = s.pending;
  state.attention = s.needs_attention;
}

/** Asks the Rust side where sync stands; a failure keeps what is shown. */
export async function refreshSyncStatus(): Promise<void> {
  const asked = epoch;
  try {
    const s = await api.syncStatus();
    if (asked === epoch) setSyncStatus(s);
    else state.sync = s;
  } catch (e) {
    console.warn('sync_status failed', e);
  }
}

/** After a save or delete: the new pending count, and "Saved on this device". */
export function noteSaved(saved: Saved, key: MessageKey = 'toast.saved'): void {
  setPending(saved.pending_sync);
  showToast({ kind: 'success', key });
  void refreshSyncStatus();
}

export async function refreshAppInfo(): Promise<void> {
  const asked = epoch;
  try {
    const info = await api.appInfo();
    if (asked === epoch) {
      state.pending = info.pending_sync;
      state.attention = info.needs_attention;
    }
  } catch (e) {
    console.warn('app_info failed', e);
  }
}

/** Polls sync_status now and every SYNC_POLL_MS; returns the function that stops it. */
export function startSyncPolling(): () => void {
  void refreshSyncStatus();
  const interval = setInterval(() => void refreshSyncStatus(), SYNC_POLL_MS);
  return () => clearInterval(interval);
}

/** What a sync's photo uploads add to its report ("Đã gửi 3 ảnh (8,1 MB).", and photos that could not go); null when there were none. */
export function photoReportText(report: SyncReport): string | null {
  const size = bytesText(report.photo_bytes_sent);
  const sent =
    report.photos_uploaded > 0
      ? tn('sync.report.photos', report.photos_uploaded, { size })
      : report.photo_bytes_sent > 0
        ? t('sync.report.photoBytes', { size })
        : null;
  const failed = report.photos_failed > 0 ? tn('sync.report.photosFailed', report.photos_failed) : null;
  const parts = [sent, failed].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** "Sync now": one round, then a toast with what it did (photos sent too) or why it failed. */
export async function syncNow(): Promise<void> {
  if (state.syncing) return;
  state.syncing = true;
  try {
    const report = await api.syncNow();
    const attention = report.conflicts + report.rejected;
    const photos = report.photos_uploaded > 0 || report.photo_bytes_sent > 0 || report.photos_failed > 0;
    const key: MessageKey =
      attention > 0
        ? 'sync.report.attention'
        : report.pushed + report.pulled > 0
          ? 'sync.report'
          : photos
            ? 'sync.report.done'
            : 'sync.report.nothing';
    showToast({
      kind: 'success',
      key,
      params: { pushed: report.pushed, pulled: report.pulled, attention },
      detail: photos ? () => photoReportText(report) ?? '' : undefined,
    });
  } catch (e) {
    showToast({ kind: 'error', text: api.toCommandError(e).message });
  } finally {
    await refreshSyncStatus();
    state.syncing = false;
  }
}

let readySent = false;

/** Once per start: the first screen has its data (see the ui_ready command). */
export function markUiReady(): void {
  if (readySent) return;
  readySent = true;
  api.uiReady().catch((e: unknown) => console.warn('ui_ready failed', e));
}

/** For tests: back to the state at start-up. */
export function resetStatus(): void {
  dismissToast();
  state.pending = null;
  state.attention = null;
  state.sync = null;
  state.syncing = false;
  epoch = 0;
  readySent = false;
}
