// Administration: users and roles, application entities, policies, certificates, system status and
// patients' deletion requests. Each part loads on its own and shows the server's reason when its
// API refuses or is missing.

import { getJson, postJson, remove, request } from './api.js';
import { h, show, message, table, value, bytes, fields, save } from './dom.js';

const ROLES = ['ADMINISTRATOR', 'READER', 'UPLOADER', 'REFERRER', 'AUDITOR', 'PATIENT'];

const PARTS = [
  ['users', 'Users', users],
  ['aes', 'Application entities', entities],
  ['deletions', 'Deletion requests', deletions],
  ['status', 'System status', status],
  ['policies', 'Policies', policies],
  ['certificates', 'Certificates', certificates],
];

export async function adminPage(main, _, params) {
  const current = PARTS.some(([id]) => id === params.get('part')) ? params.get('part') : 'users';
  const body = h('div', { id: 'admin-part' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, PARTS.map(([id, title]) =>
    h('button', { type: 'button', role: 'tab', id: 'tab-' + id, 'aria-selected': String(id === current),
      on: { click: () => { location.hash = '#/admin?part=' + id; } } }, title)));
  show(main, h('h1', null, 'Administration'), tabs, body);
  const [, title, draw] = PARTS.find(([id]) => id === current);
  show(body, h('h2', null, title), h('p', { class: 'muted' }, 'Loading…'));
  await draw(body, title);
}

/** Runs an action, then redraws the part, showing the outcome. */
function act(body, title, draw, fn, done) {
  return async () => {
    try {
      await fn();
      await draw(body, title);
      body.appendChild(message('ok', done));
    } catch (e) {
      body.appendChild(message('error', e.message));
    }
  };
}

function failed(body, title, e) {
  show(body, h('h2', null, title), message('error', 'Not available: ' + e.message));
}

function roleBoxes(prefix, chosen) {
  return h('fieldset', { class: 'actions' }, h('legend', null, 'Roles'),
    ROLES.map(r => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', name: 'role', value: r, id: prefix + '-' + r.toLowerCase(), checked: chosen.includes(r) }), r)));
}

function rolesOf(form) {
  return [...form.querySelectorAll('input[name=role]:checked')].map(i => i.value);
}

function idsOf(text) {
  return (text || '').split(',').map(s => s.trim()).filter(Boolean);
}

async function users(body, title) {
  let list;
  try { list = await getJson('/api/admin/users'); } catch (e) { failed(body, title, e); return; }
  const rows = table([
    ['Name', u => u.name],
    ['Roles', u => (u.roles || []).join(', ')],
    ['Patient IDs', u => (u.patientIds || []).join(', ')],
    ['Locked', u => (u.locked ? 'locked' : '')],
    ['TOTP', u => (u.totp ? 'on' : 'off')],
    ['', u => h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', on: { click: () => editRoles(body, title, u) } }, 'Roles…'),
      u.totp ? h('button', { type: 'button', class: 'secondary', on: { click: () => {
        if (confirm('Turn off the one-time codes of ' + u.name + ' (a lost phone)?')) act(body, title, users, () => postJson('/api/admin/users/' + encodeURIComponent(u.name) + '/reset-second-factor'), 'The one-time codes of ' + u.name + ' are off.')();
      } } }, 'Reset TOTP') : null,
      u.locked ? h('button', { type: 'button', class: 'secondary',
        on: { click: act(body, title, users, () => postJson('/api/admin/users/' + encodeURIComponent(u.name) + '/unlock'), u.name + ' is unlocked.') } }, 'Unlock') : null,
      h('button', { type: 'button', class: 'danger', on: { click: () => {
        if (confirm('Delete the user ' + u.name + '?')) act(body, title, users, () => remove('/api/admin/users/' + encodeURIComponent(u.name)), u.name + ' is deleted.')();
      } } }, 'Delete'))],
  ], list || []);
  const form = h('form', { class: 'panel', id: 'add-user' },
    h('h2', null, 'Add a user'),
    h('div', { class: 'grid' },
      h('label', null, 'Name', h('input', { name: 'name', required: true, autocomplete: 'off' })),
      h('label', null, 'Password (at least 12 characters)', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' })),
      h('label', null, 'Patient IDs (patients only, comma-separated)', h('input', { name: 'patientIds' }))),
    roleBoxes('new', []),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add user')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const f = fields(form);
    act(body, title, users, () => postJson('/api/admin/users',
      { name: f.name, password: f.password, roles: rolesOf(form), patientIds: idsOf(f.patientIds) }), f.name + ' is added.')();
  });
  show(body, h('h2', null, title), rows, form);
}

function editRoles(body, title, u) {
  const form = h('form', { class: 'panel', id: 'edit-roles' },
    h('h2', null, 'Roles of ', u.name),
    roleBoxes('edit', u.roles || []),
    h('label', null, 'Patient IDs (comma-separated)', h('input', { name: 'patientIds', value: (u.patientIds || []).join(', ') })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', on: { click: () => form.remove() } }, 'Cancel')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    act(body, title, users, () => postJson('/api/admin/users/' + encodeURIComponent(u.name) + '/roles',
      { roles: rolesOf(form), patientIds: idsOf(fields(form).patientIds) }), 'The roles of ' + u.name + ' are saved.')();
  });
  body.appendChild(form);
  form.querySelector('input').focus();
}

async function entities(body, title) {
  let list;
  try { list = await getJson('/api/admin/aes'); } catch (e) { failed(body, title, e); return; }
  const keys = [...new Set((list || []).flatMap(a => Object.keys(a)))].filter(k => k !== 'aeTitle');
  const rows = table([
    ['AE title', a => a.aeTitle],
    ...keys.map(k => [k, a => value(a[k])]),
    ['', a => h('button', { type: 'button', class: 'danger', on: { click: () => {
      if (confirm('Remove the entity ' + a.aeTitle + '?')) act(body, title, entities, () => remove('/api/admin/aes/' + encodeURIComponent(a.aeTitle)), a.aeTitle + ' is removed.')();
    } } }, 'Remove')],
  ], list || []);
  const form = h('form', { class: 'panel', id: 'add-ae' },
    h('h2', null, 'Add an entity'),
    h('div', { class: 'grid' },
      h('label', null, 'AE title', h('input', { name: 'aeTitle', required: true, maxlength: '16' })),
      h('label', null, 'Authenticates by', h('select', { name: 'authentication' },
        h('option', { value: 'USER_IDENTITY' }, 'user identity (TLS)'),
        h('option', { value: 'CERTIFICATE' }, 'client certificate (TLS)'),
        h('option', { value: 'LEGACY_ADDRESS' }, 'pinned address (legacy, plaintext)'))),
      h('label', null, 'Description', h('input', { name: 'description' })),
      h('label', null, 'Certificate SHA-256 (certificate entities)', h('input', { name: 'certificateSha256' })),
      h('label', null, 'Pinned address (legacy entities)', h('input', { name: 'pinnedAddress' })),
      h('label', null, 'C-MOVE destination host', h('input', { name: 'host' })),
      h('label', null, 'C-MOVE destination port', h('input', { name: 'port', type: 'number', min: '1', max: '65535' }))),
    roleBoxes('ae', []),
    h('p', { class: 'muted' }, 'Certificates are issued on the archive\'s machine with ward ae add --issue-certificate; the API only registers a fingerprint.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add entity')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const f = fields(form);
    const ae = { aeTitle: f.aeTitle, authentication: f.authentication, roles: rolesOf(form) };
    for (const k of ['description', 'certificateSha256', 'pinnedAddress']) if (f[k]) ae[k] = f[k];
    if (f.host || f.port) ae.moveDestination = { host: f.host, port: Number(f.port) };
    act(body, title, entities, () => postJson('/api/admin/aes', ae), f.aeTitle + ' is added.')();
  });
  show(body, h('h2', null, title), rows, form);
}

async function deletions(body, title) {
  let list;
  try { list = await getJson('/api/admin/deletion-requests'); } catch (e) { failed(body, title, e); return; }
  const decide = (r, how) => act(body, title, deletions,
    () => postJson('/api/admin/deletion-requests/' + encodeURIComponent(r.id) + '/' + how), 'Request ' + r.id + ': ' + how + 'd.');
  show(body, h('h2', null, title), (list || []).length === 0 ? message('info', 'No deletion requests.') : table([
    ['Requested', r => r.requestedAt],
    ['By', r => r.requester],
    ['Study', r => r.study, 'mono'],
    ['Reason', r => r.reason],
    ['State', r => r.state],
    ['Decided', r => (r.decidedBy ? r.decidedBy + ' ' + (r.decidedAt || '') : '')],
    ['', r => r.state === 'PENDING' ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', on: { click: () => {
        if (confirm('Approve: the study is deleted from the archive.')) decide(r, 'approve')();
      } } }, 'Approve'),
      h('button', { type: 'button', class: 'secondary', on: { click: decide(r, 'reject') } }, 'Reject')) : ''],
  ], list));
}

async function status(body, title) {
  let s;
  try { s = await getJson('/api/admin/status'); } catch (e) { failed(body, title, e); return; }
  const shown = { ...s };
  for (const k of ['storedBytes', 'diskFreeBytes']) if (typeof shown[k] === 'number') shown[k] = bytes(shown[k]);
  show(body, h('h2', null, title), h('div', { class: 'panel', id: 'system-status' }, value(shown)),
    h('button', { type: 'button', class: 'secondary', on: { click: () => status(body, title) } }, 'Refresh'));
}

async function policies(body, title) {
  let p;
  try { p = await getJson('/api/admin/policies'); } catch (e) { failed(body, title, e); return; }
  show(body, h('h2', null, title), h('p', { class: 'muted' }, 'The security-relevant settings in force (read-only; change them in ward.conf).'),
    h('div', { class: 'panel' }, value(p)));
}

async function certificates(body, title) {
  const out = h('div');
  show(body, h('h2', null, title),
    h('p', null, 'Clients that connect to Ward over TLS (modalities, viewers, browsers) trust it through the archive CA certificate.'),
    h('button', { type: 'button', id: 'download-ca', on: { click: async () => {
      try {
        const r = await request('GET', '/api/ca.pem', { accept: 'application/x-pem-file' });
        save(await r.blob(), 'ward-ca.pem');
        show(out, message('ok', 'Saved ward-ca.pem.'));
      } catch (e) {
        show(out, message('error', 'Not available: ' + e.message));
      }
    } } }, 'Download the CA certificate'), out);
}
