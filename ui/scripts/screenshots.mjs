// Screenshots of every screen with the IPC mocked, for looking at the UI
// without the Rust side: `npm run screenshots` builds with `--mode mock`
// into dist-mock/, serves it with `vite preview` and drives Debian's
// chromium with playwright-core. Output: ui/screenshots/*.png (the README's screenshot comes
// from the real app, in the end-to-end test).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '..');
const out = resolve(process.argv[2] ?? join(ui, 'screenshots'));
const PORT = 4173;
const BASE = `http://127.0.0.1:${PORT}/`;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const HOUSEHOLD = '0193a000-0000-7000-8000-000000000001';
const RAFT = '0193b000-0000-7000-8000-000000000001';
const OVERDRAWN_RAFT = '0193b000-0000-7000-8000-000000000007';

/** @param {string} url @param {number} ms */
async function waitForServer(url, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

// Its own process group, so that the whole server stops at the end.
const preview = spawn(
  join(ui, 'node_modules', '.bin', 'vite'),
  ['preview', '--outDir', 'dist-mock', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
  { cwd: ui, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
);

/** @type {import('playwright-core').Browser | undefined} */
let browser;
try {
  await waitForServer(BASE);
  mkdirSync(out, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`console ${m.type()}:`, m.text());
  });

  /**
   * @param {string} name file name without .png
   * @param {string} query the query string (mock=1 ...)
   * @param {string} hash the route
   * @param {(() => Promise<unknown>) | null} [act] what to do before the shot
   * @param {{ fullPage?: boolean, keepScroll?: boolean }} [opts] keepScroll: shoot where `act` scrolled to
   */
  async function shot(name, query, hash, act, { fullPage = true, keepScroll = false } = {}) {
    // A fresh document each time (a goto that only changes the hash would not reload).
    await page.goto('about:blank');
    await page.goto(`${BASE}?${query}#${hash}`);
    await page.waitForSelector('main h1');
    await page.evaluate(() => document.fonts.ready);
    if (act) await act();
    await page.mouse.move(0, 0);
    if (!keepScroll) await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    const file = join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    console.warn(`wrote ${file}`);
    return file;
  }

  await shot('01-households', 'mock=1', '/');
  await shot('02-households-empty', 'mock=1&empty=1', '/', async () => page.waitForSelector('[data-testid=load-demo]'));
  await shot('03-households-search', 'mock=1', '/', async () => {
    await page.fill('[data-testid=household-search]', 'hoang tan');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=household-row]').length === 1);
  });
  await shot('04-household-new', 'mock=1', '/households/new');
  await shot('05-household-errors', 'mock=1', '/households/new', async () => {
    await page.fill('#f-full_name', 'Hoàng Mẫu Tân');
    await page.fill('#f-cccd', '0221860');
    await page.click('[data-testid=form-save]');
    await page.waitForSelector('[data-testid=error-cccd]');
  });
  await shot('05b-household-leave', 'mock=1', '/households/new', async () => {
    await page.fill('#f-full_name', 'Hoàng Văn Dở');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=leave-dialog]');
  });
  await shot('06-household-page', 'mock=1', `/households/${HOUSEHOLD}`);
  await shot('07-raft-form', 'mock=1', `/rafts/${RAFT}/edit`);
  await shot('08-raft-page', 'mock=1', `/rafts/${RAFT}`);
  await shot('08b-raft-page-viewport', 'mock=1', `/rafts/${RAFT}`, null, { fullPage: false });
  await shot('08c-raft-void-question', 'mock=1', `/rafts/${RAFT}`, async () => {
    await page.click('[data-testid=history-entry] [data-testid=void-entry]');
    await page.fill('[data-testid=void-reason]', 'Nhập nhầm số lượng phao');
  }, { fullPage: false });
  await shot('08d-raft-voided', 'mock=1', `/rafts/${RAFT}`, async () => {
    await page.click('[data-testid=history-entry] [data-testid=void-entry]');
    await page.fill('[data-testid=void-reason]', 'Nhập nhầm số lượng phao');
    await page.click('[data-testid=void-confirm]');
    await page.waitForSelector('[data-voided=true]');
  });
  await shot('09-raft-overdrawn-en', 'mock=1', `/rafts/${OVERDRAWN_RAFT}`, async () => {
    await page.click('[data-testid=lang-en]');
  });
  await page.evaluate(() => localStorage.removeItem('tidemark.lang'));
  await shot('10-float-replacement', 'mock=1', `/rafts/${RAFT}/replace`);
  await shot('10b-float-replacement-draft', 'mock=1', `/rafts/${RAFT}`, async () => {
    // What a closed window or a flat battery left: the form opens with it.
    await page.evaluate((raft) => {
      /** @type {any} */ (window).__tidemarkMock.drafts.set(`float_replacement:${raft}`, {
        body: { styrofoam_removed: '40', installed: '40', note: 'Gió mạnh, làm tiếp ngày mai' },
        saved_at: new Date(Date.now() - 35 * 60_000).toISOString(),
      });
      location.hash = `#/rafts/${raft}/replace`;
    }, RAFT);
    await page.waitForSelector('[data-testid=draft-restored]');
  }, { fullPage: false });
  await shot('11-relocation', 'mock=1', `/rafts/${RAFT}/relocate`);
  await shot('12-inspection', 'mock=1', `/rafts/${RAFT}/inspect`, async () => {
    await page.click('[data-testid=add-violation]');
  });
  await shot('13-progress', 'mock=1', '/progress');
  /** Signs in on the settings screen of the mock (any http(s) address; admin / mat-khau-demo). */
  async function signIn(password = 'mat-khau-demo') {
    await page.fill('#f-server_url', 'http://192.168.1.10:8787');
    await page.fill('#f-username', 'admin');
    await page.fill('#f-password', password);
    await page.keyboard.press('Enter');
  }

  /** @param {string} state */
  const syncState = (state) => page.waitForSelector(`[data-testid=sync-state][data-state=${state}]`);

  await shot('15-settings-signed-out', 'mock=1', '/settings', async () => syncState('signed-out'));
  await shot('16-settings-error', 'mock=1', '/settings', async () => {
    await signIn('sai-mat-khau');
    await page.waitForSelector('[data-testid=sign-in-error]');
  });
  await shot('16b-settings-bad-server-en', 'mock=1', '/settings', async () => {
    await page.click('[data-testid=lang-en]');
    await page.fill('#f-server_url', '192.168.1.10');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=sign-in-error]');
  });
  await page.evaluate(() => localStorage.removeItem('tidemark.lang'));
  await shot('17-settings-signed-in', 'mock=1', '/settings', async () => {
    await signIn();
    await page.waitForSelector('[data-testid=account-panel]');
    await page.click('[data-testid=sync-now]');
    await page.waitForSelector('[data-testid=toast]');
    await page.waitForSelector('[data-testid=pending-count][data-count="0"]');
  }, { fullPage: false });
  await shot('18-settings-needs-sign-in', 'mock=1', '/settings', async () => {
    await signIn();
    await page.waitForSelector('[data-testid=account-panel]');
    await page.evaluate(() => /** @type {any} */ (window).__tidemarkMock.revokeToken());
    await page.waitForSelector('[data-testid=needs-sign-in]', { timeout: 10000 });
    await page.evaluate(() => document.querySelector('[data-testid=toast] button')?.dispatchEvent(new MouseEvent('click')));
  });
  await shot('19-attention', 'mock=1', '/attention', async () => page.waitForSelector('[data-testid=attention-item]'));
  await shot('20-attention-resolved', 'mock=1', '/attention', async () => {
    await page.click('[data-testid=attention-send-mine]');
    await page.waitForSelector('[data-testid=empty-state]');
  }, { fullPage: false });
  await shot('21-header-offline', 'mock=1', '/settings', async () => {
    await signIn();
    await page.waitForSelector('[data-testid=account-panel]');
    await page.evaluate(() => /** @type {any} */ (window).__tidemarkMock.setNetwork(false));
    await syncState('offline');
  }, { fullPage: false });
  await shot('22-header-online-en', 'mock=1', '/settings', async () => {
    await page.click('[data-testid=lang-en]');
    await signIn();
    await syncState('online');
    await page.click('[data-testid=sync-now]');
    await page.waitForSelector('[data-testid=last-sync]');
  }, { fullPage: false });
  await page.evaluate(() => localStorage.removeItem('tidemark.lang'));
  // A 10-inch tablet, landscape then portrait.
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot('23-tablet-landscape', 'mock=1', '/attention', async () => page.waitForSelector('[data-testid=attention-item]'), {
    fullPage: false,
  });
  await page.setViewportSize({ width: 800, height: 1280 });
  await shot('24-tablet-portrait', 'mock=1', '/settings', async () => {
    await signIn();
    await syncState('online');
  }, { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });

  await shot('14-saved-toast', 'mock=1', `/rafts/${RAFT}/replace`, async () => {
    await page.fill('#f-styrofoam_removed', '50');
    await page.fill('#f-installed', '50');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=toast]');
    await page.waitForSelector('[data-testid=raft-page]');
  }, { fullPage: false });

  // The map, and the position tools (the mock's GNSS receiver answers within 3 s).
  await shot('25-map', 'mock=1', '/map', async () => page.waitForSelector('path.raft-marker'), { fullPage: false });
  await shot('26-map-popup', 'mock=1', '/map', async () => {
    await page.waitForSelector('path.raft-marker');
    await page.click('[data-testid=map-outside-item]');
    await page.waitForSelector('[data-testid=map-popup]');
  }, { fullPage: false });
  await shot('27-position-gnss', 'mock=1', `/rafts/${RAFT}/edit`, async () => {
    await page.click('[data-testid=position-position-gnss]');
    await page.waitForSelector('[data-testid=gnss-measure]:not([disabled])');
    await page.fill('[data-testid=gnss-seconds]', '3');
    await page.click('[data-testid=gnss-measure]');
    await page.waitForSelector('[data-testid=gnss-result]', { timeout: 10000 });
    await page.locator('[data-testid=position-position]').scrollIntoViewIfNeeded();
  }, { fullPage: false, keepScroll: true });
  await shot('30b-settings-photo-size', 'mock=1', '/settings', async () => {
    await page.waitForSelector('[data-testid=photo-max-px]');
    await page.selectOption('[data-testid=photo-max-px]', '1024');
    await page.locator('[data-testid=photo-size-panel]').scrollIntoViewIfNeeded();
  }, { fullPage: false, keepScroll: true });
  await shot('28-position-from-boat', 'mock=1', `/rafts/${RAFT}/edit`, async () => {
    await page.click('[data-testid=position-position-offset]');
    await page.fill('#f-position-bearing', '135');
    await page.fill('#f-position-distance', '400');
    await page.locator('[data-testid=position-position]').scrollIntoViewIfNeeded();
  }, { fullPage: false, keepScroll: true });
  await shot('29-map-picker', 'mock=1', `/rafts/${RAFT}/edit`, async () => {
    await page.click('[data-testid=position-position-map]');
    const canvas = page.locator('[data-testid=map-picker-canvas]');
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    if (box) await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.45);
    await page.waitForSelector('[data-testid=map-picker-use]:not([disabled])');
  }, { fullPage: false });
  await shot('30-settings-basemap', 'mock=1', '/settings', async () => {
    await page.fill('[data-testid=basemap-path]', '/media/usb/qy-10000.mbtiles');
    await page.click('[data-testid=load-basemap]');
    await page.waitForSelector('[data-testid=basemap-info]');
    await page.locator('[data-testid=basemap-panel]').scrollIntoViewIfNeeded();
  }, { fullPage: false, keepScroll: true });

  // Site photos: fake JPEGs the mock reads (size and EXIF from the header), made by the mock itself.
  /**
   * @param {string} name
   * @param {{ width: number, height: number, takenAt?: string, gps?: { lat: number, lon: number }, bytes?: number, seed?: number }} spec
   */
  async function sampleFile(name, spec) {
    const b64 = await page.evaluate((s) => /** @type {any} */ (window).__tidemarkMock.samplePhotoBase64(s), spec);
    return { name, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
  }
  async function attachPhotos() {
    const before = await sampleFile('IMG_20250812_091502.jpg', {
      width: 4032,
      height: 3024,
      takenAt: '2025:08:12 09:15:02',
      gps: { lat: 20.865214, lon: 106.861137 },
      bytes: 6_500_000,
      seed: 1,
    });
    const before2 = await sampleFile('IMG_20250812_091630.jpg', {
      width: 1600,
      height: 1200,
      takenAt: '2025:08:12 09:16:30',
      seed: 2,
    });
    const heic = { name: 'IMG_20250812_092011.HEIC', mimeType: 'image/heic', buffer: Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic') };
    const after = await sampleFile('IMG_20250812_104455.jpg', {
      width: 4000,
      height: 3000,
      takenAt: '2025:08:12 10:44:55',
      gps: { lat: 20.865231, lon: 106.861092 },
      bytes: 5_200_000,
      seed: 3,
    });
    await page.setInputFiles('[data-testid=photo-input-before]', [before, before2, heic]);
    await page.setInputFiles('[data-testid=photo-input-after]', [after]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=photo-tile]').length === 3);
    await page.waitForSelector('[data-testid=photo-error]');
  }
  /** The history's heading just under the header. */
  async function scrollToHistory() {
    await page.evaluate(() => {
      const h = document.getElementById('raft-history');
      if (h) window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 90);
    });
  }
  await shot('31-float-replacement-photos', 'mock=1', `/rafts/${RAFT}/replace`, async () => {
    await page.fill('#f-styrofoam_removed', '50');
    await page.fill('#f-installed', '50');
    await attachPhotos();
  });
  await shot('31b-float-replacement-photos-viewport', 'mock=1', `/rafts/${RAFT}/replace`, async () => {
    await attachPhotos();
    await page.locator('[data-testid=photo-attach]').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 120));
  }, { fullPage: false, keepScroll: true });
  await shot('32-photos-staging', 'mock=1', `/rafts/${RAFT}/inspect`, async () => {
    // Staging that takes its time: the busy tile, and Save waiting for it.
    await page.evaluate(() => {
      const m = /** @type {any} */ (window).__tidemarkMock;
      const handle = m.handle.bind(m);
      m.handle = (/** @type {string} */ cmd, /** @type {unknown} */ a) =>
        cmd === 'stage_photo' ? new Promise((r) => setTimeout(() => r(handle(cmd, a)), 60000)) : handle(cmd, a);
    });
    await page.setInputFiles('[data-testid=photo-input-after]', [
      await sampleFile('IMG_20250812_104455.jpg', { width: 4000, height: 3000, bytes: 5_200_000, seed: 4 }),
    ]);
    await page.waitForSelector('[data-testid=photo-busy]');
    await page.locator('[data-testid=form-save]').scrollIntoViewIfNeeded();
  }, { fullPage: false, keepScroll: true });
  await shot('33-raft-history-photos', 'mock=1', `/rafts/${RAFT}`, async () => {
    await page.waitForSelector('[data-testid=event-photo][data-state=uploading]');
    await page.waitForSelector('[data-testid=event-photo][data-state=remote]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=event-photo] img').length === 4);
    await scrollToHistory();
  }, { fullPage: false, keepScroll: true });
  await shot('33b-raft-history-photos-en', 'mock=1', `/rafts/${RAFT}`, async () => {
    await page.click('[data-testid=lang-en]');
    await page.waitForSelector('[data-testid=event-photo][data-state=uploading]');
    await scrollToHistory();
  }, { fullPage: false, keepScroll: true });
  await page.evaluate(() => localStorage.removeItem('tidemark.lang'));
  await shot('34-sync-photos-toast', 'mock=1', '/settings', async () => {
    await signIn();
    await page.waitForSelector('[data-testid=account-panel]');
    await page.click('[data-testid=sync-now]');
    await page.waitForSelector('[data-testid=toast]');
  }, { fullPage: false });
  await page.setViewportSize({ width: 800, height: 1280 });
  await shot('35-photos-tablet-portrait', 'mock=1', `/rafts/${RAFT}/replace`, async () => {
    await attachPhotos();
    await page.locator('[data-testid=photo-attach]').scrollIntoViewIfNeeded();
  }, { fullPage: false, keepScroll: true });
  await page.setViewportSize({ width: 1280, height: 800 });

} finally {
  await browser?.close();
  if (preview.pid) process.kill(-preview.pid, 'SIGTERM');
}
