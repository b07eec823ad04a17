// The login page: name, password and the optional one-time code (TOTP, RFC 6238).

import { postJson, session, ApiError } from './api.js';
import { h, show, message, fields } from './dom.js';
import { signedIn, whoAmI, home } from './app.js';

export function loginPage(main) {
  const status = h('div', { id: 'login-status' });
  const form = h('form', { id: 'login-form', novalidate: true, autocomplete: 'on' },
    h('label', null, 'Name', h('input', { name: 'name', id: 'login-name', autocomplete: 'username', required: true, autofocus: true })),
    h('label', null, 'Password', h('input', { name: 'password', id: 'login-password', type: 'password', autocomplete: 'current-password', required: true })),
    h('label', null, 'One-time code (if your account uses one)',
      h('input', { name: 'code', id: 'login-code', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: '6', autocomplete: 'one-time-code' })),
    h('button', { type: 'submit', id: 'login-submit' }, 'Sign in'),
    status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const f = fields(form);
    if (!f.name || !f.password) {
      show(status, message('error', 'Enter your name and password.'));
      return;
    }
    const body = { name: f.name, password: f.password };
    if (f.code) body.code = f.code;
    const button = form.querySelector('button');
    button.disabled = true;
    show(status, message('info', 'Signing in…'));
    try {
      const answer = await postJson('/api/login', body);
      session.csrf = answer && answer.csrf ? answer.csrf : null;
      const until = Date.parse((answer && answer.expires) || '');
      session.expiresAt = Number.isNaN(until) ? 0 : until;
      const me = await whoAmI();
      if (!me) throw new ApiError(401, 'the server did not keep the session');
      signedIn(me);
      form.reset();
      location.hash = home();
    } catch (err) {
      show(status, message('error', err.message));
      form.querySelector('[name=password]').value = '';
      button.disabled = false;
    }
  });
  show(main,
    h('section', { class: 'login panel', 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title' }, 'Sign in to Ward'),
      h('p', { class: 'muted' }, 'Access to images always requires a name and password.'),
      form));
}
