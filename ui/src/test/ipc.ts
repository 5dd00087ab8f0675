// Test helper: answers invoke() with per-command handlers through Tauri's
// own mockIPC, and records every call.
import { mockIPC } from '@tauri-apps/api/mocks';
import { vi } from 'vitest';
import type { AppInfo } from '../bindings/AppInfo';
import type { SyncStatus } from '../bindings/SyncStatus';
import { ADMIN_UNITS } from '../lib/mock/data';

/** Named arguments; for stage_photo, the photo's bytes themselves (a Uint8Array). */
export type Handler = (args: Record<string, unknown>) => unknown;

export const APP_INFO: AppInfo = {
  device_id: 'test-device',
  data_dir: '/tmp/tidemark-test',
  version: '0.1.0',
  demo_loaded: false,
  pending_sync: 3,
  needs_attention: 0,
};

/** A device that has never signed in (the default answer to sync_status). */
export const SYNC_STATUS: SyncStatus = {
  server_url: null,
  signed_in: false,
  account_username: null,
  account_name: null,
  pending: 3,
  needs_attention: 0,
  last_sync_at: null,
  last_attempt_at: null,
  online: null,
  last_error: null,
  needs_sign_in: false,
};

function isSaved(v: unknown): v is { id: string; pending_sync: number } {
  return typeof v === 'object' && v !== null && 'pending_sync' in v && 'id' in v;
}

export function mockCommands(handlers: Record<string, Handler>) {
  const calls = vi.fn<(cmd: string, args: Record<string, unknown>) => void>();
  // Like the Rust side, the default sync_status counts what the last save left pending.
  let pending = APP_INFO.pending_sync;
  const all: Record<string, Handler> = {
    app_info: () => APP_INFO,
    list_admin_units: () => ADMIN_UNITS,
    ui_ready: () => 120,
    sync_status: () => ({ ...SYNC_STATUS, pending }),
    ...handlers,
  };
  mockIPC((cmd, payload) => {
    // A raw body (stage_photo's Uint8Array) is passed on as it is.
    const args = (payload ?? {}) as Record<string, unknown>;
    calls(cmd, args);
    const handler = all[cmd];
    if (!handler) throw new Error(`unexpected command ${cmd}`);
    const result = handler(args);
    if (isSaved(result)) pending = result.pending_sync;
    return result;
  });
  return calls;
}

/** The calls made to one command, as argument objects. */
export function callsTo(calls: ReturnType<typeof mockCommands>, cmd: string): Record<string, unknown>[] {
  return calls.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);
}
