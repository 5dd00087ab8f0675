import { mockConvertFileSrc } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../App.svelte';
import { MockBackend } from '../lib/mock/backend';
import { navigate } from '../lib/router.svelte';
import { mockCommands } from '../test/ipc';
import MapScreen from './MapScreen.svelte';

/** Leaflet measures its container; jsdom lays nothing out, so the map gets a size here. */
function giveTheMapASize() {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(900);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
}

function backendCommands(backend = new MockBackend()) {
  return mockCommands({
    map_features: (a) => backend.handle('map_features', a),
    basemap_info: (a) => backend.handle('basemap_info', a),
  });
}

const CHANNEL_RAFT_ID = '0193b000-0000-7000-8000-000000000004';

describe('map screen', () => {
  beforeEach(giveTheMapASize);

  it('draws one marker per raft with a position, rings those outside every zone, and lists them', async () => {
    backendCommands();
    const { container } = render(MapScreen);
    expect(await screen.findByTestId('map-screen')).toBeInTheDocument();
    const canvas = screen.getByTestId('map-canvas');
    await waitFor(() => expect(canvas.querySelectorAll('path.raft-marker')).toHaveLength(5));
    // Rafts 4 (Lạch Huyện channel) and 6 (Chanh river) lie outside every demo zone.
    expect(canvas.querySelectorAll('path.raft-marker.raft-marker--outside')).toHaveLength(2);
    expect(canvas.querySelectorAll('path.raft-outside-ring')).toHaveLength(2);
    // Three zones, one with a hole and one in two parts: one path each.
    expect(canvas.querySelectorAll('path.zone-area')).toHaveLength(3);
    // Relocations with both ends: the completed one (solid) and the one under way (dashed), both into their zone.
    expect(canvas.querySelectorAll('path.relocation-line')).toHaveLength(2);
    expect(canvas.querySelectorAll('path.relocation-line--pending')).toHaveLength(1);
    expect(canvas.querySelectorAll('path.relocation-line--inside')).toHaveLength(2);
    expect(canvas.querySelectorAll('.relocation-arrow')).toHaveLength(2);

    const list = screen.getByTestId('map-outside-list');
    expect(within(list).getByRole('heading')).toHaveTextContent('Lồng bè ngoài vùng nuôi');
    expect(within(list).getAllByTestId('map-outside-item').map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'HA-K6-007DEMO Đang di dời · Vũ Mẫu Hằng',
      'LH-TT-021DEMO Phải di dời · Phạm Mẫu Đức',
    ]);
    expect(screen.getByTestId('map-without-position')).toHaveTextContent('4 lồng bè chưa có tọa độ');

    const legend = screen.getByTestId('map-legend');
    for (const label of ['Trong vùng nuôi', 'Ngoài vùng nuôi', 'Phải di dời', 'Đang di dời', 'Đã di dời', 'Đã tháo dỡ'])
      expect(legend).toHaveTextContent(label);
    expect(legend).toHaveTextContent('Nằm ngoài mọi vùng nuôi (viền đỏ)');
    expect(legend).toHaveTextContent('Vùng nuôi quy hoạch');

    // No base map loaded: plain water and a way to Settings.
    const note = screen.getByTestId('map-no-basemap');
    expect(note).toHaveTextContent('Chưa có bản đồ nền — nạp tệp MBTiles trong Cài đặt');
    expect(within(note).getByRole('link')).toHaveAttribute('href', '#/settings');
    expect(container.querySelector('img.leaflet-tile')).toBeNull();
  });

  it('opens a raft’s popup on a tap, with its tag, household, status and a link to its page', async () => {
    backendCommands();
    render(MapScreen);
    const canvas = await screen.findByTestId('map-canvas');
    await waitFor(() => expect(canvas.querySelectorAll('path.raft-marker--outside')).toHaveLength(2));
    const markers = [...canvas.querySelectorAll('path.raft-marker--outside')];
    await fireEvent.click(markers[markers.length - 1]!);
    const popup = await screen.findByTestId('map-popup');
    const id = popup.dataset.id!;
    const expected: Record<string, string[]> = {
      [CHANNEL_RAFT_ID]: ['LH-TT-021', 'Phạm Mẫu Đức', 'Phải di dời'],
      '0193b000-0000-7000-8000-000000000006': ['HA-K6-007', 'Vũ Mẫu Hằng', 'Đang di dời'],
    };
    for (const text of expected[id]!) expect(popup).toHaveTextContent(text);
    expect(popup).toHaveTextContent('Nằm ngoài mọi vùng nuôi');
    expect(within(popup).getByRole('link', { name: 'Mở trang lồng bè' })).toHaveAttribute('href', `#/rafts/${id}`);
  });

  it('shows a listed raft on the map from the keyboard, with focus on its page link', async () => {
    backendCommands();
    render(MapScreen);
    const user = userEvent.setup();
    const items = await screen.findAllByTestId('map-outside-item');
    const channel = items.find((b) => b.dataset.id === CHANNEL_RAFT_ID)!;
    expect(channel).toHaveAccessibleName('Xem LH-TT-021 trên bản đồ');
    channel.focus();
    await user.keyboard('{Enter}');
    const popup = await screen.findByTestId('map-popup');
    expect(popup).toHaveTextContent('LH-TT-021');
    expect(within(popup).getByRole('link')).toHaveFocus();
  });

  it('draws the loaded base map’s tiles from the tiles: scheme, without the plain-water note', async () => {
    mockConvertFileSrc('linux');
    const backend = new MockBackend();
    backend.loadBasemap('/media/usb/qy.mbtiles');
    backendCommands(backend);
    const { container } = render(MapScreen);
    await screen.findByTestId('map-screen');
    await waitFor(() => expect(container.querySelector('img.leaflet-tile')).not.toBeNull());
    expect(container.querySelector('img.leaflet-tile')!.getAttribute('src')).toMatch(
      /^tiles:\/\/localhost\/1[0-9]\/\d+\/\d+\.png\?m=/,
    );
    expect(screen.queryByTestId('map-no-basemap')).not.toBeInTheDocument();
  });

  it('says so when no zones are on the device yet', async () => {
    backendCommands(Object.assign(new MockBackend(), { zones: [] }));
    render(MapScreen);
    const list = await screen.findByTestId('map-outside-list');
    expect(list).toHaveTextContent('Chưa có vùng nuôi trên máy này nên chưa đối chiếu được');
    expect(screen.getByTestId('map-canvas').querySelectorAll('path.raft-marker--outside')).toHaveLength(0);
  });

  it('is reached from the header link "Bản đồ"', async () => {
    backendCommands();
    render(App);
    const user = userEvent.setup();
    const link = await screen.findByTestId('nav-map');
    expect(link).toHaveTextContent('Bản đồ');
    await user.click(link);
    expect(await screen.findByTestId('map-screen')).toBeInTheDocument();
    expect(location.hash).toBe('#/map');
    expect(screen.getByTestId('nav-map')).toHaveAttribute('aria-current', 'page');
    navigate('#/');
  });
});
