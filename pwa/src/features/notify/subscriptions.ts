// The API's push routes, typed by hand until api_schema/openapi.d.ts has them (the lead regenerates it):
// GET /api/push/key → {public_key}; POST /api/me/push-subscriptions {endpoint, keys} (upserts by endpoint);
// (DELETE /api/me/push-subscriptions {endpoint} → 204 exists for a later "turn off" in the account.)
import { apiGet, apiSend } from '../../api';

export interface PushKey {
  /** The VAPID public key, base64url of the uncompressed P-256 point. */
  public_key: string;
}

export interface PushSubscriptionIn {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export async function fetchPushKey(): Promise<string> {
  return (await apiGet<PushKey>('/api/push/key')).public_key;
}

export async function saveSubscription(subscription: PushSubscriptionIn): Promise<void> {
  await apiSend<unknown>('POST', '/api/me/push-subscriptions', subscription);
}

