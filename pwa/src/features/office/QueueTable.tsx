// The queue's rows: code (a link to the dossier), procedure, applicant, dates and state.
import { formatDate, formatDateTime, formatPhone } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import type { QueueItem } from './types';

export function QueueTable({ items }: { items: QueueItem[] }) {
  return (
    <table class="office-table">
      <thead>
        <tr>
          <th scope="col">{t('office.code')}</th>
          <th scope="col">{t('office.procedure')}</th>
          <th scope="col">{t('office.applicant')}</th>
          <th scope="col">{t('office.phone')}</th>
          <th scope="col">{t('office.submitted')}</th>
          <th scope="col">{t('office.due')}</th>
          <th scope="col">{t('office.state')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td><a href={href.officeDossier(item.id)}>{item.code}</a></td>
            <td>
              <Localized vi={item.procedure_name} en={item.procedure_name_en} />
              <br />
              <small><Localized vi={item.agency_name} en={item.agency_name_en} /></small>
            </td>
            <td>{item.applicant_name}</td>
            <td class="nowrap">{formatPhone(item.applicant_phone)}</td>
            <td>{formatDateTime(item.submitted_at)}</td>
            <td>
              {item.due_date ? formatDate(item.due_date) : ''}
              {item.overdue && <span class="badge badge--alert">{t('office.overdueBadge')}</span>}
            </td>
            <td>{t(`state.${item.state}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
