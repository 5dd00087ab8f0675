import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { MockBackend } from '../lib/mock/backend';
import { SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { samplePhoto } from '../lib/mock/photos';
import { navigate } from '../lib/router.svelte';
import { callsTo, mockCommands } from '../test/ipc';

const KEY = `float_replacement:${SHOWCASE_RAFT_ID}`;
const CMDS = [
  'get_raft',
  'list_zones',
  'log_float_replacement',
  'photo_statuses',
  'photo_thumbnail',
  'save_draft',
  'load_draft',
  'discard_draft',
  'staged_photo',
];

/** The float replacement form over one mock backend, which keeps the drafts. */
async function openForm(backend: MockBackend) {
  const calls = mockCommands(
    Object.fromEntries(CMDS.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
  );
  navigate(`#/rafts/${SHOWCASE_RAFT_ID}/replace`);
  render(App);
  await screen.findByLabelText(/Số phao xốp đã tháo/);
  return { calls, user: userEvent.setup() };
}

const removed = () => screen.getByLabelText(/Số phao xốp đã tháo/) as HTMLInputElement;
const note = () => screen.getByLabelText(/Ghi chú/) as HTMLTextAreaElement;

afterEach(() => cleanup());

describe('form drafts: nothing typed is lost before Save', () => {
  it('keeps what is typed on the device, and puts it back when the form opens again', async () => {
    const backend = new MockBackend();
    const { calls, user } = await openForm(backend);
    expect(callsTo(calls, 'load_draft')).toEqual([{ key: KEY }]);
    expect(screen.queryByTestId('draft-restored')).not.toBeInTheDocument();

    await user.type(removed(), '40');
    await user.type(note(), 'Gió mạnh, làm tiếp ngày mai');
    // Written after a pause in typing, not per key.
    await waitFor(() => expect(backend.drafts.get(KEY)?.body).toMatchObject({ styrofoam_removed: '40', note: 'Gió mạnh, làm tiếp ngày mai' }));
    expect(callsTo(calls, 'save_draft').length).toBeLessThan(5);
    // Only what was changed is kept, and the date the work was entered on
    // (photos are staged apart and never in it).
    expect(Object.keys(backend.drafts.get(KEY)!.body).sort()).toEqual(['date', 'note', 'styrofoam_removed']);

    // The window closes (the app is gone), then opens on the same form.
    cleanup();
    await openForm(backend);
    expect(await screen.findByTestId('draft-restored')).toHaveTextContent('Đã khôi phục nội dung chưa lưu');
    expect(removed().value).toBe('40');
    expect(note().value).toBe('Gió mạnh, làm tiếp ngày mai');
  });

  it("puts the draft's photos back from the device, and dropping the draft takes them away", async () => {
    const backend = new MockBackend();
    const staged = backend.handle('stage_photo', samplePhoto({ width: 1600, height: 1200, seed: 3 })) as { sha256: string };
    const gone = 'f'.repeat(64);
    backend.drafts.set(KEY, {
      body: {
        styrofoam_removed: '7',
        photos: [
          { sha256: staged.sha256, moment: 'after' },
          { sha256: gone, moment: 'before' },
        ],
      },
      saved_at: '2026-11-27T02:15:00Z',
    });
    const { calls, user } = await openForm(backend);
    await screen.findByTestId('draft-restored');
    const tile = await screen.findByTestId('photo-tile');
    expect(tile).toHaveAttribute('data-sha256', staged.sha256);
    expect(tile).toHaveTextContent('1600 × 1200');
    // One no longer on the device is said so, and not attached.
    expect(await screen.findByTestId('photo-error')).toHaveTextContent('Ảnh không còn trên máy này');
    await user.type(screen.getByLabelText(/Số phao mới đã lắp/), '7');
    await waitFor(() =>
      expect(backend.drafts.get(KEY)?.body.photos).toEqual([{ sha256: staged.sha256, moment: 'after' }]),
    );
    expect(callsTo(calls, 'staged_photo').map((a) => a.sha256).sort()).toEqual([gone, staged.sha256].sort());

    await user.click(screen.getByTestId('draft-drop'));
    await waitFor(() => expect(screen.queryByTestId('photo-tile')).not.toBeInTheDocument());
  });

  it('a draft from an earlier day puts back the date it was entered on, not today', async () => {
    const backend = new MockBackend();
    backend.drafts.set(KEY, { body: { date: '26/11/2026', styrofoam_removed: '7' }, saved_at: '2026-11-26T09:15:00Z' });
    await openForm(backend);
    await screen.findByTestId('draft-restored');
    expect((screen.getByLabelText(/Ngày thay phao/) as HTMLInputElement).value).toBe('26/11/2026');
  });

  it('a draft dropped on purpose puts the form back as it opened; leaving it asks first', async () => {
    const backend = new MockBackend();
    backend.drafts.set(KEY, { body: { styrofoam_removed: '7', note: 'Nháp cũ' }, saved_at: '2026-11-27T02:15:00Z' });
    const { calls, user } = await openForm(backend);
    await screen.findByTestId('draft-restored');
    expect(removed().value).toBe('7');

    // A draft put back is input: Escape asks before leaving.
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('leave-dialog')).toBeInTheDocument();
    await user.click(screen.getByTestId('leave-stay'));

    await user.click(screen.getByTestId('draft-drop'));
    expect(removed().value).toBe('');
    expect(note().value).toBe('');
    expect(screen.queryByTestId('draft-restored')).not.toBeInTheDocument();
    expect(callsTo(calls, 'discard_draft')).toEqual([{ key: KEY }]);
    expect(backend.drafts.has(KEY)).toBe(false);
  });

  it('Save, or leaving without keeping, removes the draft', async () => {
    const backend = new MockBackend();
    const { user } = await openForm(backend);
    await user.type(removed(), '40');
    await user.type(screen.getByLabelText(/Số phao mới đã lắp/), '40');
    await waitFor(() => expect(backend.drafts.has(KEY)).toBe(true));
    await user.click(screen.getByTestId('form-save'));
    await screen.findByTestId('raft-page');
    expect(backend.drafts.has(KEY)).toBe(false);

    cleanup();
    await openForm(backend);
    expect(screen.queryByTestId('draft-restored')).not.toBeInTheDocument();
    await userEvent.setup().type(removed(), '9');
    await waitFor(() => expect(backend.drafts.has(KEY)).toBe(true));
    await userEvent.setup().keyboard('{Escape}');
    await userEvent.setup().click(await screen.findByTestId('leave-discard'));
    await waitFor(() => expect(backend.drafts.has(KEY)).toBe(false));
  });
});

describe('form drafts over a record that changed meanwhile', () => {
  it('puts back only the fields the inspector changed; the others stay as sync left them', async () => {
    const backend = new MockBackend();
    const household = backend.households[0]!;
    // Kept before the window closed: only the village was changed.
    backend.drafts.set(`household:${household.id}`, {
      body: { village: 'Khu 9' },
      saved_at: '2026-11-27T02:15:00Z',
    });
    // Meanwhile a sync brought another device's new phone number.
    household.phone = '0987654321';
    mockCommands(
      Object.fromEntries(
        ['get_household', 'list_admin_units', 'load_draft', 'save_draft', 'discard_draft'].map((c) => [
          c,
          (a: Record<string, unknown>) => backend.handle(c, a),
        ]),
      ),
    );
    navigate(`#/households/${household.id}/edit`);
    render(App);
    await screen.findByTestId('draft-restored');
    expect((screen.getByLabelText(/Thôn/) as HTMLInputElement).value).toBe('Khu 9');
    expect((screen.getByLabelText(/Số điện thoại/) as HTMLInputElement).value).toBe('0987654321');
  });
});

describe("form drafts: a draft's photo while it is looked up", () => {
  it('removed before it shows, it is not saved with the record', async () => {
    const backend = new MockBackend();
    const staged = backend.handle('stage_photo', samplePhoto({ width: 800, height: 600, seed: 5 })) as { sha256: string };
    backend.drafts.set(KEY, {
      body: { styrofoam_removed: '7', installed: '7', photos: [{ sha256: staged.sha256, moment: 'after' }] },
      saved_at: '2026-11-27T02:15:00Z',
    });
    let answer!: (v: unknown) => void;
    const lookup = new Promise((resolve) => (answer = resolve));
    const calls = mockCommands({
      ...Object.fromEntries(CMDS.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
      staged_photo: () => lookup,
    });
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}/replace`);
    render(App);
    const user = userEvent.setup();
    const busy = await screen.findByTestId('photo-busy');
    await user.click(within(busy).getByTestId('photo-remove'));
    answer(backend.handle('staged_photo', { sha256: staged.sha256 }));
    await waitFor(() => expect(screen.queryByTestId('photo-busy')).not.toBeInTheDocument());
    expect(screen.queryByTestId('photo-tile')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('form-save'));
    await screen.findByTestId('raft-page');
    const sent = callsTo(calls, 'log_float_replacement').at(-1)!.input as { photos: unknown[] };
    expect(sent.photos).toEqual([]);
  });
});
