// Asking for notifications: only after the first successful submission, only once the person has said
// yes in our own words, and never again after a "no" — theirs, or the browser's `denied`.
// Kept small and free of UI: the filing screen reads `shouldOffer` before loading the offer itself.

const STORAGE_KEY = 'motcua.notify';
type Answer = 'declined' | 'enabled';

export interface NotifyEnvironment {
  /** Notification, service worker and PushManager all exist (on iPhone: only in an installed app). */
  supported: boolean;
  permission: NotificationPermission;
  /** What the person answered before, on this device. */
  answer: Answer | null;
}

export function remembered(storage: Pick<Storage, 'getItem'> | undefined): Answer | null {
  try {
    const value = storage?.getItem(STORAGE_KEY);
    return value === 'declined' || value === 'enabled' ? value : null;
  } catch {
    return null; // storage can be blocked (private mode, embedded webviews)
  }
}

export function remember(storage: Pick<Storage, 'setItem'> | undefined, answer: Answer): void {
  try {
    storage?.setItem(STORAGE_KEY, answer);
  } catch {
    /* not remembered beyond this page: the browser's own permission still stands */
  }
}

export function currentEnvironment(): NotifyEnvironment {
  const supported =
    typeof Notification !== 'undefined' && typeof navigator !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in globalThis;
  return {
    supported,
    permission: supported ? Notification.permission : 'denied',
    answer: remembered(globalThis.localStorage),
  };
}

/** Offer only where push works, the browser has not decided, and the person has not answered. */
export function shouldOffer(env: NotifyEnvironment): boolean {
  return env.supported && env.permission === 'default' && env.answer === null;
}

/** What enabling needs from the browser and the server; the real ones are in browserPush.ts and subscriptions.ts. */
export interface EnableSteps {
  requestPermission: () => Promise<NotificationPermission>;
  subscribe: (applicationServerKey: string) => Promise<PushSubscriptionJSON>;
  publicKey: () => Promise<string>;
  save: (subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) => Promise<void>;
  storage: Pick<Storage, 'setItem'> | undefined;
}

/** After the person tapped "Bật thông báo": the browser's prompt, then the subscription, then the server.
 *  Anything but `granted` is a no, remembered. */
export async function enable(steps: EnableSteps): Promise<NotificationPermission> {
  const permission = await steps.requestPermission();
  if (permission !== 'granted') {
    remember(steps.storage, 'declined');
    return permission;
  }
  const subscription = await steps.subscribe(await steps.publicKey());
  const { p256dh, auth } = subscription.keys ?? {};
  if (!subscription.endpoint || !p256dh || !auth) throw new Error('the push subscription has no endpoint or keys');
  await steps.save({ endpoint: subscription.endpoint, keys: { p256dh, auth } });
  remember(steps.storage, 'enabled');
  return permission;
}

/** "Để sau": the person's no. */
export function decline(storage: Pick<Storage, 'setItem'> | undefined): void {
  remember(storage, 'declined');
}
