// The shape the PWA expects from GET /api/catalog/procedures?q=… until the generated
// OpenAPI types replace it. Paginated lists answer { items: [...] }.
export interface ProcedureSummary {
  code: string;
  name: string;
  field?: string | null;
  agency?: string | null;
  fee?: number | null;
}

export interface Page<T> {
  items: T[];
}
