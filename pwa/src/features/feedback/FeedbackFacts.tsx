// One piece of feedback as its sender sees it: its state in the server's words, when it was sent and is due,
// and the agency's answer once there is one.
import type { components } from '../../../../api_schema/openapi';
import { isoToDmy } from '../../dates';
import { formatDate } from '../../format';
import { t } from '../../i18n';

type FeedbackView = components['schemas']['FeedbackView'];

export function FeedbackFacts({ feedback }: { feedback: FeedbackView }) {
  return (
    <dl class="facts">
      <dt>{t('feedback.state')}</dt>
      <dd><strong>{feedback.state_words}</strong></dd>
      <dt>{t('feedback.sentAt')}</dt>
      <dd>{formatDate(feedback.created_at)}</dd>
      {feedback.dossier_code && (
        <>
          <dt>{t('feedback.about')}</dt>
          <dd>{feedback.dossier_code}</dd>
        </>
      )}
      {feedback.state === 'sent' && (
        <>
          <dt>{t('feedback.dueOn')}</dt>
          <dd>{isoToDmy(feedback.due_on)}</dd>
        </>
      )}
      {feedback.answer && (
        <>
          <dt>{t('feedback.answer')}</dt>
          <dd class="feedback-answer">{feedback.answer}</dd>
          {feedback.answered_at && (
            <>
              <dt>{t('feedback.answeredAt')}</dt>
              <dd>{formatDate(feedback.answered_at)}</dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}
