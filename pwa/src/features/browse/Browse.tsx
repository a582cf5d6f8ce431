// The home screen below the search box, for someone who does not know a procedure's name: the most
// filed procedures (public counts over 90 days, the catalogue's order when nobody has filed yet) and
// the fields (lĩnh vực), each a link to its procedures. Both answers are cached by the service worker.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import type { components } from '../../../../api_schema/openapi';

type Schemas = components['schemas'];

export function Browse() {
  const [popular, setPopular] = useState<Schemas['PopularProcedures'] | null>(null);
  const [fields, setFields] = useState<Schemas['Field'][]>([]);

  useEffect(() => {
    // Each list stands on its own: one missing (offline, first visit) hides only itself.
    apiGet<Schemas['PopularProcedures']>('/api/stats/popular-procedures').then(setPopular, () => undefined);
    apiGet<Schemas['FieldPage']>('/api/catalog/fields').then((page) => setFields(page.items), () => undefined);
  }, []);

  const filed = popular?.items.some((item) => item.submitted > 0);
  return (
    <>
      {popular && popular.items.length > 0 && (
        <section class="browse" aria-labelledby="popular-title">
          <h2 id="popular-title">{filed ? t('browse.popular') : t('browse.common')}</h2>
          <ul class="results">
            {popular.items.map((item) => (
              <li key={item.code}>
                <a class="result" href={href.procedure(item.code)}>
                  <span class="result__name">
                    <Localized vi={item.name} en={item.name_en} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {fields.length > 0 && (
        <section class="browse" aria-labelledby="fields-title">
          <h2 id="fields-title">{t('browse.fields')}</h2>
          <ul class="field-links">
            {fields.map((field) => (
              <li key={field.code}>
                <a href={href.field(field.code)}>
                  <Localized vi={field.name} en={field.name_en} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
