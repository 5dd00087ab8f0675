import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { MockBackend } from '../lib/mock/backend';
import { SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { samplePng } from '../lib/mock/photos';
import { navigate } from '../lib/router.svelte';
import { callsTo, mockCommands, type Handler } from '../test/ipc';

/** In the Lạch Huyện channel, outside every demo zone. */
const CHANNEL_RAFT_ID = '0193b000-0000-7000-8000-000000000004';
/** Relocating to "Vùng nuôi hàu Hà An 1", recorded by name before zones came. */
const RELOCATING_RAFT_ID = '0193b000-0000-7000-8000-000000000006';

function backendCommands(backend: MockBackend, overrides: Record<string, Handler> = {}) {
  const cmds = ['get_raft', 'list_zones', 'log_relocation', 'stage_photo'];
  return mockCommands({
    ...Object.fromEntries(cmds.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
    ...overrides,
  });
}

const targetZone = () => screen.getByLabelText('Vùng nuôi chuyển đến');

describe('relocation form', () => {
  it('offers the zones on the device, as "code — name", to pick the target from', async () => {
    backendCommands(new MockBackend());
    navigate(`#/rafts/${CHANNEL_RAFT_ID}/relocate`);
    render(App);
    await screen.findByLabelText('Bước');
    const select = targetZone();
    expect(select.tagName).toBe('SELECT');
    expect(within(select).getAllByRole('option').map((o) => [o.getAttribute('value'), o.textContent])).toEqual([
      ['', 'Chưa chọn vùng nuôi'],
      ['QY-HA-01', 'QY-HA-01 — Vùng nuôi hàu Hà An 1'],
      ['QY-HT-02', 'QY-HT-02 — Vùng nuôi hàu Hoàng Tân 2'],
      ['QY-PC-01', 'QY-PC-01 — Vùng nuôi Phong Cốc 1'],
    ]);
    // No earlier relocation: nothing chosen yet.
    expect(select).toHaveValue('');
    expect(screen.getByText(/vị trí mới được đối chiếu với vùng nuôi đã chọn/)).toBeInTheDocument();
  });

  it('starts from the target of the raft’s last relocation step, found by code or by name', async () => {
    backendCommands(new MockBackend());
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}/relocate`);
    const { unmount } = render(App);
    await screen.findByLabelText('Bước');
    expect(targetZone()).toHaveValue('QY-HT-02');
    unmount();

    navigate(`#/rafts/${RELOCATING_RAFT_ID}/relocate`);
    render(App);
    await screen.findByLabelText('Bước');
    expect(targetZone()).toHaveValue('QY-HA-01');
  });

  it('without zones on the device, takes the zone as typed and says it cannot be checked', async () => {
    backendCommands(Object.assign(new MockBackend(), { zones: [] }));
    navigate(`#/rafts/${CHANNEL_RAFT_ID}/relocate`);
    render(App);
    await screen.findByLabelText('Bước');
    expect(targetZone().tagName).toBe('INPUT');
    expect(targetZone()).toHaveAccessibleDescription(/Chưa có vùng nuôi trên máy này nên chưa kiểm tra được/);
  });

  it('shows an unknown target zone inline, on the field', async () => {
    // The list was read before zones came down; the backend now has them.
    const calls = backendCommands(new MockBackend(), { list_zones: () => [] });
    navigate(`#/rafts/${CHANNEL_RAFT_ID}/relocate`);
    render(App);
    const user = userEvent.setup();
    await screen.findByLabelText('Bước');
    await user.type(targetZone(), 'Vùng nuôi Cửa Lục');
    await user.click(screen.getByTestId('form-save'));

    expect(await screen.findByTestId('error-target_zone')).toHaveTextContent(
      'Không có vùng nuôi «Vùng nuôi Cửa Lục» trên máy này',
    );
    expect(targetZone()).toHaveAttribute('aria-invalid', 'true');
    expect(targetZone()).toHaveFocus();
    // The summary only points to the field; the message is not repeated there.
    const summary = screen.getByTestId('form-error');
    expect(summary).toHaveTextContent('Vui lòng sửa các mục được đánh dấu');
    expect(summary).not.toHaveTextContent('Cửa Lục');
    expect(callsTo(calls, 'log_relocation')).toHaveLength(1);
    expect(location.hash).toBe(`#/rafts/${CHANNEL_RAFT_ID}/relocate`);
  });

  it('a completed move outside the target zone leaves the raft outside the zone; into it, relocated', async () => {
    const backend = new MockBackend();
    backendCommands(backend);
    navigate(`#/rafts/${CHANNEL_RAFT_ID}`);
    render(App);
    const user = userEvent.setup();
    expect(await screen.findByTestId('outside-zone-warning')).toBeInTheDocument();

    // Moved, but not far enough: the new position is still in the channel.
    await user.click(screen.getByTestId('action-relocate'));
    await user.selectOptions(await screen.findByLabelText('Bước'), 'completed');
    await user.selectOptions(targetZone(), 'QY-HT-02');
    await user.type(screen.getByLabelText('Vĩ độ', { selector: '#f-to-lat' }), '20.8440');
    await user.type(screen.getByLabelText('Kinh độ', { selector: '#f-to-lon' }), '106.9000');
    await user.click(screen.getByTestId('form-save'));

    await waitFor(() => expect(location.hash).toBe(`#/rafts/${CHANNEL_RAFT_ID}`));
    expect(await screen.findByTestId('status-chip')).toHaveTextContent('Ngoài vùng nuôi');
    expect(screen.getByTestId('outside-zone-warning')).toBeInTheDocument();
    const [outside] = screen.getAllByTestId('history-entry');
    expect(outside).toHaveTextContent('Vùng nuôi hàu Hoàng Tân 2 (QY-HT-02)');
    expect(within(outside!).getByTestId('inside-target-zone')).toHaveTextContent('✗ ngoài vùng');

    // Into the zone: the form keeps the target, the raft is relocated.
    await user.click(screen.getByTestId('action-relocate'));
    await user.selectOptions(await screen.findByLabelText('Bước'), 'completed');
    expect(targetZone()).toHaveValue('QY-HT-02');
    await user.type(screen.getByLabelText('Vĩ độ', { selector: '#f-to-lat' }), '20.8650');
    await user.type(screen.getByLabelText('Kinh độ', { selector: '#f-to-lon' }), '106.8600');
    await user.click(screen.getByTestId('form-save'));

    await waitFor(() => expect(screen.getByTestId('status-chip')).toHaveTextContent('Đã di dời'));
    // The raft takes the zone's code; the page names it.
    expect(screen.getByTestId('raft-zone')).toHaveTextContent('Vùng nuôi hàu Hoàng Tân 2 (QY-HT-02)');
    expect(screen.queryByTestId('outside-zone-warning')).not.toBeInTheDocument();
    expect(screen.getByTestId('zone-check')).toHaveAttribute('data-kind', 'in_zone');
    const entries = screen.getAllByTestId('history-entry');
    expect(
      entries.map((e) => within(e).queryByTestId('inside-target-zone')?.textContent).filter(Boolean),
    ).toEqual(['✓ trong vùng', '✗ ngoài vùng']);
  });

  it('sends the photos of the move with the step, each with its moment', async () => {
    const calls = backendCommands(new MockBackend());
    navigate(`#/rafts/${CHANNEL_RAFT_ID}/relocate`);
    render(App);
    const user = userEvent.setup();
    await screen.findByLabelText('Bước');
    expect(screen.getByTestId('photo-attach')).toHaveTextContent('Ảnh hiện trường');
    await user.upload(screen.getByTestId('photo-input-after'), new File([samplePng(1024, 768)], 'sau.png', { type: 'image/png' }));
    const tile = await screen.findByTestId('photo-tile');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'log_relocation')).toHaveLength(1));
    expect(callsTo(calls, 'log_relocation')[0]).toMatchObject({
      input: { state: 'ordered', photos: [{ sha256: tile.dataset.sha256, moment: 'after' }] },
    });
  });
});
