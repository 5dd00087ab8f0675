import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { reloadLang } from './lib/i18n/index.svelte';
import { callsTo, mockCommands } from './test/ipc';

describe('language switch', () => {
  it('starts in Vietnamese', async () => {
    mockCommands({ search_households: () => [] });
    render(App);
    expect(await screen.findByRole('heading', { level: 1, name: 'Hộ nuôi' })).toBeInTheDocument();
    expect(screen.getByTestId('nav-progress')).toHaveTextContent('Tiến độ');
    expect(screen.getByTestId('lang-vi')).toHaveAttribute('aria-pressed', 'true');
  });

  it('changes the visible text, and the choice survives a restart', async () => {
    mockCommands({ search_households: () => [] });
    const user = userEvent.setup();
    const first = render(App);
    await screen.findByRole('heading', { level: 1, name: 'Hộ nuôi' });

    await user.click(screen.getByTestId('lang-en'));

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Farming households');
    expect(screen.getByTestId('nav-households')).toHaveTextContent('Households');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Not signed in');
    expect(screen.getByTestId('sync-now')).toHaveTextContent('Sync now');
    expect(screen.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('lang-vi')).toHaveAttribute('aria-pressed', 'false');
    expect(localStorage.getItem('tidemark.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    // A restart: a fresh copy of every module (Svelte, the i18n state,
    // the app) reads the language from storage again.
    first.unmount();
    vi.resetModules();
    const fresh = await import('@testing-library/svelte');
    const { default: FreshApp } = await import('./App.svelte');
    const second = fresh.render(FreshApp);
    expect(await fresh.screen.findByRole('heading', { level: 1, name: 'Farming households' })).toBeInTheDocument();
    expect(fresh.screen.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
    second.unmount();
  });

  it('starts in the language stored by an earlier session', async () => {
    localStorage.setItem('tidemark.lang', 'en');
    reloadLang(); // what module start-up does
    mockCommands({ search_households: () => [] });
    render(App);
    expect(await screen.findByRole('heading', { level: 1, name: 'Farming households' })).toBeInTheDocument();
  });
});

describe('start-up', () => {
  it('tells the Rust side once, when the first screen has its data', async () => {
    const calls = mockCommands({ search_households: () => [] });
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('empty-state');
    await waitFor(() => expect(callsTo(calls, 'ui_ready')).toHaveLength(1));
    await user.type(screen.getByTestId('household-search'), 'x{Enter}');
    await screen.findByTestId('no-match');
    expect(callsTo(calls, 'ui_ready')).toHaveLength(1);
  });
});

describe('header', () => {
  it('shows the pending sync count and that the device is not signed in yet', async () => {
    mockCommands({ search_households: () => [] });
    render(App);
    expect(await screen.findByText('3 thay đổi chờ đồng bộ')).toHaveAttribute('data-testid', 'pending-count');
    await waitFor(() => expect(screen.getByTestId('sync-state')).toHaveAttribute('data-state', 'signed-out'));
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Chưa đăng nhập');
  });
});
