import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/svelte';
import { afterEach, beforeEach } from 'vitest';
import { reloadLang } from '../lib/i18n/index.svelte';
import { navigate } from '../lib/router.svelte';
import { resetStatus } from '../lib/status.svelte';

// jsdom has no layout: scrolling is a no-op here.
window.scrollTo = () => {};

beforeEach(() => {
  localStorage.clear();
  reloadLang();
  resetStatus();
  history.replaceState(null, '', '/');
  navigate('#/');
});

afterEach(() => {
  cleanup();
  clearMocks();
});
