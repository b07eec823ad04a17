// The auditor's view: the audit trail by study, by patient, or searched by user, event, time and
// outcome (PS3.15 A.5), and the integrity of its hash chain.

import { getJson } from './api.js';
import { h, show, message, table, fields } from './dom.js';

export function recordTable(records, withMessage) {
  return table([
    ['#', r => r.seq],
    ['Time', r => r.time],
    ['Event', r => r.event],
    ['Outcome', r => r.outcome],
    ['User', r => r.user],
    ['From', r => r.address],
    ['Studies', r => (r.studies || []).map(s => s.study + (s.patient ? ' (' + s.patient + ')' : '')).join('\n'), 'mono'],
    ...(withMessage ? [['Message', r => h('details', null, h('summary', null, 'XML'), h('pre', { class: 'mono' }, r.message || ''))]] : []),
  ], records);
}

export async function auditPage(main, _, params) {
  const integrity = h('div', { id: 'audit-integrity' }, h('p', { class: 'muted' }, 'Checking…'));
  const results = h('div', { id: 'audit-results' });
  const form = h('form', { class: 'grid panel', id: 'audit-search' },
    h('label', null, 'Study Instance UID', h('input', { name: 'study', value: params.get('study') || '', pattern: '[0-9.]{1,64}' })),
    h('label', null, 'or Patient ID', h('input', { name: 'patient', value: params.get('patient') || '' })),
    h('label', null, 'or User / AE title', h('input', { name: 'user', value: params.get('user') || '' })),
    h('label', null, 'Event', eventSelect(params.get('event') || '')),
    h('label', null, 'From', h('input', { name: 'from', type: 'date', value: params.get('from') || '' })),
    h('label', null, 'Before', h('input', { name: 'to', type: 'date', value: params.get('to') || '' })),
    h('label', null, h('input', { name: 'failures', type: 'checkbox', value: 'true', ...(params.get('failures') === 'true' ? { checked: 'checked' } : {}) }), ' Failures only'),
    h('label', null, 'At most', h('input', { name: 'limit', type: 'number', min: '1', max: '100000', value: params.get('limit') || '200' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(fields(form))) if (v) q.set(k, v);
    location.hash = '#/audit?' + q;
  });
  show(main, h('h1', null, 'Audit trail'), h('h2', null, 'Integrity'), integrity,
    h('button', { type: 'button', class: 'secondary', on: { click: () => verify(integrity) } }, 'Check again'),
    h('h2', null, 'Search'), form, results);
  verify(integrity);
  const limit = params.get('limit') || '200';
  let path = null;
  if (params.get('study')) path = '/api/audit?study=' + encodeURIComponent(params.get('study')) + '&limit=' + encodeURIComponent(limit);
  else if (params.get('patient')) path = '/api/audit/patient/' + encodeURIComponent(params.get('patient')) + '?limit=' + encodeURIComponent(limit);
  else {
    // A search, newest first; with no criterion, the latest records.
    const q = new URLSearchParams({ limit });
    for (const k of ['user', 'event', 'from', 'to', 'failures']) if (params.get(k)) q.set(k, params.get(k));
    path = '/api/audit?' + q;
  }
  show(results, h('p', { class: 'muted' }, 'Searching…'));
  try {
    const answer = await getJson(path);
    const records = answer.records || [];
    show(results, records.length === 0 ? message('info', 'No records.') : recordTable(records, true));
  } catch (e) {
    show(results, message('error', 'The search failed: ' + e.message));
  }
}

const EVENTS = ['User Authentication', 'Query', 'DICOM Instances Accessed', 'Begin Transferring DICOM Instances',
  'DICOM Instances Transferred', 'Export', 'DICOM Study Deleted', 'Security Alert', 'Application Activity'];

function eventSelect(selected) {
  return h('select', { name: 'event' }, h('option', { value: '' }, 'any'),
    EVENTS.map(e => h('option', { value: e, ...(e === selected ? { selected: 'selected' } : {}) }, e)));
}

async function verify(el) {
  try {
    const v = await getJson('/api/audit/verify');
    show(el, h('div', { class: 'panel' },
      h('p', null, h('span', { class: 'badge ' + (v.intact ? 'good' : 'bad'), id: 'audit-intact' }, v.intact ? 'intact' : 'BROKEN'),
        ' ', v.records + ' records, ' + v.checkpoints + ' signed checkpoints'),
      v.firstBad ? h('p', null, 'First bad record: ' + v.firstBad) : null,
      (v.problems || []).length ? h('ul', null, v.problems.map(p => h('li', null, p.problem))) : null));
  } catch (e) {
    show(el, message('error', 'The integrity check failed: ' + e.message));
  }
}
