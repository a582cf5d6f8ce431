// Step 1: where the dossier goes. A commune-level procedure is filed at the People's Committee of a
// commune of the service province, chosen here (prefilled from the profile by the server) and changed
// freely while it is a draft; the list is cached by the service worker, so it works offline too.
import { t } from '../../i18n';
import { communesPath, PROVINCES_PATH, serviceProvince, useUnits } from '../../units';
import { chosenCommune, needsCommune } from './formRules';
import type { LocalDraft } from './types';

function CommunePicker(props: { communeCode: string | null; agencyName: string | null; error: string | null; onChange: (commune: string) => void }) {
  const province = serviceProvince();
  const provinces = useUnits(PROVINCES_PATH);
  const communes = useUnits(province ? communesPath(province) : null);
  const provinceUnit = provinces.find((u) => u.code === province);
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.placeTitle')}</legend>
      <p class="hint">
        {t('filing.placeHint', { province: provinceUnit ? `${provinceUnit.division_type} ${provinceUnit.name}` : t('filing.placeProvince') })}
      </p>
      <label for="place-commune">
        {t('filing.placeCommune')} <span class="req">({t('filing.required')})</span>
      </label>
      <select
        id="place-commune"
        class="input"
        value={props.communeCode ?? ''}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? 'place-commune-error' : undefined}
        onChange={(e) => e.currentTarget.value && props.onChange(e.currentTarget.value)}
      >
        {!props.communeCode && <option value="">{t('filing.choose')}</option>}
        {communes.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        ))}
      </select>
      {props.error && (
        <p id="place-commune-error" class="field-error">
          {props.error}
        </p>
      )}
      {props.agencyName && <p class="hint">{t('filing.agency', { name: props.agencyName })}</p>}
    </fieldset>
  );
}

export function ProcedureStep(props: { draft: LocalDraft; supplement: boolean; showErrors: boolean; onCommune: (commune: string) => void }) {
  const { draft } = props;
  const server = draft.server;
  const agencyName = server?.agency_name ?? draft.procedure?.agency?.name ?? null;
  if (props.supplement || !needsCommune(draft)) return agencyName ? <p class="hint">{t('filing.agency', { name: agencyName })}</p> : null;
  const commune = chosenCommune(draft);
  // The server's agency is shown once it has the commune the phone has.
  const confirmed = server?.commune_code === commune ? server.agency_name : null;
  return (
    <CommunePicker
      communeCode={commune}
      agencyName={confirmed}
      error={props.showErrors && !commune ? t('filing.placeMissing') : null}
      onChange={props.onCommune}
    />
  );
}
