import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { Account } from '../bindings/Account';
import type { CommandError } from '../bindings/CommandError';
import type { SyncStatus } from '../bindings/SyncStatus';
import { MockBackend } from '../lib/mock/backend';
import { navigate } from '../lib/router.svelte';
import { callsTo, mockCommands, SYNC_STATUS } from '../test/ipc';

const SERVER = 'http://192.168.1.10:8787';

const account: Account = {
  username: 'canbo1',
  display_name: 'Cán Bộ Mẫu Một',
  role: 'inspector',
  wards: ['QY-HA-AN'],
  disabled: false,
};

const signedIn: SyncStatus = {
  ...SYNC_STATUS,
  server_url: SERVER,
  signed_in: true,
  account_username: 'canbo1',
  account_name: 'Cán Bộ Mẫu Một',
  pending: 2,
  last_sync_at: '2025-08-12T07:05:00Z',
  last_attempt_at: '2025-08-12T07:05:00Z',
  online: true,
};

const refused: CommandError = {
  code: 'auth.invalid_credentials',
  message: {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The username or password is not correct.',
  },
  fields: [],
};

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

async function openSettings() {
  navigate('#/settings');
  render(App);
  return screen.findByRole('heading', { level: 1, name: 'Đồng bộ và tài khoản' });
}

describe('settings: sign in', () => {
  it('signs in with the server, username and password, then shows the account', async () => {
    let status: SyncStatus = { ...SYNC_STATUS, server_url: SERVER };
    const answer = deferred<Account>();
    const calls = mockCommands({
      sync_status: () => status,
      sign_in: () => answer.promise,
    });
    const user = userEvent.setup();
    await openSettings();

    // The server address comes from the status.
    const server = screen.getByLabelText(/Địa chỉ máy chủ/);
    await waitFor(() => expect(server).toHaveValue(SERVER));
    expect(server).toHaveAttribute('id', 'f-server_url');
    expect(server).toHaveAttribute('placeholder', 'http://192.168.1.10:8787');
    const password = screen.getByLabelText(/Mật khẩu/);
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveAttribute('autocomplete', 'current-password');
    expect(password).toHaveAttribute('id', 'f-password');

    await user.type(screen.getByLabelText(/Tên đăng nhập/), 'canbo1');
    await user.type(password, 'mat-khau{Enter}');

    // Working: the button says so and cannot be pressed twice.
    const button = screen.getByTestId('sign-in');
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Đang đăng nhập…');
    expect(callsTo(calls, 'sign_in')).toEqual([{ serverUrl: SERVER, username: 'canbo1', password: 'mat-khau' }]);

    status = signedIn;
    answer.resolve(account);

    expect(await screen.findByTestId('account-panel')).toBeInTheDocument();
    expect(screen.getByTestId('account-name')).toHaveTextContent('Cán Bộ Mẫu Một');
    expect(screen.getByTestId('account-username')).toHaveTextContent('canbo1');
    expect(screen.getByTestId('account-server')).toHaveTextContent(SERVER);
    expect(screen.getByTestId('toast')).toHaveTextContent('Đã đăng nhập: Cán Bộ Mẫu Một');
    expect(screen.queryByTestId('sign-in-form')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('sync-state')).toHaveAttribute('data-state', 'online'));
    expect(screen.getByTestId('settings-sync-state')).toHaveTextContent('Đã kết nối');
  });

  it('shows why a sign-in was refused, in the current language, and keeps the form', async () => {
    mockCommands({
      sign_in: () => {
        throw refused;
      },
    });
    const user = userEvent.setup();
    await openSettings();
    await user.type(screen.getByLabelText(/Địa chỉ máy chủ/), SERVER);
    await user.type(screen.getByLabelText(/Tên đăng nhập/), 'canbo1');
    await user.type(screen.getByLabelText(/Mật khẩu/), 'sai');
    await user.click(screen.getByTestId('sign-in'));

    const error = await screen.findByTestId('sign-in-error');
    expect(error).toHaveTextContent('Chưa đăng nhập được.');
    expect(error).toHaveTextContent('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(error).toHaveFocus();
    expect(screen.getByTestId('sign-in')).toBeEnabled();
    expect(screen.getByLabelText(/Tên đăng nhập/)).toHaveValue('canbo1');

    await user.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('The username or password is not correct.');
  });

  it('puts a field error of the Rust side under its input', async () => {
    mockCommands({
      sign_in: () => {
        throw {
          code: 'sync.bad_server_url',
          message: { vi: 'Địa chỉ máy chủ không hợp lệ.', en: 'The server address is not valid.' },
          fields: [
            {
              field: 'server_url',
              code: 'sync.bad_server_url',
              message: { vi: 'Bắt đầu bằng http:// hoặc https://', en: 'Starts with http:// or https://' },
            },
          ],
        } satisfies CommandError;
      },
    });
    const user = userEvent.setup();
    await openSettings();
    await user.type(screen.getByLabelText(/Địa chỉ máy chủ/), 'may-chu{Enter}');
    expect(await screen.findByTestId('error-server_url')).toHaveTextContent('Bắt đầu bằng http:// hoặc https://');
    expect(screen.getByLabelText(/Địa chỉ máy chủ/)).toHaveFocus();
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('Địa chỉ máy chủ không hợp lệ.');
  });

  it('Escape goes back to the screen before', async () => {
    mockCommands({ search_households: () => [] });
    const user = userEvent.setup();
    navigate('#/progress');
    await openSettings();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(location.hash).toBe('#/progress'));
  });
});

describe('settings: signed in', () => {
  it('signs out, saying that records waiting to sync stay on the device', async () => {
    const calls = mockCommands({
      sync_status: () => signedIn,
      sign_out: (): SyncStatus => ({ ...signedIn, signed_in: false, account_name: null, account_username: null }),
    });
    const user = userEvent.setup();
    await openSettings();
    const panel = await screen.findByTestId('account-panel');
    expect(panel).toHaveTextContent('Dữ liệu đang chờ đồng bộ vẫn được giữ trên thiết bị này');
    expect(screen.getByTestId('status-server')).toHaveTextContent(SERVER);
    expect(screen.getByTestId('sync-details')).toHaveTextContent('2 thay đổi');

    await user.click(screen.getByTestId('sign-out'));
    expect(await screen.findByTestId('sign-in-form')).toBeInTheDocument();
    expect(callsTo(calls, 'sign_out')).toHaveLength(1);
    expect(screen.getByTestId('toast')).toHaveTextContent('Đã đăng xuất');
    expect(screen.getByTestId('sync-state')).toHaveAttribute('data-state', 'signed-out');
    // The server stays, to sign in again.
    expect(screen.getByLabelText(/Địa chỉ máy chủ/)).toHaveValue(SERVER);
  });

  it('shows the last error in words', async () => {
    mockCommands({
      sync_status: (): SyncStatus => ({
        ...signedIn,
        online: false,
        last_error: {
          code: 'sync.offline',
          message: { vi: 'Không kết nối được máy chủ đồng bộ.', en: 'The sync server cannot be reached.' },
        },
      }),
    });
    await openSettings();
    const error = await screen.findByTestId('last-error');
    expect(error).toHaveTextContent('Lần đồng bộ gần nhất không thành công');
    expect(error).toHaveTextContent('Không kết nối được máy chủ đồng bộ.');
  });
});

describe('settings: sign-in no longer valid', () => {
  it('says sync is paused and nothing is lost, and offers the sign-in form again', async () => {
    mockCommands({
      sync_status: (): SyncStatus => ({
        ...signedIn,
        needs_sign_in: true,
        last_error: {
          code: 'auth.revoked',
          message: { vi: 'Thiết bị đã bị thu hồi quyền đồng bộ.', en: 'This device was revoked.' },
        },
      }),
    });
    await openSettings();
    const banner = await screen.findByTestId('needs-sign-in');
    expect(banner).toHaveTextContent('Cần đăng nhập lại');
    expect(banner).toHaveTextContent('không còn hiệu lực');
    expect(banner).toHaveTextContent('đồng bộ đang tạm dừng');
    expect(banner).toHaveTextContent('Không có dữ liệu nào trên thiết bị bị mất');
    expect(screen.getByTestId('sign-in-form')).toBeInTheDocument();
    expect(screen.queryByTestId('account-panel')).not.toBeInTheDocument();
    expect(screen.getByLabelText(/Địa chỉ máy chủ/)).toHaveValue(SERVER);
    expect(screen.getByLabelText(/Tên đăng nhập/)).toHaveValue('canbo1');
    expect(screen.getByTestId('sync-state')).toHaveAttribute('data-state', 'signed-out');
  });

  it('shows no banner while the sign-in is valid', async () => {
    mockCommands({ sync_status: () => signedIn });
    await openSettings();
    await screen.findByTestId('account-panel');
    expect(screen.queryByTestId('needs-sign-in')).not.toBeInTheDocument();
  });
});

describe('settings: base map', () => {
  function basemapCommands(backend = new MockBackend()) {
    return mockCommands({
      basemap_info: (a) => backend.handle('basemap_info', a),
      load_basemap: (a) => backend.handle('load_basemap', a),
    });
  }

  it('says there is none yet, shows a bad path’s error on the field, then the map a good path loads', async () => {
    const calls = basemapCommands();
    await openSettings();
    const user = userEvent.setup();
    const panel = await screen.findByTestId('basemap-panel');
    expect(within(panel).getByRole('heading', { name: 'Bản đồ nền' })).toBeInTheDocument();
    expect(await within(panel).findByTestId('basemap-none')).toHaveTextContent('Chưa có bản đồ nền');
    const path = within(panel).getByTestId('basemap-path');
    expect(path).toHaveAccessibleName('Đường dẫn tệp .mbtiles');
    const load = within(panel).getByTestId('load-basemap');
    expect(load).toHaveTextContent('Nạp bản đồ');
    expect(load).toBeDisabled();

    await user.type(path, '/media/usb/ban-do.pdf');
    await user.click(load);
    const error = await within(panel).findByTestId('error-basemap');
    expect(error).toHaveTextContent('Tệp không phải bản đồ MBTiles');
    expect(path).toHaveAttribute('aria-invalid', 'true');
    expect(path).toHaveFocus();
    expect(callsTo(calls, 'load_basemap')).toEqual([{ path: '/media/usb/ban-do.pdf' }]);

    await user.clear(path);
    await user.type(path, '/media/usb/qy-10000.mbtiles{Enter}');
    const info = await within(panel).findByTestId('basemap-info');
    expect(within(info).getByTestId('basemap-name')).toHaveTextContent('Quảng Yên 1:10 000 (mẫu)');
    expect(within(info).getByTestId('basemap-zoom')).toHaveTextContent('10 đến 17');
    expect(within(info).getByTestId('basemap-tiles')).toHaveTextContent('48.213');
    expect(within(panel).queryByTestId('error-basemap')).not.toBeInTheDocument();
    expect(within(panel).queryByTestId('basemap-none')).not.toBeInTheDocument();
    expect(screen.getByTestId('toast')).toHaveTextContent('Đã nạp bản đồ nền «Quảng Yên 1:10 000 (mẫu)»');
  });

  it('shows the busy state while the file is copied in', async () => {
    let answer!: (v: unknown) => void;
    mockCommands({
      basemap_info: () => null,
      load_basemap: () => new Promise((resolve) => (answer = resolve)),
    });
    await openSettings();
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('basemap-path'), '/media/usb/qy.mbtiles');
    await user.click(screen.getByTestId('load-basemap'));
    const busy = screen.getByTestId('load-basemap');
    expect(busy).toHaveTextContent('Đang nạp bản đồ…');
    expect(busy).toBeDisabled();
    expect(busy).toHaveAttribute('aria-busy', 'true');
    answer(new MockBackend().loadBasemap('/media/usb/qy.mbtiles'));
    expect(await screen.findByTestId('basemap-info')).toBeInTheDocument();
    expect(screen.getByTestId('load-basemap')).toHaveTextContent('Nạp bản đồ');
  });
});

describe('settings: demo data', () => {
  function demoCommands(backend: MockBackend) {
    return mockCommands({
      app_info: (a) => backend.handle('app_info', a),
      remove_demo_data: (a) => backend.handle('remove_demo_data', a),
      basemap_info: () => null,
    });
  }

  it('has no demo panel when no demo data is loaded', async () => {
    demoCommands(new MockBackend({ empty: true }));
    await openSettings();
    await screen.findByTestId('basemap-panel');
    expect(screen.queryByTestId('demo-panel')).not.toBeInTheDocument();
  });

  it('removes the demo data after a question, and says what went', async () => {
    const backend = new MockBackend({ empty: true });
    backend.loadDemo();
    backend.handle('save_household', {
      id: null,
      input: { full_name: 'Lê Văn Thật', cccd: '', phone: '', village: 'Khu 1', admin_unit_code: 'QY-HA-AN', cooperative: '' },
    });
    const calls = demoCommands(backend);
    const user = userEvent.setup();
    await openSettings();
    const panel = await screen.findByTestId('demo-panel');
    expect(panel).toHaveTextContent('không được gửi lên máy chủ');
    await user.click(within(panel).getByTestId('delete'));
    expect(panel).toHaveTextContent('Dữ liệu thật không bị ảnh hưởng');
    expect(callsTo(calls, 'remove_demo_data')).toHaveLength(0);
    await user.click(within(panel).getByTestId('confirm-delete'));
    expect(await screen.findByTestId('toast')).toHaveTextContent('Đã xóa dữ liệu mẫu:');
    await waitFor(() => expect(screen.queryByTestId('demo-panel')).not.toBeInTheDocument());
    expect(callsTo(calls, 'remove_demo_data')).toHaveLength(1);
    expect(backend.households.map((h) => h.full_name)).toEqual(['Lê Văn Thật']);
  });
});
