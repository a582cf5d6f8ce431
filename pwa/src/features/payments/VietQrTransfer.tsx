// Paying by bank transfer: the QR any banking app scans and, beside it, the same details to type, each with
// a copy button whose result is said to screen readers; then the waiting line (the page polls meanwhile).
import { useState } from 'preact/hooks';
import { formatVnd } from '../../format';
import { getLang, t } from '../../i18n';
import type { VietQr } from './payments';

// The server's SVG is made for inline HTML (no namespace); as an image it needs one, and an image runs nothing.
function svgImage(svg: string): string {
  const standalone = svg.includes('xmlns=') ? svg : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(standalone)}`;
}

interface Detail {
  field: keyof VietQr;
  label: string;
  shown: string;
  copied: string;
}

function detailsOf(qr: VietQr): Detail[] {
  const plain = (field: Detail['field'], label: string): Detail => ({ field, label, shown: String(qr[field]), copied: String(qr[field]) });
  return [
    plain('bank_name', t('pay.bank')),
    plain('account_number', t('pay.accountNumber')),
    plain('account_name', t('pay.accountName')),
    // Banking apps want the digits alone.
    { field: 'amount', label: t('pay.amount'), shown: formatVnd(qr.amount), copied: String(qr.amount) },
    plain('transfer_content', t('pay.transferContent')),
  ];
}

export function VietQrTransfer({ qr }: { qr: VietQr }) {
  const [said, setSaid] = useState('');

  async function copy(detail: Detail) {
    const what = detail.label.toLocaleLowerCase(getLang());
    try {
      await navigator.clipboard.writeText(detail.copied);
      setSaid(t('pay.copied', { what }));
    } catch {
      setSaid(t('pay.copyFailed', { what }));
    }
  }

  return (
    <div class="vietqr">
      <p class="hint">{t('pay.vietqrHint')}</p>
      <div class="vietqr__layout">
        <img
          class="vietqr__code"
          src={svgImage(qr.svg)}
          alt={t('pay.qrAlt', { amount: formatVnd(qr.amount), account: qr.account_number, bank: qr.bank_name, content: qr.transfer_content })}
        />
        <dl class="vietqr__details">
          {detailsOf(qr).map((detail) => (
            <div key={detail.field} class="vietqr__row" data-field={detail.field}>
              <dt>{detail.label}</dt>
              <dd>
                <span class="vietqr__value">{detail.shown}</span>
                <button type="button" class="button button--secondary vietqr__copy" aria-label={t('pay.copyLabel', { what: detail.label.toLocaleLowerCase(getLang()) })}
                  onClick={() => void copy(detail)}>
                  {t('pay.copy')}
                </button>
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <p class="vietqr__copied" role="status">{said}</p>
      <p class="vietqr__note">{t('pay.contentNote')}</p>
      <p class="payment-waiting">{t('pay.waitingTransfer')}</p>
    </div>
  );
}
