// "Tin nhắn đã gửi": what the person was sent about the dossier and whether it arrived. The status is
// words (the server's, in the reader's language) with a mark and a colour beside them, never colour alone.
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { sentAt, toneOf, type MessageView, type Tone } from './sentMessages';

// Decorative: the channel is also written out beside it.
const CHANNEL_ICONS: Record<MessageView['channel'], string> = {
  sms: 'M4 4h16v12H8l-4 4z', // a speech bubble
  push: 'M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0z', // a bell
};

const TONE_MARKS: Record<Tone, string> = { delivered: '✓', waiting: '…', failed: '!' };

function ChannelIcon({ channel }: { channel: MessageView['channel'] }) {
  return (
    <svg class="message__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={CHANNEL_ICONS[channel]} fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
    </svg>
  );
}

export function SentMessages({ messages }: { messages: MessageView[] }) {
  return (
    <section aria-labelledby="sent-messages-title">
      <h2 id="sent-messages-title">{t('dossiers.messages')}</h2>
      {messages.length === 0 ? (
        <p class="hint">{t('dossiers.messagesNone')}</p>
      ) : (
        <ul class="sent-messages">
          {messages.map((message) => {
            const tone = toneOf(message.status);
            const at = sentAt(message);
            return (
              <li key={message.id} class="message">
                <p class="message__channel">
                  <ChannelIcon channel={message.channel} />
                  {message.channel_text}
                </p>
                <p class="message__text">{message.text}</p>
                <p class="message__meta">
                  <time dateTime={at}>{formatDateTime(at)}</time>
                  <span class={`message__status message__status--${tone}`}>
                    <span aria-hidden="true">{TONE_MARKS[tone]} </span>
                    <span class="visually-hidden">{t('dossiers.messageStatus')} </span>
                    {message.status_text}
                  </span>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
