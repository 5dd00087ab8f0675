import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RaftDetail } from '../bindings/RaftDetail';
import type { ZoneCheck } from '../bindings/ZoneCheck';
import { setLang } from '../lib/i18n/index.svelte';
import { MockBackend } from '../lib/mock/backend';
import { DEMO_ACCOUNT, demoEvents, demoRafts, demoSha, demoZones, SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { callsTo, mockCommands, type Handler } from '../test/ipc';
import RaftPage from './RaftPage.svelte';

const n = (v: number): number => v;

/** In the Lạch Huyện channel, outside every demo zone. */
const CHANNEL_RAFT_ID = '0193b000-0000-7000-8000-000000000004';
/** A demo raft without a position. */
const UNPLACED_RAFT_ID = '0193b000-0000-7000-8000-000000000005';

/** get_raft and list_zones answered by the mock backend (zone_check from its point-in-polygon test). */
function backendCommands(backend = new MockBackend()) {
  return mockCommands({
    get_raft: (a) => backend.handle('get_raft', a),
    list_zones: (a) => backend.handle('list_zones', a),
  });
}

function detail(overdrawn = false, zone_check: ZoneCheck = { kind: 'in_zone', code: 'QY-HT-02', name: 'Vùng nuôi hàu Hoàng Tân 2' }): RaftDetail {
  const raft = demoRafts().find((r) => r.id === SHOWCASE_RAFT_ID)!;
  // Oldest first on purpose: the page must still show the newest first.
  const history = demoEvents()
    .filter((e) => e.event.raft_id === SHOWCASE_RAFT_ID)
    .sort((a, b) => a.event.date.localeCompare(b.event.date));
  return {
    raft,
    household_name: 'Nguyễn Mẫu Hải',
    admin_unit_name: 'Hoàng Tân',
    floats: { styrofoam: n(1200), hdpe: n(2350), other_compliant: n(0), overdrawn },
    history,
    demo: true,
    zone_check,
  };
}

describe('raft page', () => {
  it('renders the float totals by material', async () => {
    mockCommands({ get_raft: () => detail(), list_zones: () => demoZones() });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('float-card-styrofoam-value')).toHaveTextContent('1.200');
    expect(screen.getByTestId('float-card-hdpe-value')).toHaveTextContent('2.350');
    expect(screen.getByTestId('float-card-other-value')).toHaveTextContent('0');
    expect(screen.getByTestId('float-card-styrofoam')).toHaveTextContent('Phao xốp còn lại');
    expect(screen.getByTestId('float-card-hdpe')).toHaveTextContent('Phao nhựa HDPE');
    expect(screen.queryByTestId('overdrawn-warning')).not.toBeInTheDocument();
    expect(screen.getByTestId('raft-tag')).toHaveTextContent('HT-03-012');
    expect(screen.getByTestId('status-chip')).toHaveTextContent('Đã di dời');
    expect(screen.getByTestId('demo-badge')).toBeInTheDocument();
    expect(screen.getByTestId('raft-household')).toHaveTextContent('Nguyễn Mẫu Hải');
    expect(screen.getByTestId('action-replace')).toHaveTextContent('Thay phao');
    expect(screen.getByTestId('action-relocate')).toHaveTextContent('Di dời');
    expect(screen.getByTestId('action-inspect')).toHaveTextContent('Kiểm tra');
  });

  it('warns when more styrofoam was removed than registered', async () => {
    mockCommands({ get_raft: () => detail(true), list_zones: () => [] });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('overdrawn-warning')).toHaveTextContent('Cần kiểm đếm lại phao xốp');
  });

  it('renders every history entry, newest first, in readable Vietnamese', async () => {
    mockCommands({ get_raft: () => detail(), list_zones: () => demoZones() });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries).toHaveLength(5);
    expect(entries.map((e) => e.querySelector('time')?.textContent)).toEqual([
      '09/07/2025',
      '16/06/2025',
      '18/04/2025',
      '20/03/2025',
      '12/03/2025',
    ]);
    const [latest, relocated, , ordered, inspection] = entries as HTMLElement[];
    expect(latest).toHaveTextContent('Tháo 120 phao xốp · Lắp 120 phao nhựa HDPE');
    expect(latest).toHaveTextContent('Tiêu hủy');
    expect(latest).toHaveTextContent('3.600.000 đ');
    expect(relocated).toHaveTextContent('Di dời: Đã di dời xong');
    expect(relocated).toHaveTextContent('1,22 km');
    // The target zone by name and code, and whether the new position lies in it.
    expect(relocated).toHaveTextContent('Vùng nuôi hàu Hoàng Tân 2 (QY-HT-02)');
    expect(within(relocated!).getByTestId('inside-target-zone')).toHaveTextContent('✓ trong vùng');
    // Logged before zones were on the device: no check to show.
    expect(within(ordered!).queryByTestId('inside-target-zone')).not.toBeInTheDocument();
    expect(ordered).toHaveTextContent(/Hạn hoàn thành\s*30\/06\/2025/);
    expect(inspection).toHaveTextContent('Biên bản kiểm tra số 15/BB-KT');
    expect(inspection).toHaveTextContent('Cán Bộ Mẫu Một, Cán Bộ Mẫu Hai');
    expect(within(inspection!).getByTestId('violation')).toHaveTextContent(
      'NĐ 38/2024/NĐ-CP, Điều 17: Nuôi trồng thủy sản không đúng địa điểm đã đăng ký, lấn chiếm luồng (phạt 10.000.000 đ)',
    );
  });

  it('uses English labels and separators when switched', async () => {
    setLang('en');
    mockCommands({ get_raft: () => detail(), list_zones: () => demoZones() });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('float-card-styrofoam-value')).toHaveTextContent('1,200');
    expect(screen.getByTestId('float-card-styrofoam')).toHaveTextContent('Styrofoam floats left');
    expect(screen.getAllByTestId('history-entry')[0]).toHaveTextContent(
      'Removed 120 styrofoam floats · Installed 120 HDPE plastic floats',
    );
  });

  it('warns, at the top, about a raft outside every farming zone', async () => {
    backendCommands();
    render(RaftPage, { id: CHANNEL_RAFT_ID });
    const warning = await screen.findByTestId('outside-zone-warning');
    expect(warning).toHaveAttribute('role', 'alert');
    expect(warning).toHaveTextContent('Lồng bè nằm ngoài mọi vùng nuôi quy hoạch');
    expect(warning).toHaveTextContent('phải được di dời vào vùng nuôi quy hoạch');
    // Above the float cards, like the overdrawn banner.
    expect(warning.compareDocumentPosition(screen.getByTestId('float-card-styrofoam'))).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const check = screen.getByTestId('zone-check');
    expect(check).toHaveAttribute('data-kind', 'outside_every_zone');
    expect(check).toHaveTextContent('Nằm ngoài mọi vùng nuôi quy hoạch');
  });

  it('names the zone a raft lies in, and raises no warning', async () => {
    backendCommands();
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const check = await screen.findByTestId('zone-check');
    expect(check).toHaveAttribute('data-kind', 'in_zone');
    expect(check).toHaveTextContent('Nằm trong Vùng nuôi hàu Hoàng Tân 2 (QY-HT-02)');
    expect(screen.queryByTestId('outside-zone-warning')).not.toBeInTheDocument();
  });

  it('says so quietly when zones or the position are missing', async () => {
    backendCommands(Object.assign(new MockBackend(), { zones: [] }));
    render(RaftPage, { id: CHANNEL_RAFT_ID });
    const check = await screen.findByTestId('zone-check');
    expect(check).toHaveAttribute('data-kind', 'no_zones');
    expect(check).toHaveTextContent('Chưa có vùng nuôi trên máy này: đồng bộ để tải về');
    expect(screen.queryByTestId('outside-zone-warning')).not.toBeInTheDocument();
    cleanup();

    backendCommands();
    render(RaftPage, { id: UNPLACED_RAFT_ID });
    expect(await screen.findByTestId('zone-check')).toHaveAttribute('data-kind', 'no_position');
    expect(screen.getByTestId('zone-check')).toHaveTextContent('Chưa có tọa độ');
    expect(screen.queryByTestId('outside-zone-warning')).not.toBeInTheDocument();
    // The status chip of a raft left outside a zone: a warning, in Vietnamese.
    const chip = screen.getByTestId('status-chip');
    expect(chip).toHaveAttribute('data-status', 'outside_zone');
    expect(chip).toHaveTextContent('Ngoài vùng nuôi');
    expect(chip).toHaveClass('warn');
  });

  it('shows the zone warning in English when switched', async () => {
    setLang('en');
    backendCommands();
    render(RaftPage, { id: CHANNEL_RAFT_ID });
    expect(await screen.findByTestId('outside-zone-warning')).toHaveTextContent(
      'This raft lies outside every planned farming zone',
    );
    expect(screen.getByTestId('zone-check')).toHaveTextContent('Outside every planned farming zone');
  });

  it('says where the position came from', async () => {
    backendCommands();
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const position = await screen.findByTestId('raft-position');
    expect(position).toHaveTextContent('20.8652, 106.8611 (±6 m)');
    expect(screen.getByTestId('raft-position-source')).toHaveTextContent('Nguồn: Thiết bị');
    expect(screen.getByTestId('raft-position-source')).toHaveAttribute('data-source', 'device');
    expect(screen.queryByTestId('raft-position-offset')).not.toBeInTheDocument();
  });

  it('shows a raft placed from the boat: the receiver, the distance and the bearing', async () => {
    backendCommands();
    render(RaftPage, { id: '0193b000-0000-7000-8000-000000000003' });
    expect(await screen.findByTestId('raft-position')).toHaveTextContent('20.9214, 106.8843 (±7 m)');
    expect(screen.getByTestId('raft-position-source')).toHaveTextContent('Nguồn: GPS (NMEA)');
    expect(screen.getByTestId('raft-position-offset')).toHaveTextContent('đo từ thuyền: 40 m, hướng 135°');
  });

  it.each([
    ['map', 'Bản đồ', 'Map'],
    ['manual', 'Nhập tay', 'Typed in'],
    ['nmea', 'GPS (NMEA)', 'GPS (NMEA)'],
  ] as const)('names the source %s in both languages', async (source, vi, en) => {
    const d = detail();
    d.raft = { ...d.raft, position: { lat: 20.9, lon: 106.85, accuracy_m: 12.5, source, offset: { boat_lat: 20.9, boat_lon: 106.849, boat_accuracy_m: 4, bearing_deg: 92.5, distance_m: 104.3 } } };
    mockCommands({ get_raft: () => d, list_zones: () => [] });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('raft-position-source')).toHaveTextContent(`Nguồn: ${vi}`);
    expect(screen.getByTestId('raft-position-offset')).toHaveTextContent('đo từ thuyền: 104,3 m, hướng 92,5°');
    setLang('en');
    await waitFor(() => expect(screen.getByTestId('raft-position-source')).toHaveTextContent(`Source: ${en}`));
    expect(screen.getByTestId('raft-position-offset')).toHaveTextContent('measured from the boat: 104.3 m, bearing 92.5°');
  });

  it('says when the raft is not found', async () => {
    mockCommands({
      get_raft: () => {
        throw { code: 'not_found', message: { vi: 'Không tìm thấy', en: 'Not found' }, fields: [] };
      },
      list_zones: () => [],
    });
    render(RaftPage, { id: 'missing' });
    expect(await screen.findByTestId('load-error')).toHaveTextContent('Không tìm thấy bản ghi này');
  });
});

describe('raft page: photos in the history', () => {
  /** get_raft, list_zones and the photo commands answered by the mock backend. */
  function photoCommands(backend = new MockBackend(), overrides: Record<string, Handler> = {}) {
    const cmds = ['get_raft', 'list_zones', 'photo_statuses', 'photo_thumbnail'];
    return mockCommands({
      ...Object.fromEntries(cmds.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
      ...overrides,
    });
  }

  const photosOf = (entry: HTMLElement) => within(entry).findAllByTestId('event-photo');

  it('shows each photo before then after, with its thumbnail and where its upload stands', async () => {
    const calls = photoCommands();
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const [latest, relocated, replaced, ordered, inspection] = await screen.findAllByTestId('history-entry');

    // Sent, being sent (45 % of its bytes), waiting.
    const photos = await photosOf(latest!);
    await waitFor(() =>
      expect(photos.map((p) => p.dataset.state)).toEqual(['on_server', 'uploading', 'waiting']),
    );
    expect(photos.map((p) => p.dataset.sha256)).toEqual([demoSha(4), demoSha(5), demoSha(6)]);
    expect(photos.map((p) => within(p).getByTestId('event-photo-state').textContent)).toEqual([
      'Đã lên máy chủ',
      'Đang gửi 45 %',
      'Chờ gửi',
    ]);
    expect(photos.map((p) => p.querySelector('.moment')?.textContent)).toEqual(['Trước', 'Sau', 'Sau']);
    await waitFor(() => expect(within(photos[0]!).getByRole('img')).toHaveAttribute('src', expect.stringMatching(/^data:image\//)));
    expect(within(photos[0]!).getByRole('img')).toHaveAccessibleName('Trước, chụp 09/07/2025 14:02');

    // Logged on another device: the bytes are on the server, no preview here.
    const remote = await photosOf(relocated!);
    await waitFor(() => expect(remote.map((p) => p.dataset.state)).toEqual(['remote', 'remote']));
    expect(remote[0]).toHaveTextContent('Trên máy chủ');
    await waitFor(() => expect(within(remote[0]!).getByTestId('event-photo-placeholder')).toHaveAttribute('title', expect.stringContaining('không có bản xem trước')));

    // Events without photos show none, and ask nothing.
    expect(within(replaced!).queryByTestId('event-photo')).not.toBeInTheDocument();
    expect(within(ordered!).queryByTestId('event-photo')).not.toBeInTheDocument();
    expect(await photosOf(inspection!)).toHaveLength(1);
    const asked = callsTo(calls, 'photo_statuses').map((a) => a.eventId);
    expect(asked).toHaveLength(3);
    expect(new Set(callsTo(calls, 'photo_thumbnail').map((a) => a.sha256))).toEqual(
      new Set([1, 2, 3, 4, 5, 6].map(demoSha)),
    );
  });

  it('rounds the upload share down, and names the states in English', async () => {
    setLang('en');
    const backend = new MockBackend();
    const latest = backend.events.find((e) => e.event.date === '2025-07-09')!;
    photoCommands(backend, {
      photo_statuses: (a) =>
        a.eventId === latest.event.id
          ? [
              { sha256: demoSha(4), state: 'on_server', uploaded_bytes: 1_028_000, size_bytes: 1_028_000, upload_problem: null },
              { sha256: demoSha(5), state: 'uploading', uploaded_bytes: 1_064_999, size_bytes: 1_065_000, upload_problem: null },
              { sha256: demoSha(6), state: 'uploading', uploaded_bytes: 0, size_bytes: 1_102_000, upload_problem: null },
            ]
          : backend.handle('photo_statuses', a),
    });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const [entry] = await screen.findAllByTestId('history-entry');
    const photos = await photosOf(entry!);
    await waitFor(() =>
      expect(photos.map((p) => within(p).queryByTestId('event-photo-state')?.textContent)).toEqual([
        'Uploaded',
        'Uploading 99%',
        'Uploading 0%',
      ]),
    );
    expect(photos[0]).toHaveTextContent('Before');
  });

  it('says why a photo could not go, until it goes', async () => {
    const backend = new MockBackend();
    const latest = backend.events.find((e) => e.event.date === '2025-07-09')!;
    photoCommands(backend, {
      photo_statuses: (a) =>
        a.eventId === latest.event.id
          ? [
              { sha256: demoSha(4), state: 'waiting', uploaded_bytes: 0, size_bytes: 1_028_000, upload_problem: 'photo.file_missing' },
              { sha256: demoSha(5), state: 'uploading', uploaded_bytes: 5, size_bytes: 1_065_000, upload_problem: 'photo.hash_mismatch' },
              // A code this UI does not know yet still says something true.
              { sha256: demoSha(6), state: 'waiting', uploaded_bytes: 0, size_bytes: 1_102_000, upload_problem: 'sync.server_error' },
            ]
          : backend.handle('photo_statuses', a),
    });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const [entry] = await screen.findAllByTestId('history-entry');
    const photos = await photosOf(entry!);
    await waitFor(() =>
      expect(photos.map((p) => within(p).queryByTestId('event-photo-state')?.textContent)).toEqual([
        'Tệp ảnh không còn trên máy này',
        'Máy chủ nhận sai dữ liệu: sẽ gửi lại',
        'Chưa gửi được: sẽ thử lại',
      ]),
    );
    for (const p of photos) expect(within(p).getByTestId('event-photo-state')).toHaveClass('problem');
  });

  it('still shows the photos, without a chip, when their states cannot be read', async () => {
    photoCommands(new MockBackend(), {
      photo_statuses: () => {
        throw new Error('database locked');
      },
    });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const [entry] = await screen.findAllByTestId('history-entry');
    const photos = await photosOf(entry!);
    expect(photos).toHaveLength(3);
    expect(photos.map((p) => p.dataset.state)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(within(entry!).queryByTestId('event-photo-state')).not.toBeInTheDocument();
  });

  it('after a sync, the photos it sent are on the server', async () => {
    const backend = new MockBackend();
    backend.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: DEMO_ACCOUNT.password });
    expect(backend.handle('sync_now', {})).toMatchObject({ photos_uploaded: 2 });
    photoCommands(backend);
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const [entry] = await screen.findAllByTestId('history-entry');
    const photos = await photosOf(entry!);
    await waitFor(() => expect(photos.map((p) => p.dataset.state)).toEqual(['on_server', 'on_server', 'on_server']));
  });
});
