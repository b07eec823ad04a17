// The viewer: one series, one image at a time, rendered by the server (PS3.18 8.3.5) so that
// 16-bit data are windowed before they are reduced to 8 bits. PNG by default (lossless); JPEG on
// request. Window centre and width by mouse drag, inputs or presets; wheel, arrow keys or the
// slider move through the images and frames.

import { qido, rendered, getJson, attr, personName, TAG } from './api.js';
import { h, show, message } from './dom.js';

// Common CT presets in Hounsfield units: [name, centre, width].
const PRESETS = [
  ['Soft tissue', 40, 400],
  ['Lung', -600, 1500],
  ['Bone', 400, 1800],
  ['Brain', 40, 80],
  ['Liver', 60, 160],
];

function first(meta, tag) {
  const e = meta && meta[tag];
  return e && e.Value && e.Value.length ? Number(e.Value[0]) : NaN;
}

export async function viewerPage(main, [studyUid, seriesUid]) {
  const base = '/dicomweb/studies/' + studyUid + '/series/' + seriesUid;
  const [studies, instances] = await Promise.all([
    qido('/dicomweb/studies', { StudyInstanceUID: studyUid }),
    qido(base + '/instances'),
  ]);
  const study = studies[0];
  instances.sort((a, b) => Number(attr(a, TAG.InstanceNumber) || 0) - Number(attr(b, TAG.InstanceNumber) || 0));
  // Every frame of every instance, in order: [path of the frame or instance, label].
  const images = [];
  for (const inst of instances) {
    const path = base + '/instances/' + attr(inst, TAG.SopInstanceUID);
    const frames = Number(attr(inst, TAG.NumberOfFrames) || 1);
    if (frames > 1) for (let f = 1; f <= frames; f++) images.push([path + '/frames/' + f, attr(inst, TAG.InstanceNumber) + ' frame ' + f]);
    else images.push([path, attr(inst, TAG.InstanceNumber)]);
  }
  const back = h('p', null, h('a', { href: '#/study/' + studyUid }, '← Study'));
  if (images.length === 0) {
    show(main, back, h('h1', null, 'Viewer'), message('info', 'This series has no images.'));
    return null;
  }

  // The window of the first image, from its metadata (PS3.3 C.11.2); else none: the server's own.
  let initial = null;
  try {
    const meta = await getJson(base + '/instances/' + attr(instances[0], TAG.SopInstanceUID) + '/metadata');
    const m = Array.isArray(meta) ? meta[0] : meta;
    const c = first(m, TAG.WindowCenter);
    const w = first(m, TAG.WindowWidth);
    if (Number.isFinite(c) && Number.isFinite(w) && w >= 1) initial = { center: c, width: w };
  } catch (e) { /* no metadata: the server picks the window */ }

  const state = { index: 0, window: initial, format: 'image/png' };
  let shown = null; // what the image shows now: {index, window, format}
  let loading = false;
  let url = null;
  let controller = null;

  const img = h('img', { id: 'viewer-image', alt: 'Image', draggable: 'false' });
  const overlay = h('div', { class: 'overlay', id: 'viewer-overlay', 'aria-hidden': 'true' });
  const stage = h('div', { class: 'stage', id: 'viewer-stage', tabindex: '0', role: 'img',
    'aria-label': 'Image viewer: drag to change the window, wheel or arrow keys to move through the images' }, img, overlay);
  const status = h('div', { id: 'viewer-status', 'aria-live': 'polite' });
  const center = h('input', { id: 'wc', type: 'number', step: 'any', value: initial ? initial.center : '' });
  const width = h('input', { id: 'ww', type: 'number', step: 'any', min: '1', value: initial ? initial.width : '' });
  const slider = h('input', { id: 'viewer-slider', type: 'range', min: '0', max: String(images.length - 1), value: '0', 'aria-label': 'Image' });
  const position = h('span', { id: 'viewer-position' });
  const format = h('select', { id: 'viewer-format' },
    h('option', { value: 'image/png' }, 'PNG (lossless)'),
    h('option', { value: 'image/jpeg' }, 'JPEG'));

  function same(a, b) {
    return a && b && a.index === b.index && a.format === b.format &&
      JSON.stringify(a.window) === JSON.stringify(b.window);
  }

  function describe() {
    const w = state.window;
    overlay.textContent =
      (study ? personName(study, TAG.PatientName) + '  ' + attr(study, TAG.PatientID) + '\n' : '') +
      'Image ' + (state.index + 1) + ' / ' + images.length + '  (#' + images[state.index][1] + ')\n' +
      (w ? 'C ' + round(w.center) + '  W ' + round(w.width) : 'Window from the image');
    position.textContent = (state.index + 1) + ' / ' + images.length;
    slider.value = String(state.index);
    if (document.activeElement !== center) center.value = w ? round(w.center) : '';
    if (document.activeElement !== width) width.value = w ? round(w.width) : '';
  }

  // Loads what the state asks for; while a load runs, later changes wait and the newest wins.
  async function load() {
    describe();
    if (loading || same(state, shown)) return;
    loading = true;
    const want = { index: state.index, window: state.window && { ...state.window }, format: state.format };
    controller = new AbortController();
    try {
      const next = await rendered(images[want.index][0], { window: want.window, accept: want.format, signal: controller.signal });
      await new Promise((resolve, reject) => {
        img.onload = resolve;
        img.onerror = () => reject(new Error('the browser cannot show the image'));
        img.src = next;
      });
      if (url) URL.revokeObjectURL(url);
      url = next;
      shown = want;
      img.dataset.index = String(want.index);
      img.dataset.window = want.window ? want.window.center + ',' + want.window.width : '';
      img.alt = 'Image ' + (want.index + 1) + ' of ' + images.length;
      show(status);
    } catch (e) {
      if (e.name !== 'AbortError') {
        shown = want; // do not retry the same request in a loop
        show(status, message('error', 'The image cannot be shown: ' + e.message));
      }
    } finally {
      loading = false;
    }
    if (!same(state, shown)) load();
  }

  function go(index) {
    state.index = Math.max(0, Math.min(images.length - 1, index));
    load();
  }

  function setWindow(c, w) {
    if (!Number.isFinite(c) || !Number.isFinite(w)) return;
    state.window = { center: c, width: Math.max(1, w) };
    load();
  }

  // Mouse drag: right/left widens/narrows the window, down/up raises/lowers the centre.
  let drag = null;
  stage.addEventListener('mousedown', e => {
    if (e.button !== 0) return;
    e.preventDefault();
    stage.focus();
    const w = state.window || { center: 128, width: 256 };
    drag = { x: e.clientX, y: e.clientY, center: w.center, width: w.width };
  });
  const onMove = e => {
    if (!drag) return;
    const step = Math.max(drag.width / 256, 0.01);
    setWindow(drag.center + (e.clientY - drag.y) * step, drag.width + (e.clientX - drag.x) * step);
  };
  const onUp = () => { drag = null; };
  window.addEventListener('mousemove', onMove);
  window.addEventListener('mouseup', onUp);

  stage.addEventListener('wheel', e => {
    e.preventDefault();
    go(state.index + (e.deltaY > 0 ? 1 : -1));
  }, { passive: false });

  const onKey = e => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };
    if (e.key in moves) { e.preventDefault(); go(state.index + moves[e.key]); }
    else if (e.key === 'Home') { e.preventDefault(); go(0); }
    else if (e.key === 'End') { e.preventDefault(); go(images.length - 1); }
  };
  document.addEventListener('keydown', onKey);

  slider.addEventListener('input', () => go(Number(slider.value)));
  const typed = () => setWindow(Number(center.value), Number(width.value));
  center.addEventListener('change', typed);
  width.addEventListener('change', typed);
  format.addEventListener('change', () => { state.format = format.value; load(); });

  const presets = h('div', { class: 'presets' },
    h('button', { type: 'button', class: 'secondary', id: 'preset-default', on: { click: () => { state.window = initial; load(); } } }, 'Default'),
    PRESETS.map(([name, c, w]) => h('button', { type: 'button', class: 'secondary', id: 'preset-' + name.toLowerCase().replace(/\s+/g, '-'),
      on: { click: () => setWindow(c, w) } }, name)));

  show(main, back,
    h('h1', null, 'Viewer'),
    h('div', { class: 'viewer' },
      h('div', null, stage, status),
      h('div', { class: 'controls panel' },
        h('label', null, 'Image ', position, slider),
        h('label', null, 'Window centre', center),
        h('label', null, 'Window width', width),
        h('div', null, h('span', { class: 'muted' }, 'Presets'), presets),
        h('label', null, 'Format', format),
        h('p', { class: 'muted' }, 'Drag on the image: left and right change the width, up and down the centre. Wheel or arrow keys: next and previous image.'))));
  load();

  return () => {
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    document.removeEventListener('keydown', onKey);
    if (controller) controller.abort();
    if (url) URL.revokeObjectURL(url);
  };
}

function round(x) {
  return Math.round(x * 10) / 10;
}
