// Step 5: the estimated fee, what still stops submission (or what the outbox is doing with it), and the
// buttons: "Nộp hồ sơ" / "Nộp bổ sung", "Gửi lại" while queued, "Xoá bản nháp".
import { ErrorText } from '../../ErrorText';
import { formatVnd, saysMoreThan } from '../../format';
import { t } from '../../i18n';
import { inLang } from '../../Localized';
import { PostageLine } from '../delivery/Postage';
import type { Tariff } from '../delivery/types';
import { postagePaymentOf } from './DeliveryStep';
import type { FieldError } from './formRules';
import { MissingList, sentence } from './MissingList';
import type { Delivery, DossierDetail } from './types';
import type { Notice } from './useSubmission';

type Fee = NonNullable<DossierDetail['fee']>;

function FeeSummary({ fee }: { fee: Fee | null }) {
  const total = fee ? (fee.total === 0 ? t('filing.free') : formatVnd(fee.total)) : '';
  const explanation = fee ? inLang(fee.explanation, fee.explanation_en) : '';
  return (
    <section class="filing-section" aria-labelledby="fee-title">
      <h2 id="fee-title">{t('filing.fee')}</h2>
      {fee ? (
        <>
          <p class="fee-total">{total}</p>
          {fee.lines.length > 1 && (
            <ul class="fee-lines">
              {fee.lines.map((line) => (
                <li key={line.label}>
                  {inLang(line.label, line.label_en)}: {formatVnd(line.amount)}
                </li>
              ))}
            </ul>
          )}
          {saysMoreThan(explanation, total) && <p class="hint">{explanation}</p>}
        </>
      ) : (
        <p class="hint">{t('filing.feeUnknown')}</p>
      )}
    </section>
  );
}

/** How the result comes back, as chosen in the delivery step: the counter, or the post with its postage. */
function DeliverySummary({ delivery, tariff }: { delivery: Delivery; tariff: Tariff | null | 'missing' }) {
  const post = delivery.method === 'post';
  return (
    <section class="filing-section" aria-labelledby="review-delivery-title">
      <h2 id="review-delivery-title">{t('filing.reviewDelivery')}</h2>
      <p>{t(post ? 'filing.deliveryPost' : 'filing.deliveryCounter')}</p>
      {post && (
        <>
          <PostageLine id="review-postage" tariff={tariff} provinceCode={delivery.province_code} />
          <p>{t('delivery.payment')}: {t(postagePaymentOf(delivery) === 'on_delivery' ? 'delivery.onDelivery' : 'delivery.withFee')}</p>
        </>
      )}
    </section>
  );
}

function ProblemList({ title, items }: { title: string; items: string[] }) {
  return (
    <div class="status status--error" role="alert">
      <p>{title}</p>
      {items.length > 0 && (
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NoticeText({ notice, onSendAgain }: { notice: Notice; onSendAgain: () => void }) {
  switch (notice.kind) {
    case 'queued':
      return (
        <div class="queued" role="status">
          <p>{t('filing.queued')}</p>
          <button class="button button--secondary" type="button" onClick={onSendAgain}>
            {t('filing.sendAgain')}
          </button>
        </div>
      );
    case 'waiting':
      return <p class="status" role="status">{t('filing.waiting')}</p>;
    case 'submitting':
      return <p class="status" role="status">{t('filing.submitting')}</p>;
    case 'refused':
    case 'none':
      return null;
  }
}

export function ReviewStep(props: {
  fee: Fee | null;
  /** null when the procedure's result cannot be sent by post. */
  delivery: Delivery | null;
  tariff: Tariff | null | 'missing';
  notice: Notice;
  /** What the rules still find missing, once "Nộp hồ sơ" was pressed (empty before). */
  problems: FieldError[];
  actionError: string;
  supplement: boolean;
  onSubmit: () => void;
  onSendAgain: () => void;
  onDiscard: () => void;
}) {
  const { notice, supplement, problems } = props;
  const settled = notice.kind === 'none' || notice.kind === 'refused';
  // The phone's rules are the server's, so a refusal for an incomplete dossier is the live list; the
  // server's own words are shown only when the phone finds nothing (or for any other refusal).
  const refusal = notice.kind === 'refused' && (notice.code !== 'dossier_incomplete' || problems.length === 0) ? notice : null;
  return (
    <>
      <FeeSummary fee={props.fee} />
      {props.delivery && <DeliverySummary delivery={props.delivery} tariff={props.tariff} />}
      {props.actionError && <ErrorText message={props.actionError} />}
      <div class="submit-area" aria-live="polite">
        <NoticeText notice={notice} onSendAgain={props.onSendAgain} />
        {refusal && (
          <ProblemList title={refusal.code === 'dossier_incomplete' ? t('filing.fixFirst') : refusal.message} items={refusal.errors.map(sentence)} />
        )}
      </div>
      {settled && problems.length > 0 && <MissingList problems={problems} />}
      <button class="button button--submit" type="button" disabled={notice.kind === 'submitting'} onClick={props.onSubmit}>
        {supplement ? t('supplement.submit') : t('filing.submit')}
      </button>
      {!supplement && (
        <p>
          <button class="button button--secondary" type="button" onClick={props.onDiscard}>
            {t('filing.discard')}
          </button>
        </p>
      )}
    </>
  );
}
