// Hash routing: the server only serves the HTML at "/", every other path belongs to the API.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'procedure'; code: string }
  | { name: 'signIn' }
  | { name: 'staffSignIn' }
  | { name: 'account' }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/dang-nhap') return { name: 'signIn' };
  if (path === '/can-bo/dang-nhap') return { name: 'staffSignIn' };
  if (path === '/tai-khoan') return { name: 'account' };
  const procedure = /^\/thu-tuc\/([^/]+)\/?$/.exec(path);
  if (procedure) return { name: 'procedure', code: decodeURIComponent(procedure[1]) };
  return { name: 'notFound', path };
}

export const href = {
  home: '#/',
  procedure: (code: string) => `#/thu-tuc/${encodeURIComponent(code)}`,
  signIn: '#/dang-nhap',
  staffSignIn: '#/can-bo/dang-nhap',
  account: '#/tai-khoan',
  file: (code: string) => `#/thu-tuc/${encodeURIComponent(code)}/nop`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
