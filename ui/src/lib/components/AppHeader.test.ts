import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandError } from '../../bindings/CommandError';
import type { SyncReport } from '../../bindings/SyncReport';
import type { SyncStatus } from '../../bindings/SyncStatus';
import { callsTo, mockCommands, SYNC_STATUS } from '../../test/ipc';
import { noteSaved, SYNC_POLL_MS } from '../status.svelte';
import AppHeader from './AppHeader.svelte';
import Toast from './Toast.svelte';

/** Today at hh:mm, local time, as the Rust side sends it (RFC 3339). */
function todayAt(h: number, m: number): string {
  const d = new Date();
  d.setHours(h, m, 0, 0);
  return d.toISOString();
}

const signedIn = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  ...SYNC_STATUS,
  server_url: 'http://192.168.1.10:8787',
  signed_in: true,
  account_username: 'canbo1',
  account_name: 'Cán Bộ Mẫu Một',
  last_sync_at: todayAt(14, 5),
  last_attempt_at: todayAt(14, 5),
  online: true,
  ...over,
});

const offlineError = {
  code: 'sync.offline',
  message: { vi: 'Không kết nối được máy chủ đồng bộ.', en: 'The sync server cannot be reached.' },
};

function renderHeader() {
  render(AppHeader);
  render(Toast);
}

async function chip(state: string) {
  const el = await screen.findByTestId('sync-state');
  await waitFor(() => expect(el).toHaveAttribute('data-state', state));
  return el;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('header sync state', () => {
  it('says connected, with the time of the last sync', async () => {
    mockCommands({ sync_status: () => signedIn({ pending: 0 }) });
    renderHeader();
    expect(await chip('online')).toHaveTextContent('Đã kết nối');
    expect(screen.getByTestId('last-sync')).toHaveTextContent('Đồng bộ lúc 14:05');
    expect(screen.getByTestId('pending-count')).toHaveAttribute('data-count', '0');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('0 thay đổi chờ đồng bộ');
  });

  it('says offline, and gives the last error as the chip title', async () => {
    mockCommands({ sync_status: () => signedIn({ online: false, pending: 12, last_error: offlineError }) });
    renderHeader();
    const el = await chip('offline');
    expect(el).toHaveTextContent('Ngoại tuyến');
    expect(el.getAttribute('title')).toContain('Không kết nối được máy chủ đồng bộ.');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('12 thay đổi chờ đồng bộ');
  });

  it('says not signed in before any sign-in, and when the server refused the token', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let status: SyncStatus = SYNC_STATUS;
    mockCommands({ sync_status: () => status });
    renderHeader();
    expect(await chip('signed-out')).toHaveTextContent('Chưa đăng nhập');
    expect(screen.queryByTestId('last-sync')).not.toBeInTheDocument();

    status = signedIn({ needs_sign_in: true, online: true });
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    await waitFor(() => expect(screen.getByTestId('sync-state')).toHaveTextContent('Cần đăng nhập lại'));
    expect(screen.getByTestId('sync-state')).toHaveAttribute('data-state', 'signed-out');
  });

  it('says unknown while signed in but before any attempt', async () => {
    mockCommands({ sync_status: () => signedIn({ online: null, last_sync_at: null }) });
    renderHeader();
    expect(await chip('unknown')).toHaveTextContent('Chưa rõ kết nối');
    expect(screen.getByTestId('last-sync')).toHaveTextContent('Chưa đồng bộ lần nào');
  });

  it('polls sync_status every 5 seconds, and asks again after a save', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = mockCommands({ sync_status: () => signedIn() });
    renderHeader();
    await chip('online');
    expect(callsTo(calls, 'sync_status')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SYNC_POLL_MS);
    expect(callsTo(calls, 'sync_status')).toHaveLength(2);

    noteSaved({ id: 'h1', pending_sync: 4 });
    await waitFor(() => expect(callsTo(calls, 'sync_status')).toHaveLength(3));
  });

  it('follows the language switch', async () => {
    mockCommands({ sync_status: () => signedIn({ online: false }) });
    const user = userEvent.setup();
    renderHeader();
    await chip('offline');
    await user.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Offline');
    expect(screen.getByTestId('sync-now')).toHaveTextContent('Sync now');
    expect(screen.getByTestId('last-sync')).toHaveTextContent('Synced at 14:05');
  });
});

describe('header links', () => {
  it('shows the needs-attention count, highlighted when there is something', async () => {
    mockCommands({ sync_status: () => signedIn({ needs_attention: 2 }) });
    renderHeader();
    const link = await screen.findByTestId('nav-attention');
    await waitFor(() => expect(link).toHaveAttribute('data-count', '2'));
    expect(link).toHaveClass('has-items');
    expect(link).toHaveAccessibleName('Cần xử lý: 2 mục');
    expect(link).toHaveAttribute('href', '#/attention');
    expect(screen.getByTestId('nav-settings')).toHaveAttribute('href', '#/settings');
    expect(screen.getByTestId('nav-settings')).toHaveAccessibleName('Cài đặt');
  });

  it('does not highlight an empty needs-attention list', async () => {
    mockCommands({ sync_status: () => signedIn({ needs_attention: 0 }) });
    renderHeader();
    const link = await screen.findByTestId('nav-attention');
    await waitFor(() => expect(link).toHaveAttribute('data-count', '0'));
    expect(link).not.toHaveClass('has-items');
  });
});

describe('sync now', () => {
  it('runs one sync, shows it is working, then reports what it did', async () => {
    const run = deferred<SyncReport>();
    let status = signedIn({ pending: 5, last_sync_at: todayAt(9, 30) });
    const calls = mockCommands({
      sync_status: () => status,
      sync_now: () => run.promise,
    });
    const user = userEvent.setup();
    renderHeader();
    await chip('online');
    const button = screen.getByTestId('sync-now');
    expect(button).toHaveTextContent('Đồng bộ ngay');

    await user.click(button);
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Đang đồng bộ…');
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByTestId('spinner')).toBeInTheDocument();

    status = signedIn({ pending: 0, last_sync_at: todayAt(14, 5) });
    run.resolve({ pushed: 5, pulled: 2, conflicts: 0, rejected: 0, zones_updated: false, photos_uploaded: 0, photo_bytes_sent: 0, photos_failed: 0 });

    expect(await screen.findByTestId('toast')).toHaveTextContent('Đồng bộ xong: đã gửi 5, đã nhận 2 thay đổi.');
    await waitFor(() => expect(button).toBeEnabled());
    expect(button).toHaveTextContent('Đồng bộ ngay');
    expect(screen.getByTestId('pending-count')).toHaveAttribute('data-count', '0');
    expect(screen.getByTestId('last-sync')).toHaveTextContent('Đồng bộ lúc 14:05');
    expect(callsTo(calls, 'sync_now')).toEqual([{}]);
  });

  it('says how many changes need attention after a sync with conflicts', async () => {
    mockCommands({
      sync_status: () => signedIn(),
      sync_now: (): SyncReport => ({ pushed: 3, pulled: 1, conflicts: 1, rejected: 1, zones_updated: false, photos_uploaded: 0, photo_bytes_sent: 0, photos_failed: 0 }),
    });
    const user = userEvent.setup();
    renderHeader();
    await chip('online');
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('toast')).toHaveTextContent('2 thay đổi cần bạn xem lại');
  });

  it('says so when there was nothing to send or receive', async () => {
    mockCommands({
      sync_status: () => signedIn(),
      sync_now: (): SyncReport => ({ pushed: 0, pulled: 0, conflicts: 0, rejected: 0, zones_updated: false, photos_uploaded: 0, photo_bytes_sent: 0, photos_failed: 0 }),
    });
    const user = userEvent.setup();
    renderHeader();
    await chip('online');
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('toast')).toHaveTextContent('Đồng bộ xong: không có thay đổi mới.');
  });

  it('says how many photos the sync sent, and their size', async () => {
    mockCommands({
      sync_status: () => signedIn(),
      sync_now: (): SyncReport => ({ pushed: 2, pulled: 0, conflicts: 0, rejected: 0, zones_updated: false, photos_uploaded: 3, photo_bytes_sent: 8_493_466, photos_failed: 0 }),
    });
    const user = userEvent.setup();
    renderHeader();
    await chip('online');
    await user.click(screen.getByTestId('sync-now'));
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveTextContent('Đồng bộ xong: đã gửi 2, đã nhận 0 thay đổi. Đã gửi 3 ảnh (8,1 MB).');
    // In the language shown, as it switches.
    await user.click(screen.getByTestId('lang-en'));
    expect(toast).toHaveTextContent('Sent 3 photos (8.1 MB).');
  });

  it('says how many photos could not go, beside those that did', async () => {
    mockCommands({
      sync_status: () => signedIn(),
      sync_now: (): SyncReport => ({ pushed: 1, pulled: 0, conflicts: 0, rejected: 0, zones_updated: false, photos_uploaded: 2, photo_bytes_sent: 3 * 1024 * 1024, photos_failed: 1 }),
    });
    const user = userEvent.setup();
    renderHeader();
    await chip('online');
    await user.click(screen.getByTestId('sync-now'));
    const toast = await screen.findByTestId('toast');
    // A photo that cannot go is news, not a failed sync: the records went.
    expect(toast.dataset.kind).toBe('success');
    expect(toast).toHaveTextContent(
      'Đã gửi 2 ảnh (3 MB). 1 ảnh chưa gửi được: xem trạng thái ở ảnh đó; sẽ thử lại lần sau.',
    );
    await user.click(screen.getByTestId('lang-en'));
    expect(toast).toHaveTextContent('1 photo could not be uploaded: see its state on the record; it will be tried again.');
  });

  it('reports a sync that only sent photos, or part of one', async () => {
    let report: SyncReport = { pushed: 0, pulled: 0, conflicts: 0, rejected: 0, zones_updated: false, photos_uploaded: 1, photo_bytes_sent: 700_000, photos_failed: 0 };
    mockCommands({ sync_status: () => signedIn(), sync_now: () => report });
    const user = userEvent.setup();
    renderHeader();
    await chip('online');
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('toast')).toHaveTextContent('Đồng bộ xong. Đã gửi 1 ảnh (684 KB).');
    await waitFor(() => expect(screen.getByTestId('sync-now')).toBeEnabled());

    report = { ...report, photos_uploaded: 0, photo_bytes_sent: 2 * 1024 * 1024, photos_failed: 0 };
    await user.click(screen.getByTestId('sync-now'));
    await waitFor(() =>
      expect(screen.getByTestId('toast')).toHaveTextContent(
        'Đồng bộ xong. Đã gửi 2 MB dữ liệu ảnh, phần còn lại được gửi tiếp ở lần đồng bộ sau.',
      ),
    );
  });

  it('shows the Rust message of a failed sync in the current language', async () => {
    const offline: CommandError = { ...offlineError, fields: [] };
    mockCommands({
      sync_status: () => signedIn({ online: false }),
      sync_now: () => {
        throw offline;
      },
    });
    const user = userEvent.setup();
    renderHeader();
    await chip('offline');
    await user.click(screen.getByTestId('lang-en'));
    await user.click(screen.getByTestId('sync-now'));
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveAttribute('data-kind', 'error');
    expect(toast).toHaveTextContent('The sync server cannot be reached.');
    await waitFor(() => expect(screen.getByTestId('sync-now')).toBeEnabled());
  });
});
