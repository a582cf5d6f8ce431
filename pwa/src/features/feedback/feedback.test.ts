import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';
import { clearDraft, EMPTY_DRAFT, feedbackBody, feedbackProblems, readDraft, saveDraft, type FeedbackDraft } from './draft';
import { forgetUploads, MAX_PHOTOS, photoIds, room, toUpload, updated, type AttachedPhoto, type PhotoStatus } from './photos';
import { customPeriod, dayAfter, lastDay, presetPeriod } from './period';
import { ratingBody, ratingNotice, unscored } from './rating';

const CODES = ['total_time', 'unit_time', 'contacts', 'agencies', 'one_stop', 'publication', 'attitude', 'convenience', 'overall'];
const ALL_TWO = Object.fromEntries(CODES.map((code) => [code, 2]));

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size;
    },
  };
}

describe('the rating form', () => {
  it('names the criteria still without a score, in the form’s order (0 is a score)', () => {
    expect(unscored(CODES, {})).toEqual(CODES);
    expect(unscored(CODES, { ...ALL_TWO, contacts: 0 })).toEqual([]);
    const { attitude: _, ...withoutAttitude } = ALL_TWO;
    expect(unscored(CODES, { ...withoutAttitude, total_time: 3 })).toEqual(['total_time', 'attitude']);
  });

  it('sends all nine scores and the overall, a comment only when one was written', () => {
    expect(ratingBody(CODES, { scores: ALL_TWO, overall: 5, comment: '   ' })).toEqual({ scores: ALL_TWO, overall: 5 });
    expect(ratingBody(CODES, { scores: { ...ALL_TWO, extra: 1 }, overall: 4, comment: ' Cán bộ  nhiệt tình\n ' })).toEqual({
      scores: ALL_TWO,
      overall: 4,
      comment: 'Cán bộ nhiệt tình',
    });
    expect(ratingBody(CODES, { scores: ALL_TWO, overall: null, comment: '' })).toBeNull();
    expect(ratingBody(CODES, { scores: { total_time: 1 }, overall: 3, comment: '' })).toBeNull();
  });

  it('tells the dossier page to invite, to say it was rated, or to stay quiet', () => {
    expect(ratingNotice(null)).toBeNull();
    expect(ratingNotice({ rated: false, may_rate: true })).toBe('invite');
    expect(ratingNotice({ rated: true, may_rate: false })).toBe('rated');
    expect(ratingNotice({ rated: false, may_rate: false })).toBeNull();
  });

  it('is where the result notification links to', () => {
    const id = '01a2006b-562b-74c1-b77d-a477e86aa2f8';
    expect(href.rating(id)).toBe(`#/ho-so/${id}/danh-gia`);
    expect(parseRoute(`#/ho-so/${id}/danh-gia`)).toEqual({ name: 'rating', id });
    expect(parseRoute(`#/ho-so/${id}`)).toEqual({ name: 'dossier', id });
  });
});

describe('the feedback form', () => {
  const typed: FeedbackDraft = { agency_code: 'H56.06', dossier_id: 'd-1', body: '  Chờ quá lâu ở quầy số 3  ', phone: ' 0912 345 675 ' };

  it('keeps what was typed across a closed tab, and forgets it once sent', () => {
    const storage = memoryStorage();
    expect(readDraft(storage)).toEqual(EMPTY_DRAFT);
    saveDraft(typed, storage);
    expect(readDraft(storage)).toEqual(typed);
    clearDraft(storage);
    expect(readDraft(storage)).toEqual(EMPTY_DRAFT);
  });

  it('reads a damaged or foreign copy as an empty form rather than failing', () => {
    const storage = memoryStorage();
    storage.setItem('motcua.feedbackDraft', '{not json');
    expect(readDraft(storage)).toEqual(EMPTY_DRAFT);
    storage.setItem('motcua.feedbackDraft', JSON.stringify({ body: 42, agency_code: 'H56.06' }));
    expect(readDraft(storage)).toEqual({ ...EMPTY_DRAFT, agency_code: 'H56.06' });
    saveDraft(EMPTY_DRAFT, storage);
    expect(storage.getItem('motcua.feedbackDraft')).toBeNull();
  });

  it('asks a signed-in citizen for the agency and ten characters, and a signed-out sender for a phone and its code', () => {
    expect(feedbackProblems(typed, null)).toEqual({});
    expect(feedbackProblems({ ...EMPTY_DRAFT, body: 'ngắn quá ' }, null)).toEqual({
      agency: 'feedback.agencyMissing',
      body: 'feedback.bodyShort',
    });
    expect(feedbackProblems({ ...typed, body: 'x'.repeat(4001) }, null)).toEqual({ body: 'feedback.bodyLong' });
    expect(feedbackProblems({ ...typed, phone: ' ' }, '12345')).toEqual({
      phone: 'feedback.phoneMissing',
      code: 'feedback.codeWrong',
    });
    expect(feedbackProblems(typed, '123456')).toEqual({});
  });

  it('sends the dossier only signed in, and the phone with its code only signed out', () => {
    expect(feedbackBody(typed, null)).toEqual({ agency_code: 'H56.06', body: 'Chờ quá lâu ở quầy số 3', dossier_id: 'd-1' });
    expect(feedbackBody({ ...typed, dossier_id: '' }, null)).toEqual({ agency_code: 'H56.06', body: 'Chờ quá lâu ở quầy số 3' });
    expect(feedbackBody(typed, '123456')).toEqual({
      agency_code: 'H56.06',
      body: 'Chờ quá lâu ở quầy số 3',
      phone: '0912 345 675',
      code: '123456',
    });
    expect(feedbackBody({ ...typed, dossier_id: '' }, null, ['p-1', 'p-2'])).toEqual({
      agency_code: 'H56.06',
      body: 'Chờ quá lâu ở quầy số 3',
      photo_ids: ['p-1', 'p-2'],
    });
  });

  it('keeps at most three photos and sends their ids only once all are uploaded', () => {
    const photo = (key: string, status: PhotoStatus, id?: string): AttachedPhoto => ({
      key, blob: status === 'compressing' ? null : new Blob(['x']), status, progress: 0, id,
    });
    expect(room([], 5)).toBe(MAX_PHOTOS);
    expect(room([photo('a', 'uploaded', 'p-a')], 1)).toBe(1);
    expect(room([photo('a', 'ready'), photo('b', 'ready'), photo('c', 'ready')], 1)).toBe(0);

    const list = [photo('a', 'uploaded', 'p-a'), photo('b', 'failed'), photo('c', 'ready'), photo('d', 'compressing')];
    expect(toUpload(list).map((p) => p.key)).toEqual(['b', 'c']);
    expect(photoIds(list)).toBeNull();
    expect(photoIds([photo('b', 'uploaded', 'p-b'), photo('a', 'uploaded', 'p-a')])).toEqual(['p-b', 'p-a']);
    expect(photoIds([])).toEqual([]);

    // A changed phone (signed out): what was uploaded for the old one goes up again.
    const forgotten = forgetUploads(list);
    expect(forgotten.map((p) => [p.status, p.id])).toEqual([['ready', undefined], ['failed', undefined], ['ready', undefined], ['compressing', undefined]]);
    expect(updated(list, 'c', { status: 'uploading', progress: 0.5 })[2]).toMatchObject({ key: 'c', status: 'uploading', progress: 0.5 });
  });

  it('has its addresses: the form, the look-up, the Q&A, and the office screens', () => {
    expect(parseRoute(href.feedback)).toEqual({ name: 'feedback' });
    expect(parseRoute(href.feedbackLookup)).toEqual({ name: 'feedbackLookup' });
    expect(parseRoute(href.qa)).toEqual({ name: 'qa' });
    expect(parseRoute('#/hoi-dap/')).toEqual({ name: 'qa' });
    expect(parseRoute(href.officeFeedback)).toEqual({ name: 'officeFeedback' });
    expect(parseRoute(href.officeRatings)).toEqual({ name: 'officeRatings' });
    expect(parseRoute('#/phan-anh/khac').name).toBe('notFound');
  });
});

describe('the ratings period', () => {
  it('counts whole months, quarters and years as [start, end)', () => {
    expect(presetPeriod('month', '2026-11-30')).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(presetPeriod('month', '2026-12-05')).toEqual({ start: '2026-12-01', end: '2027-01-01' });
    expect(presetPeriod('lastMonth', '2026-01-15')).toEqual({ start: '2025-12-01', end: '2026-01-01' });
    expect(presetPeriod('quarter', '2026-11-30')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(presetPeriod('quarter', '2026-02-28')).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(presetPeriod('year', '2026-06-01')).toEqual({ start: '2026-01-01', end: '2027-01-01' });
  });

  it('takes typed days with the last one included, and shows it back that way', () => {
    expect(customPeriod('2026-02-01', '2026-02-28')).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(customPeriod('2026-02-01', '2026-02-01')).toEqual({ start: '2026-02-01', end: '2026-02-02' });
    expect(customPeriod('2026-02-02', '2026-02-01')).toBeNull();
    expect(customPeriod('2026-02-01', '01/03/20')).toBeNull();
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(lastDay({ start: '2026-11-01', end: '2026-12-01' })).toBe('2026-11-30');
    expect(lastDay({ start: '2026-01-01', end: '2027-01-01' })).toBe('2026-12-31');
  });
});
