// The patient portal: the patient's own studies (the server limits every query to them), their
// download, every access to them, and requests to delete them.

import { qido, getJson, postJson, attr, date, TAG } from './api.js';
import { h, show, message, table, fields } from './dom.js';
import { studyTable } from './studies.js';
import { recordTable } from './audit.js';

export async function portalPage(main) {
  const studies = h('div', { id: 'portal-studies' }, h('p', { class: 'muted' }, 'Loading…'));
  const accesses = h('div', { id: 'portal-accesses' }, h('p', { class: 'muted' }, 'Loading…'));
  const requests = h('div', { id: 'portal-requests' }, h('p', { class: 'muted' }, 'Loading…'));
  show(main, h('h1', null, 'My images'),
    h('p', null, 'Your studies, everyone who has accessed them, and your requests to delete them. Open a study to view or download it.'),
    h('h2', null, 'Studies'), studies,
    h('h2', null, 'Requests to delete'), requests,
    h('h2', null, 'Every access to your images'), accesses);
  let list = [];
  try {
    list = await qido('/dicomweb/studies', { includefield: 'StudyDescription' });
    show(studies, list.length === 0 ? message('info', 'No studies are stored for you.') : studyTable(list));
  } catch (e) {
    show(studies, message('error', e.message));
  }
  drawRequests(requests, list);
  try {
    const answer = await getJson('/api/audit/mine');
    const records = (answer.records || []).slice().reverse();
    show(accesses, records.length === 0 ? message('info', 'Nobody has accessed your images yet.') : recordTable(records, false));
  } catch (e) {
    show(accesses, message('error', e.message));
  }
}

async function drawRequests(el, studies) {
  const out = h('div');
  const form = h('form', { class: 'grid panel', id: 'deletion-request' },
    h('label', null, 'Study', h('select', { name: 'study', required: true },
      studies.map(s => h('option', { value: attr(s, TAG.StudyUID) }, date(attr(s, TAG.StudyDate)) + ' ' + ((s[TAG.ModalitiesInStudy] || {}).Value || []).join(',') + ' ' + attr(s, TAG.StudyDescription))))),
    h('label', null, 'Reason', h('input', { name: 'reason', required: true, maxlength: '500' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', disabled: studies.length === 0 }, 'Request deletion')), out);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = fields(form);
    try {
      await postJson('/api/me/deletion-requests', { study: f.study, reason: f.reason });
      await drawRequests(el, studies);
      el.appendChild(message('ok', 'Your request is recorded; an administrator will decide on it.'));
    } catch (err) {
      show(out, message('error', 'The request was not recorded: ' + err.message));
    }
  });
  let mine = null;
  let problem = null;
  try { mine = await getJson('/api/me/deletion-requests'); } catch (e) { problem = e; }
  show(el,
    problem ? message('error', 'Not available: ' + problem.message)
      : (mine || []).length === 0 ? message('info', 'You have made no requests.')
        : table([
          ['Requested', r => r.requestedAt],
          ['Study', r => r.study, 'mono'],
          ['Reason', r => r.reason],
          ['State', r => r.state],
          ['Decided', r => r.decidedAt || ''],
        ], mine),
    form);
}
