import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { MockBackend } from '../mock/backend';
import { callsTo, mockCommands } from '../../test/ipc';
import PhotoSizePanel from './PhotoSizePanel.svelte';

function commands(backend: MockBackend) {
  return mockCommands({
    photo_max_px: (a) => backend.handle('photo_max_px', a),
    set_photo_max_px: (a) => backend.handle('set_photo_max_px', a),
  });
}

const select = () => screen.getByTestId('photo-max-px') as HTMLSelectElement;

afterEach(() => cleanup());

describe('settings: the size photos are sent at', () => {
  it('shows the stored maximum and keeps a new one', async () => {
    const backend = new MockBackend();
    const calls = commands(backend);
    render(PhotoSizePanel);
    await waitFor(() => expect(select().value).toBe('2048'));
    expect(select()).toHaveTextContent('2.048 điểm ảnh (mặc định)');
    await userEvent.setup().selectOptions(select(), '1024');
    await waitFor(() => expect(backend.photoMaxPx).toBe(1024));
    expect(callsTo(calls, 'set_photo_max_px')).toEqual([{ px: 1024 }]);
    expect(select().value).toBe('1024');
  });

  it('shows a maximum set from the CLI that is not in the list, and says why one is refused', async () => {
    const backend = new MockBackend();
    backend.photoMaxPx = 800;
    commands(backend);
    render(PhotoSizePanel);
    await waitFor(() => expect(select().value).toBe('800'));
    // The Rust side refuses a value out of bounds: the message shows, the kept value stays.
    mockCommands({
      photo_max_px: () => 800,
      set_photo_max_px: () => {
        throw {
          code: 'validation',
          message: { vi: 'Có 1 trường chưa hợp lệ', en: '1 field is not valid' },
          fields: [
            {
              field: 'photo_max_px',
              code: 'photo.max_px',
              message: { vi: 'Kích thước tối đa phải từ 320 đến 8192 điểm ảnh', en: 'The maximum must be 320 to 8,192 pixels' },
            },
          ],
        };
      },
    });
    await userEvent.setup().selectOptions(select(), '4096');
    expect(await screen.findByText('Kích thước tối đa phải từ 320 đến 8192 điểm ảnh')).toBeInTheDocument();
    expect(select().value).toBe('800');
  });
});
