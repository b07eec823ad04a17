// The study browser: search (patient name or ID, date range, modality, accession number), then a
// study's series as thumbnails rendered by the server (PS3.18 8.3.5, viewport 128x128).

import { qido, rendered, attr, personName, date, TAG, can, request, remove } from './api.js';
import { h, show, message, table, fields, save } from './dom.js';

const MODALITIES = ['', 'CT', 'MR', 'CR', 'DX', 'US', 'MG', 'NM', 'PT', 'XA', 'RF', 'OT', 'SM'];

/** A QIDO-RS date range from two HTML dates (either may be empty). */
function dateRange(from, to) {
  const d = s => (s || '').replaceAll('-', '');
  if (!from && !to) return '';
  if (from && to && from === to) return d(from);
  return d(from) + '-' + d(to);
}

/** A table of studies; clicking one opens it. */
export function studyTable(studies) {
  return table([
    ['Patient', s => personName(s, TAG.PatientName)],
    ['Patient ID', s => attr(s, TAG.PatientID)],
    ['Date', s => date(attr(s, TAG.StudyDate))],
    ['Modalities', s => ((s[TAG.ModalitiesInStudy] || {}).Value || []).join(', ')],
    ['Accession', s => attr(s, TAG.Accession)],
    ['Description', s => attr(s, TAG.StudyDescription)],
    ['Series / images', s => attr(s, TAG.NumberOfStudyRelatedSeries) + ' / ' + attr(s, TAG.NumberOfStudyRelatedInstances)],
  ], studies, { onOpen: s => { location.hash = '#/study/' + attr(s, TAG.StudyUID); } });
}

export async function studiesPage(main, _, params) {
  const form = h('form', { class: 'grid panel', id: 'study-search', role: 'search' },
    h('label', null, 'Patient name', h('input', { name: 'name', id: 'q-name', value: params.get('name') || '', placeholder: 'e.g. DOE or DOE^J*' })),
    h('label', null, 'Patient ID', h('input', { name: 'id', id: 'q-id', value: params.get('id') || '' })),
    h('label', null, 'From', h('input', { name: 'from', id: 'q-from', type: 'date', value: params.get('from') || '' })),
    h('label', null, 'To', h('input', { name: 'to', id: 'q-to', type: 'date', value: params.get('to') || '' })),
    h('label', null, 'Modality', h('select', { name: 'modality', id: 'q-modality' },
      MODALITIES.map(m => h('option', { value: m, selected: (params.get('modality') || '') === m }, m || 'any')))),
    h('label', null, 'Accession number', h('input', { name: 'accession', id: 'q-accession', value: params.get('accession') || '' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'q-submit' }, 'Search')));
  const results = h('div', { id: 'study-results', 'aria-live': 'polite' });
  form.addEventListener('submit', e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(fields(form))) if (v) q.set(k, v);
    const target = '#/studies' + (q.toString() ? '?' + q : '');
    if (location.hash === target) search(results, q);
    else location.hash = target;
  });
  show(main, h('h1', null, 'Studies'), form, results);
  await search(results, params);
}

async function search(results, params) {
  show(results, h('p', { class: 'muted' }, 'Searching…'));
  let name = params.get('name') || '';
  // Names are matched as DICOM wildcards (PS3.4 C.2.2.2.4): "doe" finds DOE^JOHN.
  if (name && !/[*?]/.test(name)) name = name + '*';
  const query = {
    PatientName: name,
    PatientID: params.get('id') || '',
    StudyDate: dateRange(params.get('from'), params.get('to')),
    ModalitiesInStudy: params.get('modality') || '',
    AccessionNumber: params.get('accession') || '',
    includefield: 'StudyDescription',
    limit: 200,
  };
  try {
    const studies = await qido('/dicomweb/studies', query);
    if (studies.length === 0) {
      show(results, message('info', 'No studies match.'));
      return;
    }
    show(results,
      h('p', { class: 'muted' }, studies.length === 200 ? 'The first 200 studies; narrow the search to see others.' : studies.length + (studies.length === 1 ? ' study' : ' studies')),
      studyTable(studies));
  } catch (e) {
    show(results, message('error', 'The search failed: ' + e.message));
  }
}

/** A study's series, each with a thumbnail of its first image. */
export async function studyPage(main, [studyUid]) {
  const [study] = await qido('/dicomweb/studies', { StudyInstanceUID: studyUid, includefield: 'StudyDescription' });
  if (!study) {
    show(main, h('h1', null, 'Study not found'), message('error', 'There is no such study, or it is not yours to see.'));
    return null;
  }
  const series = await qido('/dicomweb/studies/' + studyUid + '/series');
  series.sort((a, b) => Number(attr(a, TAG.SeriesNumber) || 0) - Number(attr(b, TAG.SeriesNumber) || 0));
  const urls = [];
  const status = h('div');
  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', id: 'download-study', on: { click: () => download(studyUid, status) } }, 'Download (ZIP)'),
    ohifLink(studyUid),
    can('delete') ? h('button', { type: 'button', class: 'danger', id: 'delete-study', on: { click: () => deleteStudy(studyUid, status) } }, 'Delete study') : null);
  const grid = h('div', { class: 'series', id: 'series-list' });
  show(main,
    h('p', null, h('a', { href: can('studies') ? '#/studies' : '#/portal' }, can('studies') ? '← Studies' : '← My images')),
    h('h1', null, 'Study of ', h('span', { id: 'study-patient' }, personName(study, TAG.PatientName) || '(no name)')),
    h('div', { class: 'panel' },
      h('dl', { class: 'kv' },
        h('dt', null, 'Patient ID'), h('dd', null, attr(study, TAG.PatientID)),
        h('dt', null, 'Birth date'), h('dd', null, date(attr(study, TAG.PatientBirthDate))),
        h('dt', null, 'Study date'), h('dd', null, date(attr(study, TAG.StudyDate))),
        h('dt', null, 'Accession'), h('dd', null, attr(study, TAG.Accession)),
        h('dt', null, 'Description'), h('dd', null, attr(study, TAG.StudyDescription)),
        h('dt', null, 'Study UID'), h('dd', { class: 'mono' }, studyUid)),
      actions, status),
    h('h2', null, 'Series'), grid);
  if (series.length === 0) grid.replaceWith(message('info', 'This study has no series.'));
  for (const s of series) {
    const seriesUid = attr(s, TAG.SeriesUID);
    const img = h('img', { class: 'thumb', alt: 'First image of series ' + attr(s, TAG.SeriesNumber), width: 128, height: 128 });
    grid.appendChild(h('a', { class: 'card', href: '#/viewer/' + studyUid + '/' + seriesUid },
      img,
      h('strong', null, attr(s, TAG.Modality) + ' ' + (attr(s, TAG.SeriesNumber) ? '#' + attr(s, TAG.SeriesNumber) : '')),
      h('span', null, attr(s, TAG.SeriesDescription)),
      h('span', { class: 'muted' }, attr(s, TAG.NumberOfSeriesRelatedInstances) + ' images')));
    thumbnail(studyUid, seriesUid, img, urls);
  }
  return () => urls.forEach(u => URL.revokeObjectURL(u));
}

let ohif = null; // whether the archive serves an OHIF Viewer at /ohif/ (asked once)

/** A link to the study in OHIF, shown once the archive is found to serve one. */
function ohifLink(studyUid) {
  const a = h('a', { href: '/ohif/viewer?StudyInstanceUIDs=' + encodeURIComponent(studyUid), id: 'open-ohif', hidden: true }, 'Open in OHIF Viewer');
  if (!ohif) ohif = request('GET', '/ohif/app-config.js', { accept: 'text/javascript' }).then(() => true, () => false);
  ohif.then(served => { a.hidden = !served; });
  return a;
}

async function thumbnail(studyUid, seriesUid, img, urls) {
  try {
    const instances = await qido('/dicomweb/studies/' + studyUid + '/series/' + seriesUid + '/instances');
    instances.sort((a, b) => Number(attr(a, TAG.InstanceNumber) || 0) - Number(attr(b, TAG.InstanceNumber) || 0));
    if (instances.length === 0) throw new Error('no images');
    const path = '/dicomweb/studies/' + studyUid + '/series/' + seriesUid + '/instances/' + attr(instances[0], TAG.SopInstanceUID);
    const url = await rendered(path, { viewport: [128, 128], accept: 'image/jpeg' });
    urls.push(url);
    img.src = url;
  } catch (e) {
    img.classList.add('failed');
    img.alt = 'No preview: ' + e.message;
    img.title = img.alt;
  }
}

async function download(studyUid, status) {
  show(status, message('info', 'Preparing the download…'));
  try {
    const r = await request('GET', '/api/studies/' + studyUid + '/download', { accept: 'application/zip' });
    save(await r.blob(), 'study-' + studyUid + '.zip');
    show(status, message('ok', 'Downloaded.'));
  } catch (e) {
    show(status, message('error', 'The download failed: ' + e.message));
  }
}

async function deleteStudy(studyUid, status) {
  if (!confirm('Delete this study and all its images from the archive? This cannot be undone.')) return;
  try {
    await remove('/api/studies/' + studyUid);
    show(status, message('ok', 'The study was deleted.'));
    setTimeout(() => { location.hash = '#/studies'; }, 800);
  } catch (e) {
    show(status, message('error', 'The study was not deleted: ' + e.message));
  }
}
