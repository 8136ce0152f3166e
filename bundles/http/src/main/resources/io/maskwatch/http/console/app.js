// Maskwatch console: plain browser JavaScript against the REST API (docs/openapi.yaml).
// The API token is traded once for an HttpOnly cookie (POST /api/session), because <img> requests
// for live views and thumbnails cannot carry an Authorization header.
'use strict';

const PAGE = 25;
let offset = 0;
let total = 0;

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

async function api(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  if (r.status === 401) {
    showLogin();
    throw new Error('signed out');
  }
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).error; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return r;
}

async function signIn(token) {
  const r = await fetch('/api/session', { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
  if (r.status !== 204) throw new Error('that token is not valid');
}

function showLogin() {
  $('#app').hidden = true;
  $('#login').hidden = false;
}

async function start() {
  $('#login').hidden = true;
  $('#app').hidden = false;
  await loadCameras();
  await search();
  setInterval(() => loadCameras().catch(() => {}), 5000);
}

// --- cameras ---------------------------------------------------------------------------------

const cards = new Map();

async function loadCameras() {
  const cams = await (await api('/api/cameras')).json();
  const select = $('#search select[name=camera]');
  const box = $('#cameras');
  if (cams.length === 0 && !box.querySelector('.empty')) {
    box.append(el('p', { class: 'empty' }, 'No cameras are configured.'));
  }
  for (const c of cams) {
    let card = cards.get(c.camera);
    if (!card) {
      card = cameraCard(c);
      cards.set(c.camera, card);
      box.append(card.root);
      select.append(el('option', { value: c.camera }, c.name || c.camera));
    }
    updateCard(card, c);
  }
  $('#status').textContent = cams.filter((c) => c.state === 'RUNNING').length + ' of ' + cams.length + ' cameras running';
}

function cameraCard(c) {
  const view = el('div', { class: 'view' });
  const state = el('span', { class: 'state' });
  const stats = el('div', { class: 'stats' });
  const reason = el('div', { class: 'reason' });
  const chart = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  chart.setAttribute('class', 'chart');
  chart.setAttribute('data-camera', c.camera);
  const caption = el('div', { class: 'chart-caption' });
  const root = el('article', { class: 'camera', 'data-camera': c.camera }, view,
    el('div', { class: 'info' }, el('span', { class: 'name' }, c.name || c.camera), state, stats, reason, chart, caption));
  return { root, view, state, stats, reason, chart, caption, streaming: false };
}

function updateCard(card, c) {
  card.state.textContent = c.state;
  card.state.className = 'state ' + c.state;
  card.stats.textContent = `${c.fps_in.toFixed(1)} fps in · ${c.fps_out.toFixed(1)} fps analysed · ${c.frames_dropped} dropped · ${c.inference_ms.toFixed(1)} ms inference`;
  card.reason.textContent = c.state === 'RUNNING' ? '' : (c.reason || c.last_error || '');
  if (c.state === 'RUNNING' && !card.streaming) {
    card.view.replaceChildren(el('img', { src: `/api/cameras/${encodeURIComponent(c.camera)}/stream.mjpeg`, alt: 'live view of ' + c.camera }));
    card.streaming = true;
  } else if (c.state !== 'RUNNING') {
    card.view.replaceChildren(c.state === 'STOPPED' ? 'stopped' : 'no picture');
    card.streaming = false;
  }
  loadCompliance(card, c.camera).catch(() => {});
}

// Compliance per minute: stacked bars, masked faces (green) under unmasked faces (red).
async function loadCompliance(card, camera) {
  const minutes = await (await api(`/api/cameras/${encodeURIComponent(camera)}/compliance`)).json();
  const svg = card.chart;
  const w = 300; const h = 60;
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.replaceChildren();
  const recent = minutes.slice(-60);
  const max = Math.max(1, ...recent.map((m) => m.faces));
  const bw = w / 60;
  recent.forEach((m, i) => {
    const x = (60 - recent.length + i) * bw;
    const hm = (m.masked / max) * h;
    const hu = (m.unmasked / max) * h;
    svg.append(rect(x, h - hm, bw - 1, hm, '#2e7d32'), rect(x, h - hm - hu, bw - 1, hu, '#c62828'));
  });
  const faces = recent.reduce((s, m) => s + m.faces, 0);
  const masked = recent.reduce((s, m) => s + m.masked, 0);
  card.caption.textContent = faces === 0 ? 'compliance: no faces in the last hour'
    : `compliance last hour: ${Math.round((100 * masked) / faces)}% of ${faces} faces masked`;
}

function rect(x, y, w, h, fill) {
  const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x, y, width: Math.max(0, w), height: Math.max(0, h), fill })) r.setAttribute(k, v);
  return r;
}

// --- events ----------------------------------------------------------------------------------

function query() {
  const f = new FormData($('#search'));
  const q = new URLSearchParams();
  for (const name of ['camera', 'label', 'min_score']) if (f.get(name)) q.set(name, f.get(name));
  for (const name of ['after', 'before']) if (f.get(name)) q.set(name, new Date(f.get(name) + 'Z').toISOString());
  if (f.get('has_snapshot')) q.set('has_snapshot', '1');
  q.set('limit', PAGE);
  q.set('offset', offset);
  return q;
}

async function search() {
  $('#search-error').textContent = '';
  let r;
  try {
    r = await api('/api/events?' + query());
  } catch (e) {
    $('#search-error').textContent = e.message;
    return;
  }
  total = Number(r.headers.get('X-Total-Count') || 0);
  const events = await r.json();
  const body = $('#events tbody');
  body.replaceChildren(...events.map(row));
  if (events.length === 0) body.append(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No events match.')));
  $('#page').textContent = total === 0 ? '' : `${offset + 1}–${offset + events.length} of ${total}`;
  $('#prev').disabled = offset === 0;
  $('#next').disabled = offset + PAGE >= total;
}

function row(e) {
  const id = encodeURIComponent(e.id);
  const thumb = e.snapshot
    ? el('a', { href: `/api/events/${id}/snapshot.jpg?bbox=1`, target: '_blank' },
      el('img', { class: 'thumb', loading: 'lazy', alt: 'face', src: `/api/events/${id}/snapshot.jpg?crop=1` }))
    : '—';
  const seconds = e.end_time ? (Date.parse(e.end_time) - Date.parse(e.start_time)) / 1000 : null;
  return el('tr', { 'data-id': e.id },
    el('td', {}, thumb),
    el('td', {}, e.start_time.replace('T', ' ').replace('Z', '')),
    el('td', {}, e.camera),
    el('td', {}, e.label),
    el('td', {}, String(e.track_id)),
    el('td', {}, (e.peak_score ?? e.score).toFixed(2)),
    el('td', {}, seconds === null ? 'ongoing' : seconds.toFixed(1) + ' s'),
    el('td', {}, recordingLink(e)));
}

// A media-fragment link (#t=seconds) opens the recording at the event's moment: local files are
// served by the API (with byte ranges, so the browser's player can seek), URLs are linked as they are.
function recordingLink(e) {
  if (!e.recording) return 'live';
  const t = e.media_offset_s ?? 0;
  const href = (/^[a-z][a-z0-9+.-]*:\/\//i.test(e.recording) ? e.recording
    : `/api/events/${encodeURIComponent(e.id)}/recording`) + '#t=' + t.toFixed(1);
  const name = e.recording.split('/').pop();
  const mmss = Math.floor(t / 60) + ':' + String(Math.floor(t % 60)).padStart(2, '0');
  return el('a', { href, class: 'recording', title: e.recording }, `▶ ${name} @ ${mmss}`);
}

// --- wiring ----------------------------------------------------------------------------------

$('#search').addEventListener('submit', (ev) => { ev.preventDefault(); offset = 0; search(); });
$('#prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); search(); });
$('#next').addEventListener('click', () => { offset += PAGE; search(); });
$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    await signIn($('#token').value.trim());
    $('#login-error').textContent = '';
    await start();
  } catch (e) {
    $('#login-error').textContent = e.message;
  }
});

(async () => {
  // A token in the fragment (never sent to the server in the URL) signs in once, then is removed.
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    history.replaceState(null, '', location.pathname);
    try { await signIn(decodeURIComponent(m[1])); } catch (e) { /* fall through to the form */ }
  }
  try { await start(); } catch (e) { if (e.message !== 'signed out') $('#status').textContent = e.message; }
})();
