import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { href } from '../../router';
import { Browse } from '../browse/Browse';
import { ProcedureList } from './ProcedureList';
import { useProcedureSearch, type SearchState } from './useProcedureSearch';

function statusText(state: SearchState): string {
  switch (state.status) {
    case 'idle':
      return '';
    case 'loading':
      return t('search.loading');
    case 'error':
      return state.message;
    case 'done':
      return [
        state.items.length ? t('search.count', { n: state.items.length }) : t('search.empty'),
        state.offline ? t('search.offline') : '',
      ].join(' ');
  }
}

export function SearchPage() {
  const [query, setQuery] = useState('');
  const state = useProcedureSearch(query);

  return (
    <>
      <form class="search" role="search" onSubmit={(event) => event.preventDefault()}>
        <h1 class="search__title">
          <label for="search-q">{t('search.label')}</label>
        </h1>
        <input
          id="search-q"
          class="search__input"
          type="search"
          name="q"
          autocomplete="off"
          enterkeyhint="search"
          placeholder={t('search.placeholder')}
          aria-describedby="search-hint"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <p id="search-hint" class="hint">
          {t('search.hint')}
        </p>
      </form>
      <ul class="home-lookup">
        <li><a href={href.lookup}>{t('home.lookup')}</a></li>
        <li><a href={href.feedback}>{t('home.feedback')}</a></li>
        <li><a href={href.qa}>{t('home.qa')}</a></li>
      </ul>

      <p class={state.status === 'error' ? 'status status--error' : 'status'} role="status" aria-live="polite">
        {statusText(state)}
      </p>

      {state.status === 'done' && state.items.length > 0 && <ProcedureList items={state.items} />}
      {state.status === 'idle' && <Browse />}
    </>
  );
}
