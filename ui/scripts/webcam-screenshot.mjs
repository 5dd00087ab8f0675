// The webcam photo path in a real browser: Debian's chromium with its fake
// camera (a moving test pattern), the mock build (dist-mock/, `npm run
// build:mock` first) served by `vite preview`. Opens the float replacement
// form, takes a before photo from the webcam with the keyboard, and writes
// two screenshots: the dialog with live frames, and the form with the new tile.
// Usage: node scripts/webcam-screenshot.mjs [out-dir] (default /tmp).
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? '/tmp');
// Not screenshots.mjs's port, so that both can run.
const PORT = Number(process.env.PORT ?? 4179);
const BASE = `http://127.0.0.1:${PORT}/`;
const RAFT = '0193b000-0000-7000-8000-000000000001';

/** @param {string} url @param {number} ms */
async function waitForServer(url, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

const preview = spawn(
  join(ui, 'node_modules', '.bin', 'vite'),
  ['preview', '--outDir', 'dist-mock', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
  { cwd: ui, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
);

/** @type {import('playwright-core').Browser | undefined} */
let browser;
try {
  await waitForServer(BASE);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`console ${m.type()}:`, m.text());
  });

  // Keeps every stream the page opens, to see afterwards that each track ended.
  await page.addInitScript(() => {
    const media = navigator.mediaDevices;
    const open = media.getUserMedia.bind(media);
    /** @type {MediaStream[]} */
    const streams = [];
    Object.assign(window, { __streams: streams });
    media.getUserMedia = async (c) => {
      const s = await open(c);
      streams.push(s);
      return s;
    };
  });
  await page.goto(`${BASE}?mock=1#/rafts/${RAFT}/replace`);
  await page.waitForSelector('main h1');
  await page.evaluate(() => document.fonts.ready);
  const button = page.locator('[data-testid=photo-webcam-before]');
  await button.waitFor();
  await button.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'webcam-buttons.png') });

  // By keyboard, as an inspector without a mouse would (and so that focus rings show).
  await button.focus();
  await page.keyboard.press('Enter');
  const capture = page.locator('[data-testid=webcam-capture]');
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=webcam-video]');
    return v instanceof HTMLVideoElement && v.videoWidth > 0 && v.currentTime > 0.5;
  });
  await capture.waitFor({ state: 'visible' });
  const info = await page.evaluate(() => {
    const v = /** @type {HTMLVideoElement} */ (document.querySelector('[data-testid=webcam-video]'));
    const track = /** @type {MediaStream} */ (v.srcObject).getVideoTracks()[0];
    return {
      video: `${v.videoWidth}×${v.videoHeight}`,
      track: track?.label,
      settings: track?.getSettings(),
      focused: document.activeElement?.getAttribute('data-testid'),
    };
  });
  console.warn('camera:', JSON.stringify(info));
  await page.screenshot({ path: join(out, 'webcam-dialog.png') });

  // Capture has focus once frames arrive: Enter takes the photo.
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=webcam-dialog]', { state: 'detached' });
  const tile = page.locator('[data-testid=photo-tile]');
  await tile.waitFor();
  const after = await page.evaluate(async () => {
    const t = document.querySelector('[data-testid=photo-tile]');
    const v = document.querySelector('video');
    return {
      tile: t?.textContent?.replace(/\s+/g, ' ').trim(),
      sha256: t?.getAttribute('data-sha256'),
      videoLeft: v !== null,
      tracks: /** @type {{ __streams: MediaStream[] }} */ (/** @type {unknown} */ (window)).__streams.flatMap((s) =>
        s.getTracks().map((tr) => tr.readyState),
      ),
      focused: document.activeElement?.getAttribute('data-testid'),
    };
  });
  console.warn('after capture:', JSON.stringify(after));
  await tile.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'webcam-tile.png') });
  console.warn(`wrote ${join(out, 'webcam-dialog.png')} and ${join(out, 'webcam-tile.png')}`);
} finally {
  await browser?.close();
  if (preview.pid) process.kill(-preview.pid, 'SIGTERM');
}
