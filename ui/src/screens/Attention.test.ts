import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { AttentionItem } from '../bindings/AttentionItem';
import type { CommandError } from '../bindings/CommandError';
import { navigate } from '../lib/router.svelte';
import { demoAttention } from '../lib/mock/data';
import { callsTo, mockCommands, SYNC_STATUS } from '../test/ipc';

const raftItem: AttentionItem = {
  id: 7,
  entity: 'raft',
  entity_id: 'r1',
  label: 'HT-03-012',
  reason_code: 'record.deleted',
  reason: {
    vi: 'Bản ghi này đã bị xóa trên máy khác trước khi thay đổi của bạn tới máy chủ.',
    en: 'This record was deleted on another device before your change reached the server.',
  },
  fields: [
    { field: 'status', mine: 'relocated', current: 'must_relocate' },
    { field: 'cell_count', mine: 1200, current: null },
    { field: 'position', mine: { lat: 20.8652, lon: 106.8611, accuracy_m: 6, source: 'device' }, current: null },
    { field: 'admin_unit_code', mine: 'QY-HA-AN', current: 'QY-HA-AN' },
    { field: 'mystery_field', mine: 'x', current: 'y' },
  ],
  can_send_mine_again: false,
  created_at: '2025-08-12T07:42:00Z',
};

/** A small stateful stand-in for the Rust side: resolving closes the item. */
function backend(initial: AttentionItem[]) {
  let open = initial;
  const calls = mockCommands({
    needs_attention: () => open,
    resolve_attention: (a) => {
      open = open.filter((i) => i.id !== a.id);
      return open;
    },
    sync_status: () => ({ ...SYNC_STATUS, needs_attention: open.length }),
  });
  return calls;
}

async function openAttention() {
  navigate('#/attention');
  render(App);
  return screen.findByRole('heading', { level: 1, name: 'Cần xử lý' });
}

describe('needs attention', () => {
  it('shows the record, the reason and both values side by side', async () => {
    backend(demoAttention());
    await openAttention();
    const item = await screen.findByTestId('attention-item');
    expect(within(item).getByTestId('attention-kind')).toHaveTextContent('Hộ nuôi');
    expect(within(item).getByTestId('attention-label')).toHaveTextContent('Vũ Mẫu Hằng');
    expect(within(item).getByRole('link', { name: 'Vũ Mẫu Hằng' })).toHaveAttribute(
      'href',
      '#/households/0193a000-0000-7000-8000-000000000004',
    );
    expect(within(item).getByTestId('attention-reason')).toHaveTextContent('Máy khác đã sửa cùng thông tin này');

    const headers = within(item).getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual(['Thông tin', 'Giá trị của bạn', 'Giá trị hiện tại']);
    const row = within(item).getByTestId('attention-field');
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Thôn/khu');
    expect(within(row).getByTestId('attention-mine')).toHaveTextContent('Khu 3');
    expect(within(row).getByTestId('attention-current')).toHaveTextContent('Khu 5');
    expect(row).toHaveClass('differs');

    expect(within(item).getByTestId('attention-keep')).toHaveTextContent('Giữ giá trị hiện tại');
    expect(within(item).getByTestId('attention-send-mine')).toHaveTextContent('Gửi lại giá trị của tôi');
    await waitFor(() => expect(screen.getByTestId('nav-attention')).toHaveAttribute('data-count', '1'));

    // Rust's reason follows the language switch, like every label.
    const user = userEvent.setup();
    await user.click(screen.getByTestId('lang-en'));
    expect(within(item).getByTestId('attention-reason')).toHaveTextContent('Another device edited the same information');
    expect(within(item).getByTestId('attention-kind')).toHaveTextContent('Household');
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Village');
  });

  it('sends my value again: the item closes, the header count follows, a toast confirms', async () => {
    const calls = backend(demoAttention());
    const user = userEvent.setup();
    await openAttention();
    await user.click(await screen.findByTestId('attention-send-mine'));

    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Không có gì cần xử lý');
    expect(screen.queryByTestId('attention-item')).not.toBeInTheDocument();
    expect(callsTo(calls, 'resolve_attention')).toEqual([{ id: 1, sendMineAgain: true }]);
    expect(screen.getByTestId('toast')).toHaveTextContent('Giá trị của bạn cho «Vũ Mẫu Hằng» sẽ được gửi lại');
    expect(screen.getByTestId('nav-attention')).toHaveAttribute('data-count', '0');
  });

  it('keeps the current value, and offers only that when mine cannot be sent again', async () => {
    const calls = backend([raftItem, ...demoAttention()]);
    const user = userEvent.setup();
    await openAttention();
    const items = await screen.findAllByTestId('attention-item');
    expect(items).toHaveLength(2);
    expect(screen.getByTestId('attention-count')).toHaveTextContent('2 mục cần xử lý');
    const raft = items[0]!;
    expect(within(raft).queryByTestId('attention-send-mine')).not.toBeInTheDocument();
    expect(within(raft).getByTestId('attention-kind')).toHaveTextContent('Lồng bè');

    await user.click(within(raft).getByTestId('attention-keep'));
    await waitFor(() => expect(screen.getAllByTestId('attention-item')).toHaveLength(1));
    expect(callsTo(calls, 'resolve_attention')).toEqual([{ id: 7, sendMineAgain: false }]);
    expect(screen.getByTestId('toast')).toHaveTextContent('Đã giữ giá trị hiện tại của «HT-03-012»');
    expect(screen.getByTestId('attention-label')).toHaveTextContent('Vũ Mẫu Hằng');
    await waitFor(() => expect(screen.getByTestId('nav-attention')).toHaveAttribute('data-count', '1'));
  });

  it('shows values as people read them: labels, numbers, positions, empty values', async () => {
    backend([raftItem]);
    await openAttention();
    await screen.findByTestId('attention-item');
    const row = (field: string) => screen.getAllByTestId('attention-field').find((r) => r.dataset.field === field)!;
    const cells = (field: string) => [
      within(row(field)).getByRole('rowheader').textContent?.trim(),
      within(row(field)).getByTestId('attention-mine').textContent?.trim(),
      within(row(field)).getByTestId('attention-current').textContent?.trim(),
    ];
    expect(cells('status')).toEqual(['Tình trạng (khác nhau)', 'Đã di dời', 'Phải di dời']);
    expect(cells('cell_count')).toEqual(['Số ô lồng (khác nhau)', '1.200', 'Chưa ghi']);
    expect(cells('position')[1]).toBe('20.8652, 106.8611 (±6 m)');
    expect(cells('admin_unit_code')).toEqual(['Phường/xã', 'Phường Hà An', 'Phường Hà An']);
    expect(row('admin_unit_code')).not.toHaveClass('differs');
    // An unknown field keeps its raw name.
    expect(cells('mystery_field')).toEqual(['mystery_field (khác nhau)', 'x', 'y']);
  });

  it('shows the empty state when nothing needs attention', async () => {
    backend([]);
    await openAttention();
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Không có gì cần xử lý');
    expect(screen.queryByTestId('attention-count')).not.toBeInTheDocument();
  });

  it('keeps the item and says why when resolving fails', async () => {
    const failure: CommandError = {
      code: 'attention.cannot_reapply',
      message: { vi: 'Không gửi lại được thay đổi này.', en: 'This change cannot be sent again.' },
      fields: [],
    };
    mockCommands({
      needs_attention: () => demoAttention(),
      resolve_attention: () => {
        throw failure;
      },
    });
    const user = userEvent.setup();
    await openAttention();
    await user.click(await screen.findByTestId('attention-send-mine'));
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveAttribute('data-kind', 'error');
    expect(toast).toHaveTextContent('Không gửi lại được thay đổi này.');
    expect(screen.getByTestId('attention-item')).toBeInTheDocument();
    expect(screen.getByTestId('attention-send-mine')).toBeEnabled();
  });
});
