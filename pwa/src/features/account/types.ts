// Shapes of the accounts API, from the API's OpenAPI document.
import type { components } from '../../../../api_schema/openapi';

type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type Profile = Schemas['Profile'];
export type ProfileUpdate = Schemas['ProfileUpdate'];
export type CodeSent = Schemas['CodeSent'];
export type SecondFactorStep = Schemas['SecondFactorStep'];
export type Enrolment = Schemas['Enrolment'];
