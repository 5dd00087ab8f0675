import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { CommandError } from '../bindings/CommandError';
import type { FloatReplacementInput } from '../bindings/FloatReplacementInput';
import type { RaftDetail } from '../bindings/RaftDetail';
import { MockBackend } from '../lib/mock/backend';
import { SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { samplePhoto, samplePng } from '../lib/mock/photos';
import { navigate } from '../lib/router.svelte';
import { callsTo, mockCommands, type Handler } from '../test/ipc';

const CMDS = ['get_raft', 'list_zones', 'stage_photo', 'log_float_replacement', 'photo_statuses', 'photo_thumbnail'];

function backendCommands(backend: MockBackend, overrides: Record<string, Handler> = {}) {
  return mockCommands({
    ...Object.fromEntries(CMDS.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
    ...overrides,
  });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A phone photo: 4032 × 3024 with its time and position (the mock reads the header, not the pixels). */
const phonePhoto = (name = 'IMG_0001.jpg', seed = 0) =>
  new File(
    [
      samplePhoto({
        width: 4032,
        height: 3024,
        takenAt: '2025:08:12 09:15:02',
        gps: { lat: 20.865214, lon: 106.861137 },
        bytes: 3_355_443, // 3,2 MB
        seed,
      }),
    ],
    name,
    { type: 'image/jpeg' },
  );

/** A HEIC photo renamed .jpg: the picker lets it through, stage_photo does not. */
const heicPhoto = () =>
  new File([new TextEncoder().encode('\0\0\0\x18ftypheic\0\0\0\0mif1heic')], 'IMG_0002.jpg', { type: 'image/jpeg' });

const screenshotPng = () => new File([samplePng(1280, 720)], 'chup-man-hinh.png', { type: 'image/png' });

async function openForm(backend = new MockBackend(), overrides: Record<string, Handler> = {}) {
  const calls = backendCommands(backend, overrides);
  navigate(`#/rafts/${SHOWCASE_RAFT_ID}/replace`);
  render(App);
  const user = userEvent.setup();
  await screen.findByLabelText(/Số phao xốp đã tháo/);
  return { calls, user, backend };
}

async function fillCounts(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/Số phao xốp đã tháo/), '40');
  await user.type(screen.getByLabelText(/Số phao mới đã lắp/), '40');
}

const sent = (calls: ReturnType<typeof mockCommands>) =>
  callsTo(calls, 'log_float_replacement').map((a) => (a.input as FloatReplacementInput).photos);

describe('float replacement form: site photos', () => {
  it('stages each chosen file: a tile for the photo, an error for the file it refused; saving sends the moments', async () => {
    const { calls, user } = await openForm();
    const section = screen.getByTestId('photo-attach');
    expect(section).toHaveTextContent('Ảnh hiện trường');
    expect(screen.getByTestId('photo-attach-before')).toHaveTextContent('Thêm ảnh trước');
    expect(screen.getByTestId('photo-attach-after')).toHaveTextContent('Thêm ảnh sau');
    const input = screen.getByTestId('photo-input-before');
    expect(input).toHaveAttribute('type', 'file');
    expect(input).toHaveAttribute('accept', 'image/jpeg,image/png');
    expect(input).toHaveAttribute('capture', 'environment');
    expect(input).toHaveAttribute('multiple');

    await user.upload(input, [phonePhoto(), heicPhoto()]);

    const tile = await screen.findByTestId('photo-tile');
    await waitFor(() => expect(screen.queryByTestId('photo-busy')).not.toBeInTheDocument());
    expect(screen.getAllByTestId('photo-tile')).toHaveLength(1);
    expect(tile).toHaveTextContent('IMG_0001.jpg');
    expect(tile).toHaveTextContent('2048 × 1536 px');
    expect(tile).toHaveTextContent('thu nhỏ từ 3,2 MB');
    expect(within(tile).getByTestId('photo-taken-at')).toHaveTextContent('Chụp 12/08/2025 09:15');
    expect(within(tile).getByTestId('photo-gps')).toHaveTextContent('GPS 20.86521, 106.86114');
    expect(within(tile).getByRole('img')).toHaveAttribute('alt', 'Ảnh trước: IMG_0001.jpg');
    expect(within(tile).getByTestId('photo-remove')).toHaveAccessibleName('Bỏ ảnh IMG_0001.jpg');
    const [error] = screen.getAllByTestId('photo-error');
    expect(screen.getAllByTestId('photo-error')).toHaveLength(1);
    expect(error).toHaveTextContent('«IMG_0002.jpg»: Chỉ nhận ảnh JPEG hoặc PNG');

    // The stage_photo payload is the file's bytes, as they are (not JSON).
    const payloads = callsTo(calls, 'stage_photo') as unknown[];
    expect(payloads).toHaveLength(2);
    expect(ArrayBuffer.isView(payloads[0])).toBe(true);
    expect((payloads[0] as Uint8Array).byteLength).toBe(3_355_443);

    await user.upload(screen.getByTestId('photo-input-after'), screenshotPng());
    await waitFor(() => expect(screen.getAllByTestId('photo-tile')).toHaveLength(2));
    const afterTile = screen.getAllByTestId('photo-tile')[1]!;
    expect(afterTile).toHaveTextContent('1280 × 720 px');
    expect(afterTile).not.toHaveTextContent('thu nhỏ');

    await fillCounts(user);
    await user.click(screen.getByTestId('form-save'));

    await waitFor(() => expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}`));
    expect(sent(calls)).toEqual([
      [
        { sha256: tile.dataset.sha256, moment: 'before' },
        { sha256: afterTile.dataset.sha256, moment: 'after' },
      ],
    ]);
    // On the raft page, the new entry shows both, waiting to upload.
    const entry = (await screen.findAllByTestId('history-entry')).find((e) => e.textContent?.includes('Tháo 40'))!;
    const photos = await within(entry).findAllByTestId('event-photo');
    expect(photos.map((p) => [p.dataset.sha256, p.dataset.moment])).toEqual([
      [tile.dataset.sha256, 'before'],
      [afterTile.dataset.sha256, 'after'],
    ]);
    await waitFor(() => expect(photos.map((p) => p.dataset.state)).toEqual(['waiting', 'waiting']));
    expect(photos[0]).toHaveTextContent('Trước');
    expect(photos[0]).toHaveTextContent('Chờ gửi');
  });

  it('removing a tile takes the photo out of the input, and focus back to its button', async () => {
    const { calls, user } = await openForm();
    await user.upload(screen.getByTestId('photo-input-before'), [phonePhoto('A.jpg', 1), phonePhoto('B.jpg', 2)]);
    await waitFor(() => expect(screen.getAllByTestId('photo-tile')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('photo-tile') as HTMLElement[];
    expect(first!.dataset.sha256).not.toBe(second!.dataset.sha256);

    await user.click(within(first!).getByTestId('photo-remove'));
    expect(screen.getAllByTestId('photo-tile')).toEqual([second]);
    expect(screen.getByTestId('photo-attach-before')).toHaveFocus();

    // The same file can be chosen again.
    await user.upload(screen.getByTestId('photo-input-after'), phonePhoto('A.jpg', 1));
    await waitFor(() => expect(screen.getAllByTestId('photo-tile')).toHaveLength(2));
    // Chosen twice: kept once, and said so.
    await user.upload(screen.getByTestId('photo-input-after'), phonePhoto('A-copy.jpg', 1));
    expect(await screen.findByTestId('photo-error')).toHaveTextContent('«A-copy.jpg»: Ảnh này đã có trong danh sách');
    await user.click(screen.getByTestId('photo-error-dismiss'));
    expect(screen.queryByTestId('photo-error')).not.toBeInTheDocument();

    await fillCounts(user);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent(calls)).toHaveLength(1));
    expect(sent(calls)[0]).toEqual([
      { sha256: second!.dataset.sha256, moment: 'before' },
      { sha256: first!.dataset.sha256, moment: 'after' },
    ]);
  });

  it('does not block the form while a photo is staged; Save waits for it, then sends it', async () => {
    const gate = deferred();
    const backend = new MockBackend();
    const { calls, user } = await openForm(backend, {
      stage_photo: (a) => gate.promise.then(() => backend.handle('stage_photo', a)),
    });
    await user.upload(screen.getByTestId('photo-input-before'), phonePhoto());
    expect(await screen.findByTestId('photo-busy')).toHaveTextContent('IMG_0001.jpg');
    expect(screen.getByTestId('photo-status')).toHaveTextContent('Đang xử lý 1 ảnh…');
    expect(screen.getByTestId('form-save-note')).toHaveTextContent('bấm Lưu thì bản ghi được lưu ngay khi ảnh xử lý xong');

    // The form stays usable meanwhile.
    await fillCounts(user);
    await user.click(screen.getByTestId('form-save'));
    expect(screen.getByTestId('form-save')).toHaveTextContent('Đang chờ xử lý ảnh…');
    expect(callsTo(calls, 'log_float_replacement')).toHaveLength(0);

    gate.resolve();
    await waitFor(() => expect(sent(calls)).toHaveLength(1));
    const [photos] = sent(calls);
    expect(photos).toHaveLength(1);
    expect(photos![0]).toMatchObject({ moment: 'before', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await waitFor(() => expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}`));
  });

  it('does not save when a photo it waited for fails, and says why', async () => {
    const gate = deferred();
    const { calls, user } = await openForm(new MockBackend(), {
      stage_photo: async () => {
        await gate.promise;
        throw new Error('disk full');
      },
    });
    await user.upload(screen.getByTestId('photo-input-after'), phonePhoto());
    await fillCounts(user);
    await user.click(screen.getByTestId('form-save'));
    gate.resolve();

    expect(await screen.findByTestId('error-photos')).toHaveTextContent('Có ảnh chưa xử lý được nên bản ghi chưa được lưu');
    expect(screen.getByTestId('photo-error')).toHaveTextContent('«IMG_0001.jpg»: Không gọi được phần xử lý của ứng dụng: disk full');
    expect(screen.getByTestId('form-error')).toHaveFocus();
    expect(callsTo(calls, 'log_float_replacement')).toHaveLength(0);
    expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}/replace`);

    // Closing the error and saving again saves without it.
    await user.click(screen.getByTestId('photo-error-dismiss'));
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(sent(calls)).toEqual([[]]));
  });

  it('shows the Rust side’s refusal of a photo not staged on this device in the photo section', async () => {
    const refusal: CommandError = {
      code: 'validation',
      message: { vi: 'Dữ liệu chưa hợp lệ', en: 'Some fields are not valid' },
      fields: [
        {
          field: 'photos',
          code: 'photo.not_staged',
          message: { vi: 'Ảnh không có trên máy này: hãy chọn lại ảnh', en: 'The photo is not on this device: attach it again' },
        },
      ],
    };
    const { user } = await openForm(new MockBackend(), {
      log_float_replacement: () => {
        throw refusal;
      },
    });
    await user.upload(screen.getByTestId('photo-input-before'), phonePhoto());
    await screen.findByTestId('photo-tile');
    await fillCounts(user);
    await user.click(screen.getByTestId('form-save'));
    expect(await screen.findByTestId('error-photos')).toHaveTextContent('Ảnh không có trên máy này: hãy chọn lại ảnh');
    expect(screen.getByTestId('photo-attach')).toHaveClass('invalid');
    // Named under the photos, not repeated in the summary.
    expect(screen.getByTestId('form-error')).not.toHaveTextContent('hãy chọn lại ảnh');
  });

  it('refuses a file over 40 MB without reading it, and works in English', async () => {
    const { calls, user } = await openForm();
    await user.click(screen.getByTestId('lang-en'));
    const huge = new File(['x'], 'PANORAMA.jpg', { type: 'image/jpeg' });
    Object.defineProperty(huge, 'size', { value: 41 * 1024 * 1024 });
    await user.upload(screen.getByTestId('photo-input-before'), huge);
    expect(await screen.findByTestId('photo-error')).toHaveTextContent('«PANORAMA.jpg»: The photo is too large (at most 40 MB)');
    expect(callsTo(calls, 'stage_photo')).toHaveLength(0);
    expect(screen.getByTestId('photo-attach-before')).toHaveTextContent('Add before photos');
  });
});

describe('float replacement form: the floats left', () => {
  it('warns, without blocking, when more styrofoam is removed than the raft has left', async () => {
    const { calls, user, backend } = await openForm();
    const left = Number((backend.handle('get_raft', { id: SHOWCASE_RAFT_ID }) as RaftDetail).floats.styrofoam);
    expect(left).toBeGreaterThan(0);
    const removed = screen.getByLabelText(/Số phao xốp đã tháo/);
    await user.type(removed, String(left));
    expect(screen.queryByTestId('replace-overdraw-warning')).not.toBeInTheDocument();
    await user.clear(removed);
    await user.type(removed, String(left * 10));
    const warning = screen.getByTestId('replace-overdraw-warning');
    expect(warning).toHaveTextContent('nhiều hơn số máy này ghi nhận còn trên lồng bè');
    expect(warning).not.toHaveAttribute('role', 'alert');
    await user.type(screen.getByLabelText(/Số phao mới đã lắp/), '10');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'log_float_replacement')).toHaveLength(1));
  });
});
