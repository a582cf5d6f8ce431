// This browser's side of web push, shared by the offer after a submission and the account's switch:
// subscribing with the server's key, and finding or dropping this browser's subscription.

/** The key as bytes: every browser takes a BufferSource, not all take the base64url string. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export async function subscribe(applicationServerKey: string): Promise<PushSubscriptionJSON> {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(applicationServerKey),
  });
  return subscription.toJSON();
}

/** This browser's subscription, if any. Not `serviceWorker.ready`: with no worker registered it never settles. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

export function requestPermission(): Promise<NotificationPermission> {
  return Notification.requestPermission();
}
