// The account's "push on this device" switch, free of UI: what it shows, and what turning it on or off
// does. On runs the same consent path as the offer after a submission; off removes this browser's
// subscription (server first, so nothing more is sent to it) and stores the person's choice.
import { enable, type EnableSteps } from './consent';

/** Why the switch cannot be used here: no push in this browser, or the browser blocks it for this site. */
export type PushBlock = 'unsupported' | 'denied' | null;

export interface PushSituation {
  supported: boolean;
  permission: NotificationPermission;
  /** This browser holds a push subscription. */
  subscribed: boolean;
  /** The person's stored choice (for all their devices). */
  preference: boolean;
}

export function pushSwitch(situation: PushSituation): { on: boolean; blocked: PushBlock } {
  const blocked = !situation.supported ? 'unsupported' : situation.permission === 'denied' ? 'denied' : null;
  const on = blocked === null && situation.permission === 'granted' && situation.subscribed && situation.preference;
  return { on, blocked };
}

export interface PushOnSteps extends EnableSteps {
  savePreference: (push: boolean) => Promise<unknown>;
}

/** The browser's prompt, the subscription, then the choice; anything but `granted` changes nothing stored. */
export async function turnPushOn(steps: PushOnSteps): Promise<NotificationPermission> {
  const permission = await enable(steps);
  if (permission === 'granted') await steps.savePreference(true);
  return permission;
}

export interface PushOffSteps {
  subscription: () => Promise<Pick<PushSubscription, 'endpoint' | 'unsubscribe'> | null>;
  forget: (endpoint: string) => Promise<void>;
  savePreference: (push: boolean) => Promise<unknown>;
}

export async function turnPushOff(steps: PushOffSteps): Promise<void> {
  const subscription = await steps.subscription();
  if (subscription) {
    await steps.forget(subscription.endpoint);
    await subscription.unsubscribe();
  }
  await steps.savePreference(false);
}
