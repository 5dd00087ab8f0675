// App-wide state shown in the header and the toast: how many records wait
// to sync (from app_info and from every Saved result) and the last message.
import type { Saved } from '../bindings/Saved';
import type { Text } from '../bindings/Text';
import * as api from './api';
import type { MessageKey, Params } from './i18n/index.svelte';

export type Toast = {
  id: number;
  kind: 'success' | 'error';
  /** A translated message, or bilingual text from the Rust side. */
  key?: MessageKey;
  params?: Params;
  text?: Text;
};

const TOAST_MS = 5000;

const state = $state<{ pending: number | null; toast: Toast | null }>({ pending: null, toast: null });
let nextId = 1;
let timer: ReturnType<typeof setTimeout> | undefined;

export const status = {
  get pending() {
    return state.pending;
  },
  get toast() {
    return state.toast;
  },
};

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
  state.pending = n;
}

/** After a save or delete: the new pending count, and "Saved on this device". */
export function noteSaved(saved: Saved, key: MessageKey = 'toast.saved'): void {
  state.pending = saved.pending_sync;
  showToast({ kind: 'success', key });
}

export async function refreshAppInfo(): Promise<void> {
  try {
    const info = await api.appInfo();
    state.pending = info.pending_sync;
  } catch (e) {
    console.warn('app_info failed', e);
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
  readySent = false;
}
