// Talking to Ward: one fetch wrapper for every request. It sends the session cookie (same origin)
// and, on POST and DELETE, the CSRF token of the contract; a 401 anywhere sends the user to the
// login page; a refusal becomes an ApiError carrying the server's own reason.

export const session = { me: null, csrf: null, expiresAt: 0 };

export class ApiError extends Error {
  constructor(status, reason) {
    super(reason);
    this.status = status;
  }
}

let onUnauthenticated = () => {};

/** Called with the reason whenever the server answers 401 to anything but the login itself. */
export function whenUnauthenticated(fn) {
  onUnauthenticated = fn;
}

/**
 * fetch with the rules above. options: {json: body to send as JSON, accept, signal}.
 * Returns the Response when it is 2xx or 304; throws ApiError otherwise.
 */
export async function request(method, path, options = {}) {
  const headers = { Accept: options.accept || 'application/json' };
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body, credentials: 'same-origin', cache: 'no-store',
      redirect: 'error', signal: options.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'the server cannot be reached');
  }
  if (response.ok) return response;
  const reason = await reasonOf(response);
  if (response.status === 401 && path !== '/api/login') onUnauthenticated(reason);
  throw new ApiError(response.status, reason);
}

async function reasonOf(response) {
  try {
    const j = await response.json();
    if (j && typeof j.error === 'string') return j.error;
  } catch (e) { /* not JSON */ }
  return 'the server answered ' + response.status + (response.statusText ? ' ' + response.statusText : '');
}

export async function getJson(path) {
  const r = await request('GET', path);
  return r.status === 204 ? null : r.json();
}

export async function postJson(path, json) {
  const r = await request('POST', path, { json: json === undefined ? {} : json });
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}

export async function remove(path) {
  await request('DELETE', path);
}

/** A DICOM JSON query answer (PS3.18 F.2). */
export async function qido(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.append(k, v);
  const r = await request('GET', path + (q.toString() ? '?' + q : ''), { accept: 'application/dicom+json' });
  if (r.status === 204) return [];
  const text = await r.text();
  return text ? JSON.parse(text) : [];
}

/** A rendered image (PS3.18 8.3.5) as a blob URL; the caller revokes it. */
export async function rendered(path, { window, viewport, accept, signal } = {}) {
  const q = new URLSearchParams();
  if (window) q.set('window', window.center + ',' + window.width + ',linear');
  if (viewport) q.set('viewport', viewport.join(','));
  const r = await request('GET', path + '/rendered' + (q.toString() ? '?' + q : ''), { accept: accept || 'image/png', signal });
  return URL.createObjectURL(await r.blob());
}

/** The first value of an attribute of a DICOM JSON object, as a string ('' when absent). */
export function attr(obj, tag) {
  const e = obj && obj[tag];
  if (!e || !e.Value || e.Value.length === 0) return '';
  const v = e.Value[0];
  if (v && typeof v === 'object') return v.Alphabetic || '';
  return String(v);
}

/** A person name for people: FAMILY^GIVEN becomes "FAMILY, GIVEN". */
export function personName(obj, tag) {
  const pn = attr(obj, tag);
  const [family, given] = pn.split('^');
  return given ? family + ', ' + given : family || '';
}

/** A DICOM date YYYYMMDD for people. */
export function date(da) {
  return /^\d{8}$/.test(da) ? da.slice(0, 4) + '-' + da.slice(4, 6) + '-' + da.slice(6) : da;
}

/** What a role's holder may see in the interface. */
export function can(what) {
  const roles = (session.me && session.me.roles) || [];
  const any = (...r) => r.some(x => roles.includes(x));
  switch (what) {
    case 'studies': return any('READER', 'REFERRER');
    case 'portal': return any('PATIENT');
    case 'admin': return any('ADMINISTRATOR');
    case 'delete': return any('ADMINISTRATOR');
    case 'audit': return any('AUDITOR');
    case 'posture': return any('ADMINISTRATOR', 'AUDITOR');
    default: return false;
  }
}

export const TAG = {
  StudyDate: '00080020',
  Accession: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  StudyUID: '0020000D',
  SeriesUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  SopInstanceUID: '00080018',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  NumberOfSeriesRelatedInstances: '00201209',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
};
