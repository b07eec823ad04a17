// The security posture: the last `ward scan` of this server's own listeners, and a new scan on
// demand.

import { getJson, postJson, ApiError } from './api.js';
import { h, show, message, table, value } from './dom.js';

export async function posturePage(main) {
  const result = h('div', { id: 'posture-result' }, h('p', { class: 'muted' }, 'Loading…'));
  const button = h('button', { type: 'button', id: 'posture-refresh' }, 'Scan now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    show(result, message('info', 'Scanning this server’s listeners…'));
    try {
      draw(result, await postJson('/api/admin/posture'));
    } catch (e) {
      show(result, message('error', 'The scan failed: ' + e.message));
    } finally {
      button.disabled = false;
    }
  });
  show(main, h('h1', null, 'Security posture'),
    h('p', null, 'What `ward scan` finds when it probes this archive the way an attacker on the network would.'),
    h('div', { class: 'actions' }, button), result);
  try {
    draw(result, await getJson('/api/admin/posture'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && e.message === 'no scan yet') {
      show(result, message('info', 'No scan yet. Scan now to see the result.'));
    } else {
      show(result, message('error', 'Not available: ' + e.message));
    }
  }
}

function draw(el, scan) {
  const report = (scan && scan.report) || scan || {};
  const endpoints = Array.isArray(report.endpoints) ? report.endpoints : [];
  show(el,
    h('div', { class: 'panel' }, h('dl', { class: 'kv' },
      h('dt', null, 'Scanned'), h('dd', { id: 'posture-when' }, (scan && scan.finishedAt) || '—'),
      h('dt', null, 'Asked by'), h('dd', null, (scan && scan.requestedBy) || '—'),
      h('dt', null, 'Endpoints'), h('dd', null, String(endpoints.length)))),
    endpoints.map(e => h('section', { class: 'panel' },
      h('h2', null, (e.service || '') + ' ' + (e.host || '') + (e.address && e.address !== e.host ? ' (' + e.address + ')' : ''), ' ',
        h('span', { class: 'badge ' + (e.open ? 'bad' : 'good') }, e.open ? 'open' : 'closed'),
        e.worst ? [' ', h('span', { class: 'badge' }, 'worst: ' + e.worst)] : null),
      (e.findings || []).length === 0 ? message('ok', 'No findings.') : table([
        ['Severity', f => f.severity],
        ['Finding', f => f.title],
        ['Evidence', f => value(f.evidence)],
        ['What to do', f => value(f.remediation)],
      ], e.findings))),
    h('details', null, h('summary', null, 'The whole report'), h('div', { class: 'panel' }, value(report))));
}
