import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { cleanup } from '@testing-library/svelte';
import { afterEach, beforeEach } from 'vitest';
import { reloadLang } from '../lib/i18n/index.svelte';
import { navigate } from '../lib/router.svelte';
import { resetStatus } from '../lib/status.svelte';

// jsdom has no layout: scrolling is a no-op here.
window.scrollTo = () => {};

// jsdom's Blob has no arrayBuffer() (the WebView's has): read it with FileReader.
if (typeof Blob.prototype.arrayBuffer !== 'function') {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error ?? new Error('read failed'));
      reader.readAsArrayBuffer(this);
    });
  };
}

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
