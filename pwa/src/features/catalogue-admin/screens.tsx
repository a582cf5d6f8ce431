// #/quan-tri/thu-tuc: the administrators' catalogue — procedures with their versions, a draft's editor with a
// preview drawn by the citizen's own components, publishing, the dossiers each version holds, and the bulk import.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { ApiError, apiFetch, apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { usePages } from '../../usePages';
import { href } from '../../router';
import { FormInput } from '../filing/FormInput';
import '../filing/messages'; // the form's own words ("bắt buộc", "Chọn…")
import { ProcedureFacts } from '../procedure/ProcedurePage';
import type { CatalogueAdminRouteName } from './CatalogueAdminRoute';
import {
  choicesFrom,
  definitionOf,
  FIELD_TYPES,
  newDocument,
  newField,
  simpleFee,
  type FeeRule,
  type FormField,
  type ProcedureDefinition,
  type ProcedureDetail,
  type RequiredDocument,
} from './draft';
import './catalogue-admin.css';
import './messages';

type Schemas = components['schemas'];
type AdminProcedurePage = Schemas['AdminProcedurePage'];
type AdminProcedure = Schemas['AdminProcedure'];
type PinnedVersions = Schemas['PinnedVersions'];
type VersionRef = Schemas['ProcedureVersionRef'];
type ImportResult = Schemas['ImportResult'];
type LineError = { line?: number | null; field: string; message: string };

export function CatalogueAdmin({ route }: { route: CatalogueAdminRouteName }) {
  return (
    <section class="page cat-admin" aria-labelledby="cat-admin-title">
      {route.importing ? <ImportScreen /> : route.code ? <ProcedureScreen code={route.code} /> : <ListScreen />}
    </section>
  );
}

// ---- the list ------------------------------------------------------------------------------------

function ListScreen() {
  const [q, setQ] = useState('');
  const { items, next, error, load: loadPage } = usePages<AdminProcedure>();

  const load = (query: string, after: string | null) => {
    const params = new URLSearchParams({ q: query, limit: '50' });
    if (after) params.set('after', after);
    void loadPage(`/api/catalog/admin/procedures?${params}`, after !== null);
  };
  useEffect(() => load('', null), []);

  return (
    <>
      <h1 id="cat-admin-title">{t('catAdmin.title')}</h1>
      <p>
        <a class="button button--secondary" href={href.catalogueImport}>{t('catAdmin.import')}</a>
      </p>
      <form class="cat-admin-search" role="search" onSubmit={(e) => { e.preventDefault(); load(q, null); }}>
        <label for="cat-admin-q">{t('catAdmin.search')}</label>
        <input id="cat-admin-q" class="input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button class="button" type="submit">{t('catAdmin.searchButton')}</button>
      </form>
      {error && <ErrorText message={error} />}
      {items === null && !error && <p class="status" role="status">{t('catAdmin.loading')}</p>}
      {items?.length === 0 && <p>{t('catAdmin.empty')}</p>}
      {items && items.length > 0 && (
        <table class="cat-admin-table">
          <thead>
            <tr><th scope="col">{t('catAdmin.code')}</th><th scope="col">{t('catAdmin.name')}</th><th scope="col">{t('catAdmin.versions')}</th></tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.code}>
                <td><a href={href.catalogueProcedure(p.code)}>{p.code}</a></td>
                <td><Localized vi={p.name} en={p.name_en} /></td>
                <td>{p.versions.map((v) => <VersionBadge key={v.id} version={v.version} status={v.status} current={v.current} />)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button class="button button--secondary" type="button" onClick={() => load(q, next)}>{t('catAdmin.more')}</button>}
    </>
  );
}

function VersionBadge({ version, status, current }: { version: number; status: 'draft' | 'published'; current: boolean }) {
  return (
    <span class={`badge cat-admin-version cat-admin-version--${current ? 'current' : status}`}>
      {t('catAdmin.version', { n: version })} · {t(`catAdmin.status.${status}`)}{current ? ` · ${t('catAdmin.current')}` : ''}
    </span>
  );
}

// ---- one procedure: versions, pinned dossiers, the draft -------------------------------------------

function ProcedureScreen({ code }: { code: string }) {
  const [procedure, setProcedure] = useState<AdminProcedure | null>(null);
  const [pinned, setPinned] = useState<PinnedVersions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = () => {
    apiGet<AdminProcedurePage>(`/api/catalog/admin/procedures?${new URLSearchParams({ q: code, limit: '100' })}`).then(
      (page) => setProcedure(page.items.find((p) => p.code === code) ?? null),
      (e: unknown) => setError(messageOf(e)),
    );
    apiGet<PinnedVersions>(`/api/catalog/admin/procedures/${encodeURIComponent(code)}/pinned`).then(setPinned, (e: unknown) => setError(messageOf(e)));
  };
  useEffect(load, [code]);

  const draft = procedure?.versions.find((v) => v.status === 'draft');
  const startDraft = () =>
    apiSend<VersionRef>('POST', `/api/catalog/admin/procedures/${encodeURIComponent(code)}/drafts`).then(load, (e: unknown) => setError(messageOf(e)));

  return (
    <>
      <a class="back-link" href={href.catalogueAdmin}>{t('catAdmin.back')}</a>
      <h1 id="cat-admin-title">
        {code}
        {procedure && <> — <Localized vi={procedure.name} en={procedure.name_en} /></>}
      </h1>
      {error && <ErrorText message={error} />}
      {notice && <p class="status status--ok" role="status">{notice}</p>}
      {pinned && (
        <table class="cat-admin-table" aria-describedby="cat-admin-pinned-hint">
          <caption>{t('catAdmin.pinned')}</caption>
          <thead>
            <tr><th scope="col">{t('catAdmin.versions')}</th><th scope="col">{t('catAdmin.dossiers')}</th><th scope="col">{t('catAdmin.drafts')}</th></tr>
          </thead>
          <tbody>
            {pinned.versions.map((v) => {
              const validFrom = procedure?.versions.find((x) => x.id === v.version_id)?.valid_from;
              return (
                <tr key={v.version_id} data-version={v.version}>
                  <th scope="row">
                    <VersionBadge version={v.version} status={v.status} current={v.current} />
                    {validFrom && <small> {t('catAdmin.validFrom', { date: formatDate(validFrom) })}</small>}
                  </th>
                  <td>{v.dossiers}</td>
                  <td>{v.drafts}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p id="cat-admin-pinned-hint" class="hint">{t('catAdmin.pinnedHint')}</p>
      {procedure && !draft && <button class="button" type="button" onClick={startDraft}>{t('catAdmin.newDraft')}</button>}
      {draft && (
        <DraftEditor
          key={draft.id}
          versionId={draft.id}
          version={draft.version}
          onPublished={(n) => { setNotice(t('catAdmin.published', { n })); load(); }}
        />
      )}
    </>
  );
}

// ---- the draft editor --------------------------------------------------------------------------------

type Option = { code: string; name: string; name_en?: string | null };

function useOptions(path: string): Option[] {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => { apiGet<{ items: Option[] }>(path).then((page) => setOptions(page.items), () => undefined); }, [path]);
  return options;
}

function DraftEditor({ versionId, version, onPublished }: { versionId: string; version: number; onPublished: (n: number) => void }) {
  const [definition, setDefinition] = useState<ProcedureDefinition | null>(null);
  const [preview, setPreview] = useState<ProcedureDetail | null>(null);
  const [error, setError] = useState<{ message: string; fields: LineError[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const fields = useOptions('/api/catalog/fields?limit=100');
  const agencies = useOptions('/api/catalog/agencies?level=province&limit=100');
  const path = `/api/catalog/admin/procedure-versions/${versionId}`;

  useEffect(() => { apiGet<ProcedureDetail>(path).then((d) => setDefinition(definitionOf(d)), (e: unknown) => setError({ message: messageOf(e), fields: [] })); }, [path]);
  if (!definition) return error ? <ErrorText message={error.message} /> : <p class="status">{t('catAdmin.loading')}</p>;

  const edit = (change: Partial<ProcedureDefinition>) => { setDefinition({ ...definition, ...change }); setSaved(false); setPreview(null); };
  const failed = (e: unknown) => setError({ message: messageOf(e), fields: e instanceof ApiError ? ((e.problem as { errors?: LineError[] }).errors ?? []) : [] });
  const save = () => apiSend<VersionRef>('PUT', path, definition).then(() => { setSaved(true); setError(null); return true; }, (e: unknown) => { failed(e); return false; });
  const showPreview = async () => { if (await save()) apiGet<ProcedureDetail>(path).then(setPreview, failed); };
  const publish = async () => {
    if (!(await save()) || !confirm(t('catAdmin.publishConfirm', { n: version }))) return;
    apiSend<VersionRef>('POST', `${path}/publish`).then((ref) => onPublished(ref.version), failed);
  };

  return (
    <form class="cat-admin-editor" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{t('catAdmin.editDraft', { n: version })}</h2>
      <fieldset>
        <legend>{t('catAdmin.general')}</legend>
        <TextInput id="d-name" label={t('catAdmin.name')} value={definition.name} onValue={(name) => edit({ name })} />
        <TextInput id="d-name-en" label={t('catAdmin.nameEn')} value={definition.name_en ?? ''} onValue={(v) => edit({ name_en: v || null })} />
        <Select id="d-field" label={t('catAdmin.field')} value={definition.field} onValue={(field) => edit({ field })}
          options={fields.map((f) => [f.code, f.name])} />
        <Select id="d-level" label={t('catAdmin.level')} value={definition.level} onValue={(level) => edit({ level: level as ProcedureDefinition['level'] })}
          options={[['province', t('catAdmin.level.province')], ['commune', t('catAdmin.level.commune')]]} />
        {definition.level === 'province' && (
          <Select id="d-agency" label={t('catAdmin.agency')} value={definition.agency_code ?? ''} onValue={(v) => edit({ agency_code: v || null })}
            options={[['', t('catAdmin.agencyByField')], ...agencies.map((a): [string, string] => [a.code, a.name])]} />
        )}
        <TextInput id="d-days" label={t('catAdmin.days')} type="number" value={String(definition.processing.working_days)}
          onValue={(v) => edit({ processing: { ...definition.processing, working_days: Number(v) } })} />
        <TextInput id="d-cutoff" label={t('catAdmin.cutoff')} value={definition.processing.same_day_cutoff ?? ''}
          onValue={(v) => edit({ processing: { working_days: definition.processing.working_days, ...(v ? { same_day_cutoff: v } : {}) } })} />
        <Select id="d-online" label={t('catAdmin.online')} value={definition.online} onValue={(v) => edit({ online: v as ProcedureDefinition['online'] })}
          options={(['full', 'partial', 'none'] as const).map((o) => [o, t(`catAdmin.online.${o}`)])} />
        <div class="field field--check">
          <input id="d-post" type="checkbox" checked={definition.result_by_post} onChange={(e) => edit({ result_by_post: e.currentTarget.checked })} />
          <label for="d-post">{t('catAdmin.post')}</label>
        </div>
      </fieldset>
      <FeeEditor rule={definition.fee} onRule={(fee) => edit({ fee })} />
      <Select id="d-fee-stage" label={t('catAdmin.feeStage')} value={definition.fee_stage ?? 'submission'} onValue={(v) => edit({ fee_stage: v as 'submission' | 'result' })}
        options={(['submission', 'result'] as const).map((s) => [s, t(`catAdmin.feeStage.${s}`)])} />
      <DocumentsEditor documents={definition.documents ?? []} onDocuments={(documents) => edit({ documents })} />
      <FormEditor form={definition.form ?? []} onForm={(form) => edit({ form })} />
      {error && (
        <div role="alert">
          <ErrorText message={error.message} />
        </div>
      )}
      {saved && <p class="status status--ok" role="status">{t('catAdmin.saved')}</p>}
      <div class="cat-admin-actions">
        <button class="button button--secondary" type="submit">{t('catAdmin.save')}</button>
        <button class="button button--secondary" type="button" onClick={() => void showPreview()}>{t('catAdmin.preview')}</button>
        <button class="button" type="button" onClick={() => void publish()}>{t('catAdmin.publish')}</button>
      </div>
      {preview && <Preview procedure={preview} onClose={() => setPreview(null)} />}
    </form>
  );
}

function TextInput(props: { id: string; label: string; value: string; type?: string; onValue: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} class="input" type={props.type ?? 'text'} value={props.value} onInput={(e) => props.onValue(e.currentTarget.value)} />
    </div>
  );
}

function Select(props: { id: string; label: string; value: string; options: [string, string][]; onValue: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} class="input" value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
        {props.options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
    </div>
  );
}

function FeeEditor({ rule, onRule }: { rule: FeeRule; onRule: (rule: FeeRule) => void }) {
  const simple = simpleFee(rule);
  const [kind, setKind] = useState<string>(simple?.kind ?? 'other');
  const [json, setJson] = useState(JSON.stringify(rule, null, 2));
  const [bad, setBad] = useState(false);
  const amount = simple && simple.kind !== 'free' ? simple.amount : 0;
  const choose = (next: string) => {
    setKind(next);
    if (next === 'free') onRule({ kind: 'free', verified: rule.verified });
    else if (next === 'flat' || next === 'per_copy') onRule({ kind: next, amount, verified: rule.verified } as FeeRule);
    else setJson(JSON.stringify(rule, null, 2));
  };
  return (
    <fieldset>
      <legend>{t('catAdmin.fee')}</legend>
      <Select id="d-fee-kind" label={t('catAdmin.fee')} value={kind} onValue={choose}
        options={(['free', 'flat', 'per_copy', 'other'] as const).map((k) => [k, t(`catAdmin.fee.${k}`)])} />
      {(kind === 'flat' || kind === 'per_copy') && (
        <TextInput id="d-fee-amount" label={t('catAdmin.amount')} type="number" value={String(amount)}
          onValue={(v) => onRule({ kind: kind as 'flat' | 'per_copy', amount: Number(v), verified: rule.verified } as FeeRule)} />
      )}
      {kind === 'other' && (
        <div class="field">
          <label for="d-fee-json">{t('catAdmin.feeJson')}</label>
          <textarea id="d-fee-json" class="input" rows={6} value={json} aria-invalid={bad || undefined}
            onInput={(e) => {
              const text = e.currentTarget.value;
              setJson(text);
              try { onRule(JSON.parse(text) as FeeRule); setBad(false); } catch { setBad(true); }
            }} />
          {bad && <p class="field-error">{t('catAdmin.feeJsonBad')}</p>}
        </div>
      )}
    </fieldset>
  );
}

function DocumentsEditor({ documents, onDocuments }: { documents: RequiredDocument[]; onDocuments: (documents: RequiredDocument[]) => void }) {
  const change = (i: number, part: Partial<RequiredDocument>) => onDocuments(documents.map((d, j) => (j === i ? { ...d, ...part } : d)));
  return (
    <fieldset>
      <legend>{t('catAdmin.documents')}</legend>
      <table class="cat-admin-table cat-admin-rows">
        <thead>
          <tr><th scope="col">{t('catAdmin.docName')}</th><th scope="col">{t('catAdmin.docNameEn')}</th><th scope="col">{t('catAdmin.required')}</th><th scope="col">{t('catAdmin.copies')}</th><th /></tr>
        </thead>
        <tbody>
          {documents.map((d, i) => (
            <tr key={d.code} data-document={d.code}>
              <td><input class="input" aria-label={`${t('catAdmin.docName')} ${i + 1}`} value={d.name} onInput={(e) => change(i, { name: e.currentTarget.value })} /></td>
              <td><input class="input" aria-label={`${t('catAdmin.docNameEn')} ${i + 1}`} value={d.name_en ?? ''} onInput={(e) => change(i, { name_en: e.currentTarget.value || null })} /></td>
              <td><input type="checkbox" aria-label={`${t('catAdmin.required')} ${i + 1}`} checked={d.required ?? true} onChange={(e) => change(i, { required: e.currentTarget.checked })} /></td>
              <td><input class="input input--short" type="number" min={0} aria-label={`${t('catAdmin.copies')} ${i + 1}`} value={d.copies ?? 1} onInput={(e) => change(i, { copies: Number(e.currentTarget.value) })} /></td>
              <td><button class="button button--secondary" type="button" onClick={() => onDocuments(documents.filter((_, j) => j !== i))}>{t('catAdmin.remove')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button class="button button--secondary" type="button" onClick={() => onDocuments([...documents, newDocument(documents)])}>{t('catAdmin.addDocument')}</button>
    </fieldset>
  );
}

function FormEditor({ form, onForm }: { form: FormField[]; onForm: (form: FormField[]) => void }) {
  const change = (i: number, part: Partial<FormField>) => onForm(form.map((f, j) => (j === i ? { ...f, ...part } : f)));
  const bound = (text: string) => (text.trim() === '' ? null : Number(text));
  return (
    <fieldset>
      <legend>{t('catAdmin.form')}</legend>
      <table class="cat-admin-table cat-admin-rows">
        <thead>
          <tr>
            <th scope="col">{t('catAdmin.fieldName')}</th><th scope="col">{t('catAdmin.fieldLabel')}</th><th scope="col">{t('catAdmin.fieldLabelEn')}</th>
            <th scope="col">{t('catAdmin.fieldType')}</th><th scope="col">{t('catAdmin.required')}</th><th scope="col">{t('catAdmin.min')}</th>
            <th scope="col">{t('catAdmin.max')}</th><th scope="col">{t('catAdmin.choices')}</th><th />
          </tr>
        </thead>
        <tbody>
          {form.map((f, i) => (
            <tr key={i} data-field={f.name}>
              <td><input class="input" aria-label={`${t('catAdmin.fieldName')} ${i + 1}`} value={f.name} onInput={(e) => change(i, { name: e.currentTarget.value })} /></td>
              <td><input class="input" aria-label={`${t('catAdmin.fieldLabel')} ${i + 1}`} value={f.label} onInput={(e) => change(i, { label: e.currentTarget.value })} /></td>
              <td><input class="input" aria-label={`${t('catAdmin.fieldLabelEn')} ${i + 1}`} value={f.label_en ?? ''} onInput={(e) => change(i, { label_en: e.currentTarget.value || null })} /></td>
              <td>
                <select class="input" aria-label={`${t('catAdmin.fieldType')} ${i + 1}`} value={f.type} onChange={(e) => change(i, { type: e.currentTarget.value as FormField['type'] })}>
                  {FIELD_TYPES.map((type) => <option key={type} value={type}>{t(`catAdmin.type.${type}`)}</option>)}
                </select>
              </td>
              <td><input type="checkbox" aria-label={`${t('catAdmin.required')} ${i + 1}`} checked={f.required ?? false} onChange={(e) => change(i, { required: e.currentTarget.checked })} /></td>
              <td><input class="input input--short" type="number" aria-label={`${t('catAdmin.min')} ${i + 1}`} value={f.min ?? ''} onInput={(e) => change(i, { min: bound(e.currentTarget.value) })} /></td>
              <td><input class="input input--short" type="number" aria-label={`${t('catAdmin.max')} ${i + 1}`} value={f.max ?? ''} onInput={(e) => change(i, { max: bound(e.currentTarget.value) })} /></td>
              <td>
                <input class="input" aria-label={`${t('catAdmin.choices')} ${i + 1}`} disabled={f.type !== 'choice'} value={(f.choices ?? []).join(', ')}
                  onInput={(e) => change(i, { choices: choicesFrom(e.currentTarget.value), choices_en: null })} />
              </td>
              <td><button class="button button--secondary" type="button" onClick={() => onForm(form.filter((_, j) => j !== i))}>{t('catAdmin.remove')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button class="button button--secondary" type="button" onClick={() => onForm([...form, newField(form)])}>{t('catAdmin.addField')}</button>
    </fieldset>
  );
}

/** The draft as a citizen will read it (the procedure page's own component) and its form as filing draws it. */
function Preview({ procedure, onClose }: { procedure: ProcedureDetail; onClose: () => void }) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  return (
    <section class="cat-admin-preview" aria-labelledby="cat-admin-preview-title">
      <h2 id="cat-admin-preview-title">{t('catAdmin.previewTitle')}</h2>
      <div class="cat-admin-phone">
        <h1><Localized vi={procedure.name} en={procedure.name_en} /></h1>
        <ProcedureFacts procedure={procedure} preview />
        {procedure.form.length > 0 && (
          <fieldset class="filing-section">
            <legend>{t('catAdmin.previewForm')}</legend>
            {procedure.form.map((field) => (
              <FormInput key={field.name} field={field} value={answers[field.name]} onBlur={() => undefined}
                onInput={(text) => setAnswers({ ...answers, [field.name]: text })} />
            ))}
          </fieldset>
        )}
      </div>
      <button class="button button--secondary" type="button" onClick={onClose}>{t('catAdmin.closePreview')}</button>
    </section>
  );
}

// ---- the bulk import -----------------------------------------------------------------------------

function ImportScreen() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<{ message: string; lines: LineError[] } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    setError(null);
    const type = file.name.toLowerCase().endsWith('.json') ? 'application/json' : 'text/csv';
    try {
      setResult(await apiFetch<ImportResult>('/api/catalog/admin/imports', { method: 'POST', body: file, headers: { 'Content-Type': type } }));
    } catch (problem) {
      const lines = problem instanceof ApiError ? ((problem.problem as { errors?: LineError[] }).errors ?? []) : [];
      setError({ message: messageOf(problem), lines });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <a class="back-link" href={href.catalogueAdmin}>{t('catAdmin.back')}</a>
      <h1 id="cat-admin-title">{t('catAdmin.importTitle')}</h1>
      <p class="hint">{t('catAdmin.importHint')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="cat-import-file">{t('catAdmin.file')}</label>
          <input id="cat-import-file" type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <button class="button" type="submit" disabled={!file || busy}>{busy ? t('catAdmin.importing') : t('catAdmin.importButton')}</button>
      </form>
      {result && (
        <p class="status status--ok" role="status">
          {t('catAdmin.result', { created: result.created, changed: result.changed, unchanged: result.unchanged })}
        </p>
      )}
      {error && (
        <div role="alert">
          <ErrorText message={error.message} />
          {error.lines.length > 0 && (
            <table class="cat-admin-table cat-import-errors">
              <thead>
                <tr><th scope="col">{t('catAdmin.line')}</th><th scope="col">{t('catAdmin.column')}</th><th scope="col">{t('catAdmin.problem')}</th></tr>
              </thead>
              <tbody>
                {error.lines.map((line, i) => (
                  <tr key={i}><td>{line.line ?? ''}</td><td><code>{line.field}</code></td><td>{line.message}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  );
}
