// A shipment's journey in plain words, newest last, each step with its date and time in Vietnam.
import { formatDateTime } from '../../format';
import type { TimelineStep } from './types';
import './delivery.css';

export function ShipmentTimeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <ol class="shipment-timeline">
      {steps.map((step) => (
        <li key={`${step.at}-${step.state}`}>
          <time dateTime={step.at}>{formatDateTime(step.at)}</time>
          <strong>{step.words}</strong>
        </li>
      ))}
    </ol>
  );
}
