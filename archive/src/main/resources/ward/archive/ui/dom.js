// Building the page. Every value, patient data above all, reaches the DOM as a text node or an
// attribute value: nothing here parses a string as HTML.

/**
 * h('tag', {attr: value, class: 'x', on: {click: fn}}, child, ...): an element. Children are
 * elements, strings (added as text), numbers, arrays of children, or null (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of el. */
export function show(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A message box: kind is 'error', 'ok' or 'info'. */
export function message(kind, text) {
  return h('div', { class: 'msg ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A table of rows; columns are [heading, row => cell content]. */
export function table(columns, rows, options = {}) {
  const head = h('thead', null, h('tr', null, columns.map(([title]) => h('th', { scope: 'col' }, title))));
  const body = h('tbody', null, rows.map(row => {
    const tr = h('tr', null, columns.map(([, cell, cls]) => h('td', cls ? { class: cls } : null, cell(row))));
    if (options.onOpen) {
      tr.classList.add('link');
      tr.tabIndex = 0;
      tr.addEventListener('click', () => options.onOpen(row));
      tr.addEventListener('keydown', e => { if (e.key === 'Enter') options.onOpen(row); });
    }
    return tr;
  }));
  const t = h('table', null, head, body);
  if (options.caption) t.prepend(h('caption', { class: 'muted' }, options.caption));
  return t;
}

/** Any JSON value as nested definition lists and lists, as text. */
export function value(v) {
  if (v === null || v === undefined) return h('span', { class: 'muted' }, '—');
  if (Array.isArray(v)) {
    if (v.length === 0) return h('span', { class: 'muted' }, 'none');
    return h('ul', { class: 'plain' }, v.map(x => h('li', null, value(x))));
  }
  if (typeof v === 'object') {
    return h('dl', { class: 'kv' }, Object.entries(v).map(([k, x]) => [h('dt', null, label(k)), h('dd', null, value(x))]));
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function label(key) {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, c => c.toUpperCase());
}

/** A byte count for people. */
export function bytes(n) {
  if (typeof n !== 'number') return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

/** A form's named fields as an object of trimmed strings. */
export function fields(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) out[k] = typeof v === 'string' ? v.trim() : v;
  return out;
}

/** Saves a blob under a file name through a temporary link. */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'skip' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
