// Hand-written mirror of the catalogue schemas (backend/catalog/schemas.py) — only the fields
// the PWA shows — until the generated OpenAPI types (npm run gen:types) replace it.
export interface NamedRef {
  code: string;
  name: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: NamedRef;
  agency: NamedRef | null;
  working_days: number;
  fee_summary: string;
}

export interface ProcedurePage {
  items: ProcedureSummary[];
  next: string | null; // cursor for the next page
}

export interface ProcedureDetail {
  code: string;
  name: string;
  field: NamedRef;
  agency_description: string;
  processing: { text: string };
  fee: { summary: string };
}
