// The catalogue search's ranking as api_schema/search_ranking.json defines it; the API builds its SQL from
// the same file, so the offline search lists and orders procedures exactly as the server does.
import ranking from '../../../../api_schema/search_ranking.json';
import { foldVietnamese } from '../../format';

/** What the ranking reads of a procedure (a subset of the API's ProcedureSummary). */
export interface Searchable {
  code: string;
  name: string;
  // Absent from catalogue pages cached before the API served keywords.
  keywords?: string[];
  field: { name: string };
  agency?: { name: string } | null;
}

/** "Đăng ký nhận cha, mẹ, con" → ["dang", "ky", "nhan", "cha", "me", "con"]. */
export function searchWords(text: string): string[] {
  return foldVietnamese(text).match(/[a-z0-9]+/g) ?? [];
}

const joinedWords = (text: string) => searchWords(text).join(' ');

/** `word` begins one of the words of `text` (words joined by spaces, parts by " | "). */
const startsWord = (text: string, word: string) => ` ${text}`.includes(` ${word}`);

/** One letter inserted, deleted or replaced, or two neighbouring letters swapped (or equal). */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  const without = (text: string, i: number) => text.slice(0, i) + text.slice(i + 1);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a.length === b.length && without(a, i) === without(b, i)) return true;
    if (without(a, i) === b || a === without(b, i)) return true;
    const swapped = b.slice(0, i) + b.slice(i + 1, i + 2) + b.slice(i, i + 1) + b.slice(i + 2);
    if (a.length === b.length && i < a.length - 1 && a === swapped) return true;
  }
  return false;
}

/** `word` nearly matches a word of `text` (see search_ranking.json: its beginning, or one edit away). */
export function nearly(text: string, word: string): boolean {
  if (startsWord(text, word)) return true;
  if (word.length < ranking.typo_min_letters) return false;
  return text
    .split(/[ |]+/)
    .some((other) => other[0] === word[0] && Math.abs(other.length - word.length) <= 1 && oneEditApart(word, other));
}

interface Match {
  phrase: string;
  n: number;
  name: string;
  parts: string[];
  text: string;
  inName: number;
  inText: number;
  nearName: number;
  nearText: number;
}

const RULES: Record<string, (m: Match) => boolean> = {
  name_is_query: (m) => m.name === m.phrase,
  name_starts_with_phrase: (m) => m.name.startsWith(m.phrase),
  name_has_phrase: (m) => startsWord(m.name, m.phrase),
  name_has_words: (m) => m.inName === m.n,
  text_part_is_query: (m) => m.parts.includes(m.phrase),
  text_has_phrase: (m) => startsWord(m.text, m.phrase),
  text_has_words: (m) => m.inText === m.n,
  name_has_words_nearly: (m) => m.nearName === m.n,
  text_has_words_nearly: (m) => m.nearText === m.n,
  text_misses_one_word: (m) => m.n >= ranking.partial_min_words && m.nearText >= m.n - 1,
};

const TIERS = ranking.tiers.map(({ rank, rule }) => {
  const holds = RULES[rule];
  if (!holds) throw new Error(`search_ranking.json: no rule named ${rule}`);
  return { rank, holds };
});

/** The procedure's rank for the query's words, or null when it is not listed. */
export function rankOf(item: Searchable, queryWords: string[]): number | null {
  if (queryWords.length === 0) return 0;
  const name = joinedWords(item.name);
  const parts = [item.name, item.code, ...(item.keywords ?? []), item.field.name]
    .concat(item.agency ? [item.agency.name] : [])
    .map(joinedWords);
  const text = parts.join(' | ');
  const count = (test: (word: string) => boolean) => queryWords.filter(test).length;
  const match: Match = {
    phrase: queryWords.join(' '),
    n: queryWords.length,
    name,
    parts,
    text,
    inName: count((word) => startsWord(name, word)),
    inText: count((word) => startsWord(text, word)),
    nearName: count((word) => nearly(name, word)),
    nearText: count((word) => nearly(text, word)),
  };
  return TIERS.find((tier) => tier.holds(match))?.rank ?? null;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The procedures a query lists, best first: rank, then name, then code (as the API orders them). */
export function rankProcedures<T extends Searchable>(items: T[], query: string): T[] {
  const queryWords = searchWords(query);
  return items
    .map((item) => ({ item, rank: rankOf(item, queryWords), name: joinedWords(item.name) }))
    .filter((entry): entry is { item: T; rank: number; name: string } => entry.rank !== null)
    .sort((a, b) => b.rank - a.rank || byCodeUnits(a.name, b.name) || byCodeUnits(a.item.code, b.item.code))
    .map((entry) => entry.item);
}
