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
  const findings = scan && Array.isArray(scan.findings) ? scan.findings : null;
  const rest = { ...scan };
  delete rest.findings;
  show(el,
    findings ? (findings.length === 0 ? message('ok', 'No findings.')
      : table(Object.keys(findings[0]).map(k => [k, f => value(f[k])]), findings)) : null,
    h('div', { class: 'panel' }, value(rest)));
}
