// The messages sent about a dossier, as GOV.UK Notify lists them: each with its status in the server's
// words, shown in one of three tones (delivered, still on its way, failed).
import type { components } from '../../../../api_schema/openapi';

export type MessageView = components['schemas']['MessageView'];
export type MessageStatus = MessageView['status'];
export type Tone = 'delivered' | 'waiting' | 'failed';

// Notify counts a temporary failure as failed too: the provider gave up on it (the words say it is retried).
const TONES: Record<MessageStatus, Tone> = {
  created: 'waiting',
  sending: 'waiting',
  delivered: 'delivered',
  'temporary-failure': 'failed',
  'permanent-failure': 'failed',
  'technical-failure': 'failed',
};

export function toneOf(status: MessageStatus): Tone {
  return TONES[status];
}

/** When the message went: when a provider took it, or, while it still waits, when it was written. */
export function sentAt(message: Pick<MessageView, 'sent_at' | 'created_at'>): string {
  return message.sent_at ?? message.created_at;
}
