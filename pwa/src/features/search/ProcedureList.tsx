// Procedures as links to their pages, with who handles them and the fee: search results and a field's list.
import { href } from '../../router';
import type { ProcedureSummary } from './procedureSummary';

export function ProcedureList({ items }: { items: ProcedureSummary[] }) {
  return (
    <ul class="results">
      {items.map((procedure) => (
        <li key={procedure.code}>
          <a class="result" href={href.procedure(procedure.code)}>
            <span class="result__name">{procedure.name}</span>
            <span class="result__meta">
              {[procedure.agency?.name ?? procedure.field.name, procedure.fee_summary].filter(Boolean).join(' · ')}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
