import { describe, expect, it } from 'vitest';
import { BADGE, ICON, notificationFor, windowFor } from './pushMessage';

const ORIGIN = 'https://motcua.example';
const PAYLOAD = {
  title: 'Hồ sơ 000.00.56.H01-261130-0001',
  body: 'Đã có kết quả. Mời bạn nhận tại nhà.',
  url: '/#/ho-so/0190f3c2-0000-7000-8000-000000000001',
  tag: '2Lgpn7CkTGuALFnR9HeX7Q',
  lang: 'vi',
};

describe('a push shown as a notification', () => {
  it("shows the server's words, tagged by the dossier's topic, opening the dossier", () => {
    const { title, options } = notificationFor(JSON.stringify(PAYLOAD), ORIGIN);
    expect(title).toBe(PAYLOAD.title);
    expect(options).toMatchObject({ body: PAYLOAD.body, tag: PAYLOAD.tag, renotify: true, lang: 'vi', icon: ICON, badge: BADGE });
    expect(options.data).toEqual({ url: `${ORIGIN}${PAYLOAD.url}` });
  });

  it('never opens another site', () => {
    const { options } = notificationFor(JSON.stringify({ ...PAYLOAD, url: 'https://evil.example/#/ho-so/x' }), ORIGIN);
    expect(options.data).toEqual({ url: `${ORIGIN}/` });
  });

  it('shows something for an unreadable push (a push must always be visible)', () => {
    const { title, options } = notificationFor('not json', ORIGIN);
    expect(title).toBe('Một Cửa');
    expect(options.body).toBe('Hồ sơ của bạn có cập nhật mới.');
    expect(options.tag).toBeUndefined();
    expect(options.renotify).toBe(false);
    expect(options.data).toEqual({ url: `${ORIGIN}/` });
    expect(notificationFor(JSON.stringify({ lang: 'en' }), ORIGIN).options).toMatchObject({ body: 'Your dossier has an update.', lang: 'en' });
  });
});

describe('the window a click uses', () => {
  const window = (url: string, focused = false) => ({ url, focused });

  it("is the app's focused window, else its first one", () => {
    const a = window(`${ORIGIN}/#/`);
    const b = window(`${ORIGIN}/#/ho-so`, true);
    expect(windowFor([a, b], ORIGIN)).toBe(b);
    expect(windowFor([a, window(`${ORIGIN}/#/x`)], ORIGIN)).toBe(a);
  });

  it('is none when only other sites are open (a new window is opened)', () => {
    expect(windowFor([window('https://motcua.example.evil/', true)], ORIGIN)).toBeUndefined();
    expect(windowFor([], ORIGIN)).toBeUndefined();
  });
});
