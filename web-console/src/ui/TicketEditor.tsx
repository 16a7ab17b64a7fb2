import { useEffect, useState } from 'preact/hooks';
import type {
  AgentSummary,
  TicketPriority,
  TicketStatus,
  TicketView,
} from '../../../server/contracts/agent-events.ts';
import { ApiError, updateTicket } from '../api/http.ts';
import { strings } from '../strings.ts';
import { useEnvironment } from './context.ts';

const STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];
const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** Edits one ticket: status, priority, assignee and a note, saved together (`PATCH /api/tickets/:id`). */
export function TicketEditor({ ticket }: { ticket: TicketView }) {
  const { client, store } = useEnvironment();
  const [status, setStatus] = useState<TicketStatus>(ticket.status);
  const [priority, setPriority] = useState<TicketPriority>(ticket.priority);
  const [assigneeId, setAssigneeId] = useState(ticket.assignee?.id ?? '');
  const [note, setNote] = useState('');
  const [agents, setAgents] = useState<AgentSummary[]>([]);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    client
      .agents()
      .then(setAgents)
      .catch(() => setAgents([]));
  }, [client]);
  const prefix = `cc-ticket-${ticket.id}`;

  return (
    <form
      class="cc-ticket-editor"
      aria-label={`${strings.tickets} ${ticket.number}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setOutcome(null);
        try {
          const saved = await updateTicket(ticket.id, {
            status,
            priority,
            assigneeId: assigneeId === '' ? null : assigneeId,
            ...(note.trim() === '' ? {} : { note: note.trim() }),
          });
          store.dispatch({ type: 'ticket-saved', ticket: saved });
          setNote('');
          setOutcome({ ok: true, text: strings.saved });
        } catch (error) {
          setOutcome({ ok: false, text: error instanceof ApiError ? error.message : String(error) });
        } finally {
          setBusy(false);
        }
      }}
    >
      <label class="cc-field" for={`${prefix}-status`}>
        <span>{strings.ticketStatus}</span>
      </label>
      <select
        id={`${prefix}-status`}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as TicketStatus)}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <label class="cc-field" for={`${prefix}-priority`}>
        <span>{strings.ticketPriority}</span>
      </label>
      <select
        id={`${prefix}-priority`}
        value={priority}
        onChange={(e) => setPriority(e.currentTarget.value as TicketPriority)}
      >
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {strings.priorities[p]}
          </option>
        ))}
      </select>
      <label class="cc-field" for={`${prefix}-assignee`}>
        <span>{strings.assignee}</span>
      </label>
      <select
        id={`${prefix}-assignee`}
        value={assigneeId}
        onChange={(e) => setAssigneeId(e.currentTarget.value)}
      >
        <option value="">{strings.unassigned}</option>
        {ticket.assignee !== null && !agents.some((a) => a.id === ticket.assignee!.id) && (
          <option value={ticket.assignee.id}>{ticket.assignee.name}</option>
        )}
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <label class="cc-field" for={`${prefix}-note`}>
        <span>{strings.ticketNote}</span>
      </label>
      <textarea id={`${prefix}-note`} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <button type="submit" class="cc-button cc-primary" disabled={busy}>
        {strings.save}
      </button>
      {outcome !== null && (
        <p class={outcome.ok ? 'cc-muted' : 'cc-error'} role="status">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
