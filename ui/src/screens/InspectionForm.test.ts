import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { CommandError } from '../bindings/CommandError';
import { todayDmy } from '../lib/format';
import { MockBackend } from '../lib/mock/backend';
import { SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { samplePhoto } from '../lib/mock/photos';
import { navigate } from '../lib/router.svelte';
import { callsTo, mockCommands } from '../test/ipc';

function backendCommands(backend: MockBackend, overrides: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const cmds = ['get_raft', 'log_inspection', 'search_households', 'stage_photo'];
  return mockCommands({
    ...Object.fromEntries(cmds.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])),
    ...overrides,
  });
}

describe('inspection form', () => {
  it('adds and removes violation rows and shows their errors inline', async () => {
    const backend = new MockBackend();
    const rejection: CommandError = {
      code: 'validation',
      message: { vi: 'Dữ liệu chưa hợp lệ', en: 'Some fields are not valid' },
      fields: [
        {
          field: 'violations.1.fine_vnd',
          code: 'money.number',
          message: { vi: 'Số tiền: «nhiều» không phải là số', en: 'Amount: «nhiều» is not a number' },
        },
      ],
    };
    const calls = backendCommands(backend, {
      log_inspection: () => {
        throw rejection;
      },
    });
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}/inspect`);
    render(App);
    const user = userEvent.setup();
    const number = await screen.findByLabelText(/Số biên bản/);
    expect(screen.getByLabelText(/Ngày kiểm tra/)).toHaveValue(todayDmy());

    await user.click(screen.getByTestId('add-violation'));
    await user.click(screen.getByTestId('add-violation'));
    await user.click(screen.getByTestId('add-violation'));
    expect(screen.getAllByTestId('violation-row')).toHaveLength(3);
    expect(screen.getByLabelText(/Căn cứ xử phạt/, { selector: '#f-violations-0-decree_ref' })).toHaveValue(
      'NĐ 38/2024/NĐ-CP, Điều 17',
    );
    await user.click(screen.getAllByTestId('remove-violation')[2]!);
    expect(screen.getAllByTestId('violation-row')).toHaveLength(2);

    await user.type(number, '16/BB-KT');
    await user.type(screen.getByLabelText(/Cán bộ kiểm tra/), 'Cán Bộ Mẫu Một{Enter}Cán Bộ Mẫu Hai');
    await user.type(screen.getByLabelText(/Nội dung, kết quả kiểm tra/), 'Còn phao xốp');
    await user.type(document.getElementById('f-violations-0-description')!, 'Lấn chiếm luồng');
    await user.type(document.getElementById('f-violations-1-description')!, 'Không đăng ký');
    await user.type(document.getElementById('f-violations-1-fine_vnd')!, 'nhiều');
    await user.click(screen.getByTestId('refused-to-sign'));
    await user.click(screen.getByTestId('form-save'));

    expect(await screen.findByTestId('error-violations.1.fine_vnd')).toHaveTextContent(
      'Số tiền: «nhiều» không phải là số',
    );
    const [sent] = callsTo(calls, 'log_inspection');
    expect(sent).toMatchObject({
      input: {
        raft_id: SHOWCASE_RAFT_ID,
        number: '16/BB-KT',
        inspectors: 'Cán Bộ Mẫu Một\nCán Bộ Mẫu Hai',
        refused_to_sign: true,
        violations: [
          { decree_ref: 'NĐ 38/2024/NĐ-CP, Điều 17', description: 'Lấn chiếm luồng', fine_vnd: '' },
          { decree_ref: 'NĐ 38/2024/NĐ-CP, Điều 17', description: 'Không đăng ký', fine_vnd: 'nhiều' },
        ],
      },
    });
  });
});

describe('inspection form: site photos', () => {
  it('attaches photos before and after to the record', async () => {
    const calls = backendCommands(new MockBackend());
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}/inspect`);
    render(App);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Số biên bản/), '17/BB-KT');
    await user.type(screen.getByLabelText(/Cán bộ kiểm tra/), 'Cán Bộ Mẫu Một');
    await user.type(screen.getByLabelText(/Nội dung, kết quả kiểm tra/), 'Đã thay hết phao xốp');
    const photo = (seed: number) => new File([samplePhoto({ width: 1600, height: 1200, seed })], `P${seed}.jpg`, { type: 'image/jpeg' });
    await user.upload(screen.getByTestId('photo-input-before'), photo(1));
    await user.upload(screen.getByTestId('photo-input-after'), photo(2));
    await waitFor(() => expect(screen.getAllByTestId('photo-tile')).toHaveLength(2));
    const shas = screen.getAllByTestId('photo-tile').map((t) => t.dataset.sha256);
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}`));
    expect(callsTo(calls, 'log_inspection')[0]).toMatchObject({
      input: { number: '17/BB-KT', photos: [{ sha256: shas[0], moment: 'before' }, { sha256: shas[1], moment: 'after' }] },
    });
  });
});

describe('a visit in the field, end to end against the mock backend', () => {
  it('logs a float replacement and sees the raft totals and history change', async () => {
    const backend = new MockBackend();
    mockCommands({
      get_raft: (a) => backend.handle('get_raft', a),
      log_float_replacement: (a) => backend.handle('log_float_replacement', a),
    });
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}`);
    render(App);
    const user = userEvent.setup();
    expect(await screen.findByTestId('float-card-styrofoam-value')).toHaveTextContent('50');
    expect(screen.getAllByTestId('history-entry')).toHaveLength(5);

    await user.click(screen.getByTestId('action-replace'));
    await user.type(await screen.findByLabelText('Số phao xốp đã tháo'), '50');
    await user.type(screen.getByLabelText('Số phao mới đã lắp'), '50');
    await user.type(screen.getByLabelText('Số phao mới đã lắp'), '{Enter}');

    expect(await screen.findByTestId('toast')).toHaveTextContent('Đã lưu trên thiết bị này');
    await waitFor(() => expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}`));
    expect(await screen.findByTestId('float-card-styrofoam-value')).toHaveTextContent('0');
    expect(screen.getByTestId('float-card-hdpe-value')).toHaveTextContent('320');
    expect(screen.getAllByTestId('history-entry')).toHaveLength(6);
    expect(screen.getAllByTestId('history-entry')[0]).toHaveTextContent('Tháo 50 phao xốp · Lắp 50 phao nhựa HDPE');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('1 thay đổi chờ đồng bộ');
  });

  it('Escape on an event form goes back to the raft without saving', async () => {
    const backend = new MockBackend();
    const calls = mockCommands({ get_raft: (a) => backend.handle('get_raft', a) });
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}/relocate`);
    render(App);
    await screen.findByLabelText('Bước');
    await userEvent.setup().keyboard('{Escape}');
    await waitFor(() => expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}`));
    expect(await screen.findByTestId('raft-page')).toBeInTheDocument();
    expect(callsTo(calls, 'log_relocation')).toHaveLength(0);
  });
});
