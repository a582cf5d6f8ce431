// Catalogue shapes, straight from the API's OpenAPI document (`just schema` regenerates them).
import type { components } from '../../../../api_schema/openapi';

type Schemas = components['schemas'];

export type ProcedureSummary = Schemas['ProcedureSummary'];
export type ProcedurePage = Schemas['ProcedurePage'];
export type ProcedureDetail = Schemas['ProcedureDetail'];
export type RequiredDocument = Schemas['RequiredDocument'];
