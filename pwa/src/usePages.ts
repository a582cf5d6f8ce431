// A list read page by page ("Xem thêm"): the rows shown, the cursor of the next page, the last failure in words.
import { useState } from 'preact/hooks';
import { apiGet, messageOf } from './api';

interface Page<T> {
  items: T[];
  next?: string | null;
}

export function usePages<T>() {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** Read `path` (its query holds the filters, and the cursor for a further page); a further page is appended. */
  const load = (path: string, further: boolean) =>
    apiGet<Page<T>>(path).then(
      (page) => {
        setItems((shown) => (further && shown ? [...shown, ...page.items] : page.items));
        setNext(page.next ?? null);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );

  return { items, next, error, setItems, setError, load };
}
