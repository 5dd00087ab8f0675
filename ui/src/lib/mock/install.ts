// `?mock=1` in a browser preview: answer every invoke() from an in-memory
// MockBackend (see main.ts; never part of the app build). `&empty=1`
// starts with no records, to show the first-run screen.
import { mockIPC } from '@tauri-apps/api/mocks';
import { MockBackend } from './backend';

export function installMockBackend(opts: { empty?: boolean } = {}): MockBackend {
  const backend = new MockBackend(opts);
  // args are named arguments, or the raw bytes stage_photo receives.
  mockIPC((cmd, args) => backend.handle(cmd, args));
  (window as unknown as { __tidemarkMock?: MockBackend }).__tidemarkMock = backend;
  return backend;
}
