import type { TicketSummary } from '../../../../server/contracts/visitor-events.ts';
import { format } from '../../i18n/index.ts';
import { useEnvironment } from './context.ts';

export function TicketChip({ ticket }: { ticket: TicketSummary }) {
  const { strings } = useEnvironment();
  return (
    <p class="cc-ticket">
      <span class="cc-ticket-number">{format(strings.ticket, { number: ticket.number })}</span>
      <span class={`cc-ticket-status cc-ticket-${ticket.status}`}>{ticket.status.replace(/_/g, ' ')}</span>
    </p>
  );
}
