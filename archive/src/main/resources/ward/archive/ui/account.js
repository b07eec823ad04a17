// The user's own account: who they are, their roles, and enrolment in TOTP (RFC 6238) as a second
// factor.

import { session, postJson } from './api.js';
import { h, show, message, fields } from './dom.js';
import { whoAmI, signedIn } from './app.js';

export async function accountPage(main) {
  const me = (await whoAmI()) || session.me;
  if (me) signedIn(me);
  const totp = h('div', { id: 'totp' });
  show(main, h('h1', null, 'Account'),
    h('div', { class: 'panel' }, h('dl', { class: 'kv' },
      h('dt', null, 'Name'), h('dd', { id: 'account-name' }, me.name),
      h('dt', null, 'Roles'), h('dd', { id: 'account-roles' }, (me.roles || []).join(', ')),
      (me.patientIds || []).length ? [h('dt', null, 'Patient IDs'), h('dd', null, me.patientIds.join(', '))] : null,
      h('dt', null, 'Session ends'), h('dd', null, session.expiresAt ? new Date(session.expiresAt).toLocaleString() : '—'))),
    h('h2', null, 'One-time codes (TOTP)'), totp);
  drawTotp(totp, me);
}

function codeForm(id, label, onCode, withPassword) {
  const out = h('div');
  const form = h('form', { class: 'grid', id },
    withPassword ? h('label', null, 'Your password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' })) : null,
    h('label', null, 'Code from your authenticator app',
      h('input', { name: 'code', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: '6', required: true, autocomplete: 'one-time-code' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, label)), out);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const f = fields(form);
      await onCode(f.code, f.password);
    } catch (err) {
      show(out, message('error', err.message));
    }
  });
  return form;
}

function drawTotp(el, me) {
  if (me.totp) {
    show(el, h('p', null, 'Your account asks for a one-time code at every sign-in.'),
      codeForm('totp-disable', 'Turn off one-time codes', async (code, password) => {
        await postJson('/api/me/totp/disable', { password, code });
        me.totp = false;
        drawTotp(el, me);
        el.appendChild(message('ok', 'One-time codes are off.'));
      }, true));
    return;
  }
  const out = h('div');
  show(el, h('p', null, 'A one-time code from an authenticator app on your phone protects your account even if your password is stolen.'),
    h('button', { type: 'button', id: 'totp-start', on: { click: async () => {
      try {
        const t = await postJson('/api/me/totp');
        show(out, h('div', { class: 'panel' },
          h('p', null, 'Add this account to your authenticator app with the key below (or the link, on a phone), then enter the code it shows.'),
          h('dl', { class: 'kv' },
            h('dt', null, 'Key'), h('dd', { class: 'mono', id: 'totp-secret' }, t.secret),
            h('dt', null, 'Link'), h('dd', { class: 'mono' }, h('a', { href: t.uri }, t.uri))),
          codeForm('totp-confirm', 'Turn on', async code => {
            await postJson('/api/me/totp/confirm', { code });
            me.totp = true;
            drawTotp(el, me);
            el.appendChild(message('ok', 'One-time codes are on. You will need one at your next sign-in.'));
          })));
      } catch (e) {
        show(out, message('error', 'Not available: ' + e.message));
      }
    } } }, 'Set up one-time codes'), out);
}
