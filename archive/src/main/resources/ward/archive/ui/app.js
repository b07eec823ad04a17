// Ward's browser interface: the router, the navigation and the session's life.
// Hash routes: #/login #/studies #/study/UID #/viewer/STUDY/SERIES #/admin #/audit #/portal
// #/posture #/account. Every page builds its DOM from text; see dom.js.

import { session, request, getJson, whenUnauthenticated, can, ApiError } from './api.js';
import { h, show, message } from './dom.js';
import { loginPage } from './login.js';
import { studiesPage, studyPage } from './studies.js';
import { viewerPage } from './viewer.js';
import { adminPage } from './admin.js';
import { auditPage } from './audit.js';
import { portalPage } from './portal.js';
import { posturePage } from './posture.js';
import { accountPage } from './account.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const notice = document.getElementById('notice');

const NAV = [
  ['#/studies', 'Studies', 'studies'],
  ['#/portal', 'My images', 'portal'],
  ['#/admin', 'Administration', 'admin'],
  ['#/audit', 'Audit', 'audit'],
  ['#/posture', 'Security posture', 'posture'],
  ['#/account', 'Account', null],
];

// [pattern, page, who may open it (a can() name, or a list of them; null: any signed-in user)]
const ROUTES = [
  [/^#\/studies$/, studiesPage, 'studies'],
  [/^#\/study\/([0-9.]{1,64})$/, studyPage, ['studies', 'portal']],
  [/^#\/viewer\/([0-9.]{1,64})\/([0-9.]{1,64})$/, viewerPage, ['studies', 'portal']],
  [/^#\/admin$/, adminPage, 'admin'],
  [/^#\/audit$/, auditPage, 'audit'],
  [/^#\/portal$/, portalPage, 'portal'],
  [/^#\/posture$/, posturePage, 'posture'],
  [/^#\/account$/, accountPage, null],
];

let expiryTimer = null;
let leaving = null; // the current page's clean-up
let pending = null; // a message for the page being navigated to

/** Shows a message above the page until the next navigation. */
export function notify(kind, text) {
  show(notice, message(kind, text));
}

/** The first page a user's roles lead to. */
export function home() {
  for (const [href, , need] of NAV) if (need && can(need)) return href;
  return '#/account';
}

/** Takes the answer of /api/me (or of a login) as the current session. */
export function signedIn(me) {
  session.me = me;
  if (me.csrf) session.csrf = me.csrf;
  // The end of the session: from /api/me if it says, else as the login answer said.
  const expires = Date.parse(me.expires || '');
  if (!Number.isNaN(expires)) session.expiresAt = expires;
  clearTimeout(expiryTimer);
  if (session.expiresAt) {
    // setTimeout holds at most 2^31-1 ms; a longer session is checked again later.
    const wait = Math.min(session.expiresAt - Date.now() + 500, 0x7fffffff);
    expiryTimer = setTimeout(checkExpiry, Math.max(wait, 0));
  }
  drawChrome();
}

function checkExpiry() {
  if (!session.me) return;
  if (session.expiresAt && Date.now() >= session.expiresAt) {
    signedOut('Your session has expired. Please sign in again.', 'info');
  } else {
    signedIn(session.me);
  }
}

/** Forgets the session and shows the login page with a message. */
export function signedOut(text, kind = 'info') {
  session.me = null;
  session.csrf = null;
  session.expiresAt = 0;
  clearTimeout(expiryTimer);
  drawChrome();
  if (location.hash !== '#/login') {
    pending = text ? [kind, text] : null;
    location.hash = '#/login';
  } else {
    route();
    if (text) notify(kind, text);
  }
}

async function logout() {
  try {
    await request('POST', '/api/logout');
  } catch (e) {
    // The cookie may already be gone; the page forgets the session either way.
  }
  signedOut('You have signed out.', 'ok');
}

function drawChrome() {
  const here = location.hash.split('?')[0];
  if (!session.me) {
    show(nav);
    show(who);
    return;
  }
  show(nav, NAV.filter(([, , need]) => need === null || can(need)).map(([href, text]) =>
    h('a', { href, 'aria-current': here === href || (href === '#/studies' && /^#\/(study|viewer)\//.test(here)) ? 'page' : null }, text)));
  show(who,
    h('span', { id: 'signed-in-as' }, session.me.name),
    h('button', { type: 'button', id: 'logout', on: { click: logout } }, 'Sign out'));
}

function allowed(need) {
  if (need === null) return true;
  return (Array.isArray(need) ? need : [need]).some(can);
}

async function route() {
  if (leaving) { try { leaving(); } catch (e) { /* ignore */ } leaving = null; }
  const hash = location.hash || '';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  drawChrome();
  if (!session.me) {
    if (path !== '#/login') { location.hash = '#/login'; return; }
    leaving = loginPage(main);
    return;
  }
  if (path === '#/login' || path === '' || path === '#' || path === '#/') {
    location.replace(home());
    return;
  }
  for (const [pattern, page, need] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    if (!allowed(need)) {
      show(main, h('h1', null, 'Not available'), message('error', 'Your account has no access to this page.'));
      return;
    }
    show(main, h('p', { class: 'muted' }, 'Loading…'));
    try {
      leaving = await page(main, m.slice(1), params) || null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      show(main, h('h1', null, 'Something went wrong'), message('error', e.message || String(e)));
    }
    main.focus({ preventScroll: true });
    return;
  }
  show(main, h('h1', null, 'Not found'), h('p', null, 'There is no such page. ', h('a', { href: home() }, 'Go to the start page.')));
}

/** Asks the server who is signed in; null when nobody is. */
export async function whoAmI() {
  try {
    return await getJson('/api/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

whenUnauthenticated(() => {
  if (session.me) signedOut('Your session has ended. Please sign in again.', 'info');
  else if (location.hash !== '#/login') location.hash = '#/login';
});

window.addEventListener('hashchange', () => {
  if (pending) notify(...pending);
  else show(notice);
  pending = null;
  route();
});

async function start() {
  try {
    const me = await whoAmI();
    if (me) signedIn(me);
  } catch (e) {
    notify('error', 'Ward cannot tell who is signed in: ' + e.message);
  }
  route();
}

start();
