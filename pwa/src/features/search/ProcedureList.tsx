// Procedures as links to their pages, with who handles them and the fee: search results and a field's list.
import { inLang, Localized } from '../../Localized';
import { href } from '../../router';
import type { ProcedureSummary } from './procedureSummary';

/** Who handles it (the agency, else the field) and what it costs, in the reader's language. */
function Meta({ procedure }: { procedure: ProcedureSummary }) {
  const who = procedure.agency ?? procedure.field;
  const fee = inLang(procedure.fee_summary, procedure.fee_summary_en);
  return (
    <>
      <Localized vi={who.name} en={who.name_en} />
      {fee && ` · ${fee}`}
    </>
  );
}

export function ProcedureList({ items }: { items: ProcedureSummary[] }) {
  return (
    <ul class="results">
      {items.map((procedure) => (
        <li key={procedure.code}>
          <a class="result" href={href.procedure(procedure.code)}>
            <span class="result__name">
              <Localized vi={procedure.name} en={procedure.name_en} />
            </span>
            <span class="result__meta">
              <Meta procedure={procedure} />
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
