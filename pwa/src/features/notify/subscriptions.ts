// The API's notification routes for the citizen, typed from the API's OpenAPI document: the VAPID key,
// this browser's push subscription (upserted by endpoint, removed by endpoint), the channel choices.
import type { components } from '../../../../api_schema/openapi';
import { apiGet, apiSend } from '../../api';

type Schemas = components['schemas'];

export type PushKey = Schemas['PushKey'];
export type SubscriptionInput = Schemas['SubscriptionInput'];
export type Subscribed = Schemas['Subscribed'];
export type EndpointInput = Schemas['EndpointInput'];
export type Preferences = Schemas['Preferences'];
export type PreferencesInput = Schemas['PreferencesInput'];

export async function fetchPushKey(): Promise<string> {
  return (await apiGet<PushKey>('/api/push/key')).public_key;
}

export async function saveSubscription(subscription: SubscriptionInput): Promise<void> {
  await apiSend<Subscribed>('POST', '/api/me/push-subscriptions', subscription);
}

export async function forgetSubscription(endpoint: string): Promise<void> {
  const body: EndpointInput = { endpoint };
  await apiSend<void>('DELETE', '/api/me/push-subscriptions', body);
}

export function fetchPreferences(): Promise<Preferences> {
  return apiGet<Preferences>('/api/me/notification-preferences');
}

export function savePreferences(choice: PreferencesInput): Promise<Preferences> {
  return apiSend<Preferences>('PUT', '/api/me/notification-preferences', choice);
}
