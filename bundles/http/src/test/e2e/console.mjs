// End-to-end check of the web console in Debian's headless Chromium, driven by playwright-core.
// Usage: node console.mjs BASE_URL TOKEN SCREENSHOT.png   (exit 0 = every check passed)
import { chromium } from 'playwright-core';

const [base, token, shot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});

function check(ok, what) {
  if (!ok) throw new Error('console check failed: ' + what);
  console.log('ok: ' + what);
}

let page;
const errors = [];
try {
  // A wrong token leaves the visitor at the sign-in form.
  const stranger = await browser.newPage();
  await stranger.goto(base + '/console/#token=wrong');
  await stranger.waitForSelector('#login:not([hidden])', { timeout: 10000 });
  check(await stranger.isHidden('#app'), 'a wrong token shows only the sign-in form');
  await stranger.close();

  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => console.log('browser: ' + m.text()));
  await page.goto(base + '/console/#token=' + encodeURIComponent(token));

  await page.waitForSelector('.camera[data-camera="door3"] .state.RUNNING', { timeout: 15000 });
  await page.waitForFunction(() => {
    // an MJPEG image never completes loading; its first part gives it a size
    const img = document.querySelector('.camera[data-camera="door3"] .view img');
    return img && img.naturalWidth > 0;
  }, null, { timeout: 15000 });
  check(true, 'the running camera shows its live MJPEG view');
  check((await page.textContent('.camera[data-camera="gate"] .reason')).includes('connection refused'),
    'a reconnecting camera shows why');
  check(!page.url().includes('token='), 'the token is removed from the address bar');

  await page.waitForSelector('#events tbody tr[data-id]', { timeout: 10000 });
  const rows = await page.$$eval('#events tbody tr[data-id]', (trs) => trs.map((t) => t.dataset.id));
  check(rows.length === 3 && rows[0] === 'e3', 'the event list shows all events, newest first: ' + rows.join(','));
  await page.waitForFunction(() => [...document.querySelectorAll('img.thumb')].every((i) => i.complete && i.naturalWidth > 0),
    null, { timeout: 10000 });
  check((await page.$$('img.thumb')).length === 2, 'events with snapshots show thumbnails');
  const href = await page.getAttribute('tr[data-id="e1"] a.recording', 'href');
  check(href === '/api/events/e1/recording#t=42.5', 'the recording link opens the moment: ' + href);

  await page.waitForFunction(() => document.querySelectorAll('svg.chart[data-camera="door3"] rect').length > 0,
    null, { timeout: 10000 });
  check((await page.textContent('.camera[data-camera="door3"] .chart-caption')).includes('% of'),
    'the compliance chart and its caption are drawn');

  await page.selectOption('#search select[name=camera]', 'gate');
  await page.click('#search button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#events tbody tr[data-id]').length === 1, null, { timeout: 10000 });
  check(true, 'filtering by camera narrows the list');
  await page.selectOption('#search select[name=camera]', '');
  await page.fill('#search input[name=min_score]', '0.8');
  await page.click('#search button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#events tbody tr[data-id]').length === 2, null, { timeout: 10000 });
  check(true, 'filtering by minimum score narrows the list');
  await page.fill('#search input[name=min_score]', '');
  await page.click('#search button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#events tbody tr[data-id]').length === 3, null, { timeout: 10000 });
  await page.waitForFunction(() => [...document.querySelectorAll('img.thumb')].every((i) => i.complete && i.naturalWidth > 0),
    null, { timeout: 10000 });

  check(errors.length === 0, 'no script errors: ' + errors.join('; '));
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);
} catch (e) {
  // keep what the browser showed when a check failed
  if (page) await page.screenshot({ path: shot.replace(/\.png$/, '-failed.png'), fullPage: true }).catch(() => {});
  console.log('page errors: ' + errors.join('; '));
  throw e;
} finally {
  await browser.close();
}
