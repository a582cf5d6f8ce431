// Step 1: where the dossier goes. A commune-level procedure is filed at the People's Committee of a
// commune of the service province, chosen here (prefilled from the profile by the server) and changed
// freely while it is a draft; the list is cached by the service worker, so it works offline too.
import { getLang, t } from '../../i18n';
import { localized } from '../../Localized';
import { communesPath, PROVINCES_PATH, serviceProvince, unitName, useUnits, type AdminUnit } from '../../units';
import { chosenCommune, needsCommune } from './formRules';
import type { LocalDraft } from './types';

/** "tỉnh Khánh Hòa" in a Vietnamese sentence, "Khánh Hòa Province" in an English one. */
const provinceInSentence = (unit: AdminUnit) => (getLang() === 'en' ? unitName(unit) : `${unit.division_type} ${unit.name}`);

interface AgencyName {
  name: string;
  name_en?: string | null;
}

function Agency({ agency }: { agency: AgencyName }) {
  return <p class="hint">{t('filing.agency', { name: localized(agency.name, agency.name_en) })}</p>;
}

function CommunePicker(props: { communeCode: string | null; agency: AgencyName | null; error: string | null; onChange: (commune: string) => void }) {
  const province = serviceProvince();
  const provinces = useUnits(PROVINCES_PATH);
  const communes = useUnits(province ? communesPath(province) : null);
  const provinceUnit = provinces.find((u) => u.code === province);
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.placeTitle')}</legend>
      <p class="hint">
        {t('filing.placeHint', { province: provinceUnit ? provinceInSentence(provinceUnit) : t('filing.placeProvince') })}
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
            {unitName(u)}
          </option>
        ))}
      </select>
      {props.error && (
        <p id="place-commune-error" class="field-error">
          {props.error}
        </p>
      )}
      {props.agency && <Agency agency={props.agency} />}
    </fieldset>
  );
}

export function ProcedureStep(props: { draft: LocalDraft; supplement: boolean; showErrors: boolean; onCommune: (commune: string) => void }) {
  const { draft } = props;
  const server = draft.server;
  const agency = server?.agency_name ? { name: server.agency_name, name_en: server.agency_name_en } : (draft.procedure?.agency ?? null);
  if (props.supplement || !needsCommune(draft)) return agency ? <Agency agency={agency} /> : null;
  const commune = chosenCommune(draft);
  // The server's agency is shown once it has the commune the phone has.
  const confirmed = server?.commune_code === commune && server.agency_name ? { name: server.agency_name, name_en: server.agency_name_en } : null;
  return (
    <CommunePicker
      communeCode={commune}
      agency={confirmed}
      error={props.showErrors && !commune ? t('filing.placeMissing') : null}
      onChange={props.onCommune}
    />
  );
}
