// A public look-up (a dossier, a shipment): one request with the code and the phone's last 4 digits, its answer
// shown as the server words it. The words come in the reader's language, so a switch of language asks again,
// keeping the old answer on screen until the new one arrives.
import { useEffect, useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { getLang, type Lang } from '../../i18n';

export type LookupAnswer<Found, Query> =
  | { status: 'idle' }
  | { status: 'asking' }
  | { status: 'found'; found: Found; query: Query; lang: Lang }
  | { status: 'failed'; message: string };

export function usePublicLookup<Found, Query>(path: string): [LookupAnswer<Found, Query>, (query: Query) => Promise<void>] {
  const [answer, setAnswer] = useState<LookupAnswer<Found, Query>>({ status: 'idle' });

  async function ask(query: Query, again = false) {
    const lang = getLang();
    if (!again) setAnswer({ status: 'asking' });
    try {
      const found = await apiSend<Found>('POST', path, query);
      setAnswer({ status: 'found', found, query, lang });
    } catch (error) {
      setAnswer({ status: 'failed', message: messageOf(error) });
    }
  }

  const lang = getLang();
  useEffect(() => {
    if (answer.status === 'found' && answer.lang !== lang) void ask(answer.query, true);
  }, [lang]);

  return [answer, (query) => ask(query)];
}
