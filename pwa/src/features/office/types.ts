// Shapes of the back-office API, from the API's OpenAPI document.
import type { components } from '../../../../api_schema/openapi';

type Schemas = components['schemas'];

export type Queue = Schemas['Queue'];
export type QueueItem = Schemas['QueueItem'];
export type Dossier = Schemas['OfficeDossier'];
export type FormField = Schemas['FormField'];
export type Assignee = Schemas['Assignee'];
export type Agency = Schemas['Agency'];

/** A write's body; the dossier screen adds the lock_version the officer saw. */
export type ActionBody = Record<string, unknown>;
/** Sends a write for the dialog that asked; throws the server's problem for the dialog to show. */
export type Send = (body: ActionBody) => Promise<void>;
