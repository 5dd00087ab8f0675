// Test helper: answers invoke() with per-command handlers through Tauri's
// own mockIPC, and records every call.
import { mockIPC } from '@tauri-apps/api/mocks';
import { vi } from 'vitest';
import type { AppInfo } from '../bindings/AppInfo';
import { ADMIN_UNITS } from '../lib/mock/data';

export type Handler = (args: Record<string, unknown>) => unknown;

export const APP_INFO: AppInfo = {
  device_id: 'test-device',
  data_dir: '/tmp/tidemark-test',
  version: '0.1.0',
  demo_loaded: false,
  pending_sync: 3,
  needs_attention: 0,
};

export function mockCommands(handlers: Record<string, Handler>) {
  const calls = vi.fn<(cmd: string, args: Record<string, unknown>) => void>();
  const all: Record<string, Handler> = {
    app_info: () => APP_INFO,
    list_admin_units: () => ADMIN_UNITS,
    ui_ready: () => 120,
    ...handlers,
  };
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls(cmd, args);
    const handler = all[cmd];
    if (!handler) throw new Error(`unexpected command ${cmd}`);
    return handler(args);
  });
  return calls;
}

/** The calls made to one command, as argument objects. */
export function callsTo(calls: ReturnType<typeof mockCommands>, cmd: string): Record<string, unknown>[] {
  return calls.mock.calls.filter(([c]) => c === cmd).map(([, a]) => a);
}
