import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { CommandError } from '../bindings/CommandError';
import type { HouseholdDetail } from '../bindings/HouseholdDetail';
import { navigate } from '../lib/router.svelte';
import { callsTo, mockCommands } from '../test/ipc';

const validation: CommandError = {
  code: 'validation',
  message: { vi: 'Dữ liệu chưa hợp lệ', en: 'Some fields are not valid' },
  fields: [
    {
      field: 'cccd',
      code: 'cccd.length',
      message: {
        vi: 'Số CCCD phải có đúng 12 chữ số (đã nhập 3)',
        en: 'A CCCD number has exactly 12 digits (3 entered)',
      },
    },
    {
      field: 'phone',
      code: 'phone.characters',
      message: { vi: 'Số điện thoại chỉ gồm chữ số', en: 'A phone number has digits only' },
    },
  ],
};

function detail(id: string): HouseholdDetail {
  return {
    household: {
      id,
      full_name: 'Hoàng Mẫu Tân',
      cccd: '022000000001',
      phone: null,
      village: 'Thôn 3',
      admin_unit_code: 'QY-HOANG-TAN-2011',
      cooperative: null,
      demo: false,
      meta: { created_at: '2025-02-13T03:40:00Z', updated_at: '2025-02-13T03:40:00Z', created_by: 'x', device_id: 'd' },
    },
    admin_unit_name: 'Hoàng Tân',
    rafts: [],
  };
}

async function openNewForm() {
  navigate('#/households/new');
  render(App);
  return screen.findByLabelText(/Họ và tên chủ hộ/);
}

describe('household form', () => {
  it('shows each field error of a rejected save under its input', async () => {
    const calls = mockCommands({
      save_household: () => {
        throw validation;
      },
    });
    const user = userEvent.setup();
    await user.type(await openNewForm(), 'Hoàng Mẫu Tân');
    await user.type(screen.getByLabelText('Số CCCD'), '123');
    await user.type(screen.getByLabelText('Số điện thoại'), 'abc');
    await user.selectOptions(screen.getByLabelText(/Phường\/xã/), 'QY-HOANG-TAN-2011');
    await user.click(screen.getByTestId('form-save'));

    const cccdInput = screen.getByLabelText('Số CCCD');
    const cccdError = await screen.findByTestId('error-cccd');
    expect(cccdError).toHaveTextContent('Số CCCD phải có đúng 12 chữ số (đã nhập 3)');
    // Under its own input, and announced with it.
    expect(within(cccdInput.closest('.field') as HTMLElement).getByTestId('error-cccd')).toBe(cccdError);
    expect(cccdInput).toHaveAttribute('aria-invalid', 'true');
    expect(cccdInput.getAttribute('aria-describedby')).toContain(cccdError.id);
    expect(cccdInput).toHaveAccessibleDescription(/đúng 12 chữ số/);
    expect(screen.getByTestId('error-phone')).toHaveTextContent('Số điện thoại chỉ gồm chữ số');
    expect(screen.queryByTestId('error-full_name')).not.toBeInTheDocument();
    expect(screen.getByTestId('form-error')).toHaveTextContent('Chưa lưu được');
    // Focus goes to the first field in error.
    expect(cccdInput).toHaveFocus();
    expect(screen.queryByTestId('toast')).not.toBeInTheDocument();

    expect(callsTo(calls, 'save_household')).toEqual([
      {
        id: null,
        input: {
          full_name: 'Hoàng Mẫu Tân',
          cccd: '123',
          phone: 'abc',
          village: '',
          admin_unit_code: 'QY-HOANG-TAN-2011',
          cooperative: '',
        },
      },
    ]);

    // The Rust message follows the language switch.
    await user.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('error-cccd')).toHaveTextContent('A CCCD number has exactly 12 digits (3 entered)');
  });

  it('shows the saved toast and the new pending count, then opens the household', async () => {
    const calls = mockCommands({
      save_household: () => ({ id: 'h-new', pending_sync: 7 }),
      get_household: (a) => detail(String(a.id)),
    });
    const user = userEvent.setup();
    await user.type(await openNewForm(), 'Hoàng Mẫu Tân');
    await user.type(screen.getByLabelText(/Thôn\/khu/), 'Thôn 3');
    await user.selectOptions(screen.getByLabelText(/Phường\/xã/), 'QY-HOANG-TAN-2011');
    // Enter in a field submits the form.
    await user.type(screen.getByLabelText(/Thôn\/khu/), '{Enter}');

    expect(await screen.findByTestId('toast')).toHaveTextContent('Đã lưu trên thiết bị này');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('7 thay đổi chờ đồng bộ');
    await waitFor(() => expect(location.hash).toBe('#/households/h-new'));
    expect(await screen.findByRole('heading', { level: 1, name: /Hoàng Mẫu Tân/ })).toBeInTheDocument();
    expect(callsTo(calls, 'save_household')).toHaveLength(1);
  });

  it('offers current wards first, then the units from before 1/7/2025', async () => {
    mockCommands({});
    await openNewForm();
    const groups = screen.getByLabelText(/Phường\/xã/).querySelectorAll('optgroup');
    expect([...groups].map((g) => g.label)).toEqual(['Phường hiện nay (từ 1/7/2025)', 'Trước 1/7/2025']);
    expect(groups[0]!.querySelectorAll('option')).toHaveLength(6);
    expect(groups[1]!.querySelectorAll('option')).toHaveLength(19);
    expect(within(groups[1]!).getByText('Xã Hoàng Tân (nay thuộc phường Hà An)')).toBeInTheDocument();
  });

  it('Escape on an untouched form goes straight back to the list', async () => {
    mockCommands({ search_households: () => [] });
    const user = userEvent.setup();
    await openNewForm();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(location.hash).toBe('#/'));
    expect(screen.queryByTestId('leave-dialog')).not.toBeInTheDocument();
  });

  it('asks before Escape throws away what was typed, and keeps it unless told to discard', async () => {
    const calls = mockCommands({ search_households: () => [] });
    const user = userEvent.setup();
    const name = await openNewForm();
    await user.type(name, 'Bỏ dở');
    await user.keyboard('{Escape}');
    const dialog = await screen.findByTestId('leave-dialog');
    expect(dialog).toHaveTextContent('Bỏ những gì vừa nhập?');
    expect(location.hash).toBe('#/households/new');
    // Escape again closes the question, not the form.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('leave-dialog')).not.toBeInTheDocument());
    expect(screen.getByLabelText(/Họ và tên chủ hộ/)).toHaveValue('Bỏ dở');
    expect(location.hash).toBe('#/households/new');

    await user.click(screen.getByTestId('form-cancel'));
    await user.click(await screen.findByTestId('leave-discard'));
    await waitFor(() => expect(location.hash).toBe('#/'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Hộ nuôi' })).toBeInTheDocument();
    expect(callsTo(calls, 'save_household')).toHaveLength(0);
  });

  it('asks before a menu link leaves a form with input, and stays when told to', async () => {
    mockCommands({ search_households: () => [] });
    const user = userEvent.setup();
    await user.type(await openNewForm(), 'Nguyễn Văn Giữ');
    await user.click(screen.getByTestId('nav-progress'));
    await screen.findByTestId('leave-dialog');
    expect(location.hash).toBe('#/households/new');
    await user.click(screen.getByTestId('leave-stay'));
    expect(screen.getByLabelText(/Họ và tên chủ hộ/)).toHaveValue('Nguyễn Văn Giữ');

    await user.click(screen.getByTestId('nav-progress'));
    await user.click(await screen.findByTestId('leave-discard'));
    await waitFor(() => expect(location.hash).toBe('#/progress'));
  });

  it('Escape closes an open delete question, not the page; a delete then leaves without asking', async () => {
    const calls = mockCommands({
      get_household: (a) => detail(String(a.id)),
      delete_household: (a) => ({ id: String(a.id), pending_sync: 3 }),
      search_households: () => [],
    });
    navigate('#/households/h1/edit');
    render(App);
    const name = await screen.findByLabelText(/Họ và tên chủ hộ/);
    const user = userEvent.setup();
    await user.type(name, ' sửa dở');
    await user.click(screen.getByTestId('delete'));
    expect(screen.getByTestId('confirm-delete')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('confirm-delete')).not.toBeInTheDocument());
    expect(location.hash).toBe('#/households/h1/edit');
    expect(screen.queryByTestId('leave-dialog')).not.toBeInTheDocument();
    // Deleting the record is an answer in itself: no question about the typed text.
    await user.click(screen.getByTestId('delete'));
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(location.hash).toBe('#/'));
    expect(callsTo(calls, 'delete_household')).toHaveLength(1);
    expect(screen.queryByTestId('leave-dialog')).not.toBeInTheDocument();
  });

  it('Escape cancels an edit back to the household page', async () => {
    mockCommands({ get_household: (a) => detail(String(a.id)) });
    navigate('#/households/h1/edit');
    render(App);
    const name = await screen.findByLabelText(/Họ và tên chủ hộ/);
    expect(name).toHaveValue('Hoàng Mẫu Tân');
    expect(screen.getByLabelText(/Phường\/xã/)).toHaveValue('QY-HOANG-TAN-2011');
    const user = userEvent.setup();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(location.hash).toBe('#/households/h1'));
    expect(await screen.findByTestId('household-page')).toBeInTheDocument();
  });
});
