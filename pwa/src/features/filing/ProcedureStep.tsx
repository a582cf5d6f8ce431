// Step 1: where the dossier goes. A commune-level procedure needs the commune when the profile names
// none (the server answers commune_required); once the server has the draft it names the agency.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { useUnits } from '../../units';
import type { LocalDraft } from './types';

function PlacePicker({ communeCode, onChange }: { communeCode: string | null; onChange: (commune: string | null) => void }) {
  const [province, setProvince] = useState('');
  const provinces = useUnits('/api/catalog/provinces?limit=100');
  const communes = useUnits(province ? `/api/catalog/provinces/${province}/communes?limit=500` : null);
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.placeTitle')}</legend>
      <p class="hint">{t('filing.placeHint')}</p>
      <label for="place-province">{t('filing.province')}</label>
      <select id="place-province" class="input" value={province} onChange={(e) => setProvince(e.currentTarget.value)}>
        <option value="">{t('filing.choose')}</option>
        {provinces.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        ))}
      </select>
      <label for="place-commune">{t('filing.commune')}</label>
      <select
        id="place-commune"
        class="input"
        value={communeCode ?? ''}
        disabled={!province}
        onChange={(e) => onChange(e.currentTarget.value || null)}
      >
        <option value="">{t('filing.choose')}</option>
        {communes.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

export function ProcedureStep({ draft, onCommune }: { draft: LocalDraft; onCommune: (commune: string | null) => void }) {
  const server = draft.server;
  if (server) return <p class="hint">{t('filing.agency', { name: server.agency_name })}</p>;
  if (draft.sync_error?.code !== 'commune_required' && !draft.commune_code) return null;
  return <PlacePicker communeCode={draft.commune_code} onChange={onCommune} />;
}
