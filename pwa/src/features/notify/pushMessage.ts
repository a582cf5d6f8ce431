// The service worker's push and notification-click logic that needs no worker: what to show for a
// push, and which window a click should use. The server writes the words in the person's language;
// the worker only shows them.

/** What the server sends (backend/notifications): already in the person's language. */
export interface PushPayload {
  title: string;
  body: string;
  /** The page a click opens, on this app's origin (e.g. "/#/ho-so/<id>"). */
  url: string;
  /** The dossier's push topic: a newer status replaces the older notification instead of piling up. */
  tag: string;
  lang: string;
}

// From the web app manifest (vite.config.ts). No monochrome badge exists, so the icon serves as one.
export const ICON = '/icons/icon-192.png';
export const BADGE = '/icons/icon-192.png';

export interface ShownNotification {
  title: string;
  options: NotificationOptions & { renotify?: boolean };
}

/** A same-origin URL to open; anything else (another origin, garbage) opens the app's home. */
export function safeUrl(url: unknown, origin: string): string {
  try {
    const resolved = new URL(typeof url === 'string' ? url : '/', origin);
    return resolved.origin === origin ? resolved.href : `${origin}/`;
  } catch {
    return `${origin}/`;
  }
}

/** The notification for a push's data (text, as the push event's `data.text()` gives it). */
export function notificationFor(text: string | null, origin: string): ShownNotification {
  let payload: Partial<PushPayload> = {};
  try {
    payload = JSON.parse(text ?? '') as Partial<PushPayload>;
  } catch {
    // A push must always show something (userVisibleOnly): an unreadable one shows the app's name.
  }
  const vi = payload.lang !== 'en';
  return {
    title: payload.title || 'Một Cửa',
    options: {
      body: payload.body ?? (vi ? 'Hồ sơ của bạn có cập nhật mới.' : 'Your dossier has an update.'),
      tag: payload.tag || undefined,
      // With a tag, a replacement would otherwise arrive silently; a new status deserves the alert.
      renotify: Boolean(payload.tag),
      lang: payload.lang === 'en' ? 'en' : 'vi',
      icon: ICON,
      badge: BADGE,
      data: { url: safeUrl(payload.url, origin) },
    },
  };
}

interface WindowLike {
  url: string;
  focused: boolean;
}

/** The open app window a click should bring forward: the focused one, else the first on our origin. */
export function windowFor<W extends WindowLike>(windows: readonly W[], origin: string): W | undefined {
  const ours = windows.filter((w) => w.url.startsWith(`${origin}/`));
  return ours.find((w) => w.focused) ?? ours[0];
}
