import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { GnssReading } from '../../bindings/GnssReading';
import type { RaftInput } from '../../bindings/RaftInput';
import { callsTo, mockCommands, type Handler } from '../../test/ipc';
import { MockBackend } from '../mock/backend';
import { SHOWCASE_RAFT_ID } from '../mock/data';
import { navigate } from '../router.svelte';

const COMMANDS = [
  'get_raft',
  'list_zones',
  'save_raft',
  'list_serial_ports',
  'read_gnss',
  'average_device_fixes',
  'map_features',
  'basemap_info',
  'log_relocation',
];

function backendCommands(backend: MockBackend, overrides: Record<string, Handler> = {}) {
  return mockCommands({
    ...Object.fromEntries(COMMANDS.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
    ...overrides,
  });
}

/** The raft form of the showcase raft (at 20.8652, 106.8611 ±6 m, from the device). */
async function openRaftForm(backend = new MockBackend(), overrides: Record<string, Handler> = {}) {
  backend.gnssDelayMs = 0;
  const calls = backendCommands(backend, overrides);
  navigate(`#/rafts/${SHOWCASE_RAFT_ID}/edit`);
  render(App);
  await screen.findByTestId('raft-form');
  const fieldset = screen.getByTestId('position-position');
  return { calls, backend, fieldset, user: userEvent.setup() };
}

const lat = () => screen.getByLabelText('Vĩ độ');
const lon = () => screen.getByLabelText('Kinh độ');
const accuracy = () => screen.getByLabelText('Độ chính xác (m)');

function savedPosition(calls: ReturnType<typeof mockCommands>) {
  const saves = callsTo(calls, 'save_raft');
  return (saves[saves.length - 1]!.input as RaftInput).position;
}

type Geo = Pick<Geolocation, 'watchPosition' | 'clearWatch'>;

function stubGeolocation(geo: Geo | undefined) {
  Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
}

/** A location service the test speaks for: `fix` and `fail` reach the one watch (id 7). */
function fakeLocationService() {
  let ok: PositionCallback | undefined;
  let failed: PositionErrorCallback | null | undefined;
  const watchPosition = vi.fn<Geo['watchPosition']>((success, error) => {
    ok = success;
    failed = error;
    return 7;
  });
  const clearWatch = vi.fn<Geo['clearWatch']>();
  stubGeolocation({ watchPosition, clearWatch });
  return {
    watchPosition,
    clearWatch,
    fix: (latitude: number, longitude: number, accuracy: number) =>
      ok?.({ coords: { latitude, longitude, accuracy } } as GeolocationPosition),
    fail: (code: number) => failed?.({ code, message: '' } as GeolocationPositionError),
  };
}

afterEach(() => {
  stubGeolocation(undefined);
});

describe('position fields: this device’s location', () => {
  it('fills the first fix at once, marked as from the device, and keeps listening', async () => {
    const service = fakeLocationService();
    const { calls, fieldset, user } = await openRaftForm();

    await user.click(within(fieldset).getByRole('button', { name: 'Vị trí của máy' }));
    expect(service.watchPosition).toHaveBeenCalledWith(expect.any(Function), expect.any(Function), {
      enableHighAccuracy: true,
      timeout: 15000,
      maximumAge: 0,
    });
    service.fix(20.93127, 106.851234, 12.34);
    await waitFor(() => expect(lat()).toHaveValue('20.93127'));
    expect(lon()).toHaveValue('106.851234');
    expect(accuracy()).toHaveValue('12,3');
    expect(screen.getByTestId('position-position-source')).toHaveTextContent('Nguồn: Thiết bị');
    expect(screen.getByTestId('position-position-source')).toHaveAttribute('data-source', 'device');
    expect(screen.getByTestId('position-position-message')).toHaveTextContent(
      'Đã điền vị trí của máy (±12,3 m); đang đo thêm vài giây để lấy trung bình.',
    );
    expect(service.clearWatch).not.toHaveBeenCalled();

    // Saving does not wait for the average.
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls)).toEqual({ lat: '20.93127', lon: '106.851234', accuracy_m: '12,3', source: 'device' });
    // Leaving the form stops listening.
    await waitFor(() => expect(service.clearWatch).toHaveBeenCalledWith(7));
  });

  it('averages the fixes heard on the Rust side, and stops after five', async () => {
    const service = fakeLocationService();
    const { calls, fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Vị trí của máy' }));
    for (const [dLat, acc] of [
      [0, 12],
      [0.00002, 12],
      [-0.00002, 12],
      [0.00001, 12],
      [-0.00001, 12],
    ] as const) {
      service.fix(20.9313 + dLat, 106.8512, acc);
    }
    await waitFor(() =>
      expect(screen.getByTestId('position-position-message')).toHaveTextContent(
        'Đã điền trung bình 5 lần đo vị trí của máy',
      ),
    );
    const averaged = callsTo(calls, 'average_device_fixes');
    expect(averaged.at(-1)!.fixes).toHaveLength(5);
    expect(lat()).toHaveValue('20.9313');
    // The mock's mean of five ±12 m fixes: 12 / √5.
    expect(accuracy()).toHaveValue('5,4');
    expect(service.clearWatch).toHaveBeenCalledWith(7);
    expect(within(fieldset).getByRole('button', { name: 'Vị trí của máy' })).toBeEnabled();
  });

  it('stops listening once a coordinate is typed over, and keeps what was typed', async () => {
    const service = fakeLocationService();
    const { fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Vị trí của máy' }));
    service.fix(20.93127, 106.851234, 12);
    await waitFor(() => expect(lat()).toHaveValue('20.93127'));
    await user.clear(lat());
    await user.type(lat(), '20,94');
    expect(service.clearWatch).toHaveBeenCalledWith(7);
    service.fix(20.9313, 106.8512, 5);
    await new Promise((r) => setTimeout(r, 20));
    expect(lat()).toHaveValue('20,94');
  });

  it.each([
    [1, 'Máy không cho phép ứng dụng dùng vị trí'],
    [2, 'Máy này không xác định được vị trí'],
    [3, 'Sau 15 giây vẫn chưa lấy được vị trí'],
  ])('explains a refusal (code %i) and leaves the figures alone', async (code, text) => {
    const service = fakeLocationService();
    const { fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Vị trí của máy' }));
    service.fail(code);
    const message = await screen.findByTestId('position-position-message');
    expect(message).toHaveTextContent(text);
    expect(message).toHaveAttribute('role', 'alert');
    expect(lat()).toHaveValue('20.8652');
    expect(screen.getByTestId('position-position-source')).toHaveAttribute('data-source', 'device');
    expect(service.clearWatch).toHaveBeenCalledWith(7);
  });

  it('fails gracefully on a machine without a location service', async () => {
    stubGeolocation(undefined);
    const { fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Vị trí của máy' }));
    expect(screen.getByTestId('position-position-message')).toHaveTextContent(
      'Máy này không xác định được vị trí (không có dịch vụ định vị',
    );
    expect(within(fieldset).getByRole('button', { name: 'Vị trí của máy' })).toBeEnabled();
  });

  it('does not use a location outside Vietnam', async () => {
    const service = fakeLocationService();
    const { fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Vị trí của máy' }));
    service.fix(48.85, 2.35, 20);
    expect(await screen.findByTestId('position-position-message')).toHaveTextContent(
      '(48.85, 2.35) nằm ngoài vùng biển Việt Nam',
    );
    expect(lat()).toHaveValue('20.8652');
  });

  it('calls the figures typed in again once a coordinate is typed over', async () => {
    const { calls, user } = await openRaftForm();
    expect(screen.getByTestId('position-position-source')).toHaveTextContent('Thiết bị');
    await user.clear(lat());
    await user.type(lat(), `20°55'52.3"N`);
    expect(screen.queryByTestId('position-position-source')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls).source).toBeUndefined();
    expect(savedPosition(calls).lat).toBe(`20°55'52.3"N`);
  });
});

describe('position fields: GPS receiver', () => {
  it('lists the ports, counts down while listening, and fills the averaged fix as GPS (NMEA)', async () => {
    let answer!: (r: GnssReading) => void;
    const backend = new MockBackend();
    const { calls, fieldset, user } = await openRaftForm(backend, {
      read_gnss: () => new Promise<GnssReading>((resolve) => (answer = resolve)),
    });

    await user.click(within(fieldset).getByRole('button', { name: 'Máy thu GPS' }));
    const panel = screen.getByTestId('gnss-panel');
    const port = await within(panel).findByLabelText('Cổng của máy thu');
    expect(port).toHaveValue('/dev/ttyUSB0');
    expect(within(port).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '/dev/ttyUSB0 — Máy thu GPS USB (mẫu)',
      'Cổng khác: nhập đường dẫn',
    ]);
    expect(within(panel).getByLabelText('Tốc độ (baud)')).toHaveValue('9600');
    expect(within(panel).getByLabelText('Thời gian đo (giây)')).toHaveValue('10');

    await user.click(within(panel).getByRole('button', { name: 'Đo' }));
    expect(callsTo(calls, 'read_gnss')).toEqual([{ port: '/dev/ttyUSB0', baud: 9600, seconds: 10 }]);
    expect(within(panel).getByTestId('gnss-countdown')).toHaveTextContent('Đang đo… còn 10 giây');
    expect(within(panel).getByRole('button', { name: 'Đo' })).toBeDisabled();
    // The rest of the form stays usable while the receiver is heard.
    await user.type(screen.getByLabelText('Chiều dài (m)'), '5');

    answer(await backend.readGnss('/dev/ttyUSB0', 9600, 10));
    const result = await within(panel).findByTestId('gnss-result');
    expect(within(result).getByTestId('gnss-fixes')).toHaveTextContent('10');
    expect(within(result).getByTestId('gnss-accuracy')).toHaveTextContent('±3,4 m');
    expect(within(result).getByTestId('gnss-spread')).toHaveTextContent('3,4 m');

    await user.click(within(result).getByRole('button', { name: 'Dùng vị trí này' }));
    expect(screen.queryByTestId('gnss-panel')).not.toBeInTheDocument();
    expect(lat()).toHaveValue('20.865214');
    expect(lon()).toHaveValue('106.861137');
    expect(accuracy()).toHaveValue('3,4');
    expect(screen.getByTestId('position-position-source')).toHaveTextContent('Nguồn: GPS (NMEA)');

    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls)).toMatchObject({ lat: '20.865214', lon: '106.861137', accuracy_m: '3,4', source: 'nmea' });
  });

  it('says when no fix came, with the counts', async () => {
    const { fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Máy thu GPS' }));
    const panel = screen.getByTestId('gnss-panel');
    await user.selectOptions(await within(panel).findByLabelText('Cổng của máy thu'), '');
    await user.type(within(panel).getByLabelText('Đường dẫn cổng'), '/dev/ttyS0');
    await user.clear(within(panel).getByLabelText('Thời gian đo (giây)'));
    await user.type(within(panel).getByLabelText('Thời gian đo (giây)'), '7{Enter}');
    const noFix = await within(panel).findByTestId('gnss-no-fix');
    expect(noFix).toHaveTextContent('Không nhận được tín hiệu định vị');
    expect(noFix).toHaveTextContent('7 giây máy thu chưa bắt được vệ tinh, 0 lần định vị ngoài Việt Nam, 0 dòng không đọc được');
    expect(within(panel).queryByRole('button', { name: 'Dùng vị trí này' })).not.toBeInTheDocument();
    // Enter measured; it did not save the form.
    expect(screen.getByTestId('raft-form')).toBeInTheDocument();
  });

  it('shows a port that cannot be opened on the port field, and checks the duration first', async () => {
    const { calls, fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('button', { name: 'Máy thu GPS' }));
    const panel = screen.getByTestId('gnss-panel');
    await user.selectOptions(await within(panel).findByLabelText('Cổng của máy thu'), '');
    await user.type(within(panel).getByLabelText('Đường dẫn cổng'), '/dev/ttyUSB9');
    await user.clear(within(panel).getByLabelText('Thời gian đo (giây)'));
    await user.type(within(panel).getByLabelText('Thời gian đo (giây)'), '500');
    await user.click(within(panel).getByRole('button', { name: 'Đo' }));
    expect(within(panel).getByTestId('error-gnss_seconds')).toHaveTextContent('Thời gian đo phải từ 1 đến 120 giây');
    expect(callsTo(calls, 'read_gnss')).toHaveLength(0);

    await user.clear(within(panel).getByLabelText('Thời gian đo (giây)'));
    await user.type(within(panel).getByLabelText('Thời gian đo (giây)'), '5');
    await user.click(within(panel).getByRole('button', { name: 'Đo' }));
    expect(await within(panel).findByTestId('error-gnss_port')).toHaveTextContent('Không mở được cổng /dev/ttyUSB9');
    expect(within(panel).getByLabelText('Đường dẫn cổng')).toHaveAttribute('aria-invalid', 'true');
  });

  it('closes with Escape without leaving the form', async () => {
    const { fieldset, user } = await openRaftForm();
    const toggle = within(fieldset).getByRole('button', { name: 'Máy thu GPS' });
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await within(screen.getByTestId('gnss-panel')).findByLabelText('Cổng của máy thu');
    within(screen.getByTestId('gnss-panel')).getByLabelText('Tốc độ (baud)').focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('gnss-panel')).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();
    expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}/edit`);
  });
});

describe('position fields: from the boat, accuracy, map', () => {
  it('sends the bearing and distance, and the raft is placed that far from the boat', async () => {
    const backend = new MockBackend();
    const { calls, fieldset, user } = await openRaftForm(backend);
    expect(within(fieldset).queryByLabelText('Hướng tới lồng bè (°)')).not.toBeInTheDocument();
    await user.click(within(fieldset).getByRole('checkbox', { name: 'Đo từ thuyền (hướng, khoảng cách)' }));
    expect(within(fieldset).getByText(/Vĩ độ và kinh độ ở trên khi đó là vị trí của thuyền/)).toBeInTheDocument();
    await user.type(within(fieldset).getByLabelText('Hướng tới lồng bè (°)'), '90');
    await user.type(within(fieldset).getByLabelText('Khoảng cách tới lồng bè (m)'), '100');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls)).toMatchObject({ lat: '20.8652', lon: '106.8611', bearing_deg: '90', distance_m: '100' });

    const raft = backend.rafts.find((r) => r.id === SHOWCASE_RAFT_ID)!;
    expect(raft.position!.offset).toMatchObject({ boat_lat: 20.8652, boat_lon: 106.8611, bearing_deg: 90, distance_m: 100 });
    expect(raft.position!.lon).toBeGreaterThan(106.8611);
    // 100 m east at 20.87° N is about 0.00096° of longitude.
    expect(raft.position!.lon - 106.8611).toBeCloseTo(0.00096, 4);
    expect(raft.position!.accuracy_m).toBe(6 + 5 + 2);
  });

  it('edits a raft placed from the boat as the boat’s figures, and saving keeps the same point', async () => {
    const backend = new MockBackend();
    backend.gnssDelayMs = 0;
    const calls = backendCommands(backend);
    const id = '0193b000-0000-7000-8000-000000000003';
    const before = backend.rafts.find((r) => r.id === id)!.position!;
    navigate(`#/rafts/${id}/edit`);
    render(App);
    const fieldset = await screen.findByTestId('position-position');
    expect(within(fieldset).getByRole('checkbox', { name: 'Đo từ thuyền (hướng, khoảng cách)' })).toBeChecked();
    expect(lat()).toHaveValue('20.921654');
    expect(within(fieldset).getByLabelText('Hướng tới lồng bè (°)')).toHaveValue('135');
    expect(within(fieldset).getByLabelText('Khoảng cách tới lồng bè (m)')).toHaveValue('40');
    expect(screen.getByTestId('position-position-source')).toHaveTextContent('GPS (NMEA)');
    await userEvent.setup().click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    const after = backend.rafts.find((r) => r.id === id)!.position!;
    expect(after.source).toBe('nmea');
    expect(after.offset).toEqual(before.offset);
    expect(after.lat).toBeCloseTo(before.lat, 5);
    expect(after.lon).toBeCloseTo(before.lon, 5);
  });

  it('refuses a bearing without a distance, on the position field', async () => {
    const { fieldset, user } = await openRaftForm();
    await user.click(within(fieldset).getByRole('checkbox', { name: 'Đo từ thuyền (hướng, khoảng cách)' }));
    await user.type(within(fieldset).getByLabelText('Hướng tới lồng bè (°)'), '45');
    await user.click(screen.getByTestId('form-save'));
    expect(await screen.findByTestId('error-position')).toHaveTextContent(
      'Cần cả hướng và khoảng cách từ thuyền tới lồng bè',
    );
  });

  it('turning the boat off sends no bearing or distance', async () => {
    const { calls, fieldset, user } = await openRaftForm();
    const toggle = within(fieldset).getByRole('checkbox', { name: 'Đo từ thuyền (hướng, khoảng cách)' });
    await user.click(toggle);
    await user.type(within(fieldset).getByLabelText('Hướng tới lồng bè (°)'), '45');
    await user.click(toggle);
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls).bearing_deg).toBeUndefined();
    expect(savedPosition(calls).distance_m).toBeUndefined();
  });

  it('warns, without blocking, when the accuracy is worse than 20 m', async () => {
    const { calls, fieldset, user } = await openRaftForm();
    expect(screen.queryByTestId('position-position-accuracy-warning')).not.toBeInTheDocument();
    await user.clear(accuracy());
    await user.type(accuracy(), '35');
    const warning = within(fieldset).getByTestId('position-position-accuracy-warning');
    expect(warning).toHaveTextContent('Độ chính xác chỉ khoảng 35 m, kém hơn mức 20 m');
    expect(warning).toHaveTextContent('đo lại ở chỗ thoáng hoặc lấy trung bình');
    expect(warning).not.toHaveAttribute('role', 'alert');

    await user.clear(accuracy());
    await user.type(accuracy(), '20');
    expect(screen.queryByTestId('position-position-accuracy-warning')).not.toBeInTheDocument();

    // From the boat, the offset adds its own error: 15 + 5 % of 200 + 2 = 27 m.
    await user.clear(accuracy());
    await user.type(accuracy(), '15');
    await user.click(within(fieldset).getByRole('checkbox', { name: 'Đo từ thuyền (hướng, khoảng cách)' }));
    await user.type(within(fieldset).getByLabelText('Hướng tới lồng bè (°)'), '10');
    await user.type(within(fieldset).getByLabelText('Khoảng cách tới lồng bè (m)'), '200');
    expect(within(fieldset).getByTestId('position-position-accuracy-warning')).toHaveTextContent('khoảng 27 m');

    // Only a warning: the form still saves.
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
  });

  it('says that coordinates without an accuracy are saved as accurate to 50 m', async () => {
    const { calls, fieldset, user } = await openRaftForm();
    await user.clear(accuracy());
    const warning = within(fieldset).getByTestId('position-position-accuracy-warning');
    expect(warning).toHaveTextContent('Chưa ghi độ chính xác: vị trí sẽ được lưu với độ chính xác khoảng 50 m');
    // No coordinates, nothing to say.
    await user.clear(lat());
    await user.clear(lon());
    expect(screen.queryByTestId('position-position-accuracy-warning')).not.toBeInTheDocument();
    await user.type(lat(), '20,93');
    await user.type(lon(), '106,84');
    expect(within(fieldset).getByTestId('position-position-accuracy-warning')).toHaveTextContent('khoảng 50 m');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls).accuracy_m).toBe('');
  });

  it('says decimal degrees or degrees-minutes-seconds are accepted, with examples', async () => {
    const { fieldset } = await openRaftForm();
    expect(fieldset).toHaveTextContent(`Độ thập phân hoặc độ-phút-giây, ví dụ 20,9312 hoặc 20°55'52.3"N`);
  });

  it('picks a point on the map, with an accuracy from the zoom, as from the map; Escape only closes the dialog', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const { calls, fieldset, user } = await openRaftForm();
    const open = within(fieldset).getByRole('button', { name: 'Chọn trên bản đồ' });
    await user.click(open);
    const dialog = await screen.findByRole('dialog', { name: 'Chọn vị trí trên bản đồ' });
    const canvas = await within(dialog).findByTestId('map-picker-canvas');
    expect(within(dialog).getByRole('button', { name: 'Dùng điểm này' })).toBeDisabled();
    // The zones and rafts are drawn for orientation.
    await waitFor(() => expect(canvas.querySelectorAll('path.zone-area')).toHaveLength(3));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(open).toHaveFocus();
    expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}/edit`);

    await user.click(open);
    const again = await screen.findByRole('dialog');
    const map = await within(again).findByTestId('map-picker-canvas');
    // The view starts on the form's figures at zoom 16: 20 px there are 45 m at 20.87° N.
    await fireEvent.click(map, { clientX: 400, clientY: 300 });
    expect(within(again).getByTestId('map-picker-point')).toHaveTextContent('±45 m');
    await user.click(within(again).getByRole('button', { name: 'Dùng điểm này' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(accuracy()).toHaveValue('45');
    expect(screen.getByTestId('position-position-source')).toHaveAttribute('data-source', 'map');
    expect(Number((lat() as HTMLInputElement).value)).toBeCloseTo(20.8652, 3);

    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'save_raft')).toHaveLength(1));
    expect(savedPosition(calls)).toMatchObject({ accuracy_m: '45', source: 'map' });
  });
});

describe('position fields on the relocation form', () => {
  it('has its own tools for the old and the new position', async () => {
    backendCommands(new MockBackend());
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}/relocate`);
    render(App);
    await screen.findByTestId('relocation-form');
    expect(screen.getByTestId('position-from-device')).toHaveTextContent('Vị trí của máy');
    expect(screen.getByTestId('position-to-device')).toHaveTextContent('Vị trí của máy');
    expect(screen.getByTestId('position-to-gnss')).toHaveTextContent('Máy thu GPS');
    expect(screen.getByTestId('position-to-map')).toHaveTextContent('Chọn trên bản đồ');
  });
});
