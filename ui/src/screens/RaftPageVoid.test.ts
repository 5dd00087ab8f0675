import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../lib/i18n/index.svelte';
import { MockBackend } from '../lib/mock/backend';
import { SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { callsTo, mockCommands } from '../test/ipc';
import RaftPage from './RaftPage.svelte';

/** The raft page's commands, and void_event, answered by one mock backend. */
function voidCommands(backend = new MockBackend()) {
  const cmds = ['get_raft', 'list_zones', 'photo_statuses', 'photo_thumbnail', 'void_event'];
  return mockCommands(Object.fromEntries(cmds.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])));
}

const styrofoam = () => screen.getByTestId('float-card-styrofoam-value').textContent;

afterEach(() => setLang('vi'));

describe('raft page: voiding an event logged by mistake', () => {
  it('asks why, then keeps the event in the history, marked, and out of the floats', async () => {
    const user = userEvent.setup();
    const calls = voidCommands();
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    // Newest first: the latest float replacement took off 120 styrofoam floats.
    const [latest] = await screen.findAllByTestId('history-entry');
    expect(latest).toHaveAttribute('data-type', 'float_replacement');
    expect(styrofoam()).toBe('50');

    await user.click(within(latest!).getByTestId('void-entry'));
    const dialog = screen.getByTestId('void-dialog');
    expect(dialog).toHaveTextContent('Hủy ghi nhận này?');
    // The reason is what to type first.
    await waitFor(() => expect(within(dialog).getByTestId('void-reason')).toHaveFocus());
    expect(within(dialog).getByTestId('void-what')).toHaveTextContent('Thay phao ngày 09/07/2025');
    // Not a relocation: nothing about the raft's position.
    expect(within(dialog).queryByTestId('void-relocation-note')).not.toBeInTheDocument();

    // No reason: the Rust side's message, on the field, and nothing voided.
    await user.click(within(dialog).getByTestId('void-confirm'));
    expect(await within(dialog).findByText('Cần ghi lý do hủy ghi nhận')).toBeInTheDocument();
    expect(screen.getByTestId('void-dialog')).toBeInTheDocument();

    await user.type(within(dialog).getByTestId('void-reason'), 'Nhập nhầm số lượng');
    await user.click(within(dialog).getByTestId('void-confirm'));
    await waitFor(() => expect(screen.queryByTestId('void-dialog')).not.toBeInTheDocument());
    expect(callsTo(calls, 'void_event').at(-1)).toEqual({
      input: { event_id: latest!.dataset.id, reason: 'Nhập nhầm số lượng' },
    });

    // Reloaded: the 120 floats are back, the event is struck through and
    // says why, and the void is an entry of its own naming it.
    await waitFor(() => expect(styrofoam()).toBe('170'));
    const voided = screen
      .getAllByTestId('history-entry')
      .find((e) => e.dataset.id === latest!.dataset.id)!;
    expect(voided).toHaveAttribute('data-voided', 'true');
    expect(within(voided).getByTestId('voided-badge')).toHaveTextContent('Đã hủy');
    expect(within(voided).getByTestId('voided-note')).toHaveTextContent('Lý do: Nhập nhầm số lượng');
    // Focus lands on what changed.
    await waitFor(() => expect(within(voided).getByTestId('voided-note')).toHaveFocus());
    expect(within(voided).queryByTestId('void-entry')).not.toBeInTheDocument();
    const voidEntry = screen.getAllByTestId('history-entry').find((e) => e.dataset.type === 'event_void')!;
    expect(within(voidEntry).getByTestId('void-of')).toHaveTextContent('Hủy «Thay phao» ngày 09/07/2025');
    expect(voidEntry).toHaveTextContent('Lý do: Nhập nhầm số lượng');
    expect(within(voidEntry).queryByTestId('void-entry')).not.toBeInTheDocument();
    cleanup();
  });

  it('closes on Escape or "keep it" with nothing written, and warns that a relocation does not move the raft back', async () => {
    const user = userEvent.setup();
    const calls = voidCommands();
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const entries = await screen.findAllByTestId('history-entry');
    const relocation = entries.find((e) => e.dataset.type === 'relocation')!;

    await user.click(within(relocation).getByTestId('void-entry'));
    expect(screen.getByTestId('void-relocation-note')).toHaveTextContent('không tự đổi lại');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('void-dialog')).not.toBeInTheDocument();
    // Back on the button that opened it.
    await waitFor(() => expect(within(relocation).getByTestId('void-entry')).toHaveFocus());
    // The page is still there: Escape closed the question, not the page.
    expect(screen.getByTestId('raft-page')).toBeInTheDocument();

    await user.click(within(relocation).getByTestId('void-entry'));
    await user.type(screen.getByTestId('void-reason'), 'Không gửi');
    await user.click(screen.getByTestId('void-keep'));
    expect(screen.queryByTestId('void-dialog')).not.toBeInTheDocument();
    expect(callsTo(calls, 'void_event')).toHaveLength(0);
    cleanup();
  });

  it('speaks English when switched', async () => {
    setLang('en');
    const user = userEvent.setup();
    voidCommands();
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const [latest] = await screen.findAllByTestId('history-entry');
    await user.click(within(latest!).getByTestId('void-entry'));
    const dialog = screen.getByTestId('void-dialog');
    expect(dialog).toHaveTextContent('Void this record?');
    await user.click(within(dialog).getByTestId('void-confirm'));
    expect(await within(dialog).findByText('Say why the record is voided')).toBeInTheDocument();
    cleanup();
  });
});
