import './fonts.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start() {
  // Browser previews only (screenshots, UI work without Rust): `?mock=1`
  // installs an in-memory IPC backend with demo data. The check is
  // compiled out of the production build, and inside Tauri the real IPC is
  // always used.
  if (import.meta.env.DEV || import.meta.env.VITE_MOCK_IPC === '1') {
    const params = new URLSearchParams(location.search);
    if (params.has('mock') && !('__TAURI_INTERNALS__' in window)) {
      const { installMockBackend } = await import('./lib/mock/install');
      installMockBackend({ empty: params.has('empty') });
    }
  }
  const target = document.getElementById('app');
  if (target) mount(App, { target });
}

void start();
