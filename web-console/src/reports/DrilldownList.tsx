import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationRowPage, TicketRowPage } from '../../../server/contracts/reports.ts';
import { strings, format as fill } from '../strings.ts';
import { DRILL_PAGE_SIZE, fetchConversations, fetchTickets } from './api.ts';
import { count, dateTime, duration } from './format.ts';
import { csvUrl, type DrillTarget, type RangeChoice } from './query.ts';
import { ReportTable } from './ReportTable.tsx';
import { reportStrings as t } from './strings.ts';

export interface DrilldownListProps {
  range: RangeChoice;
  target: DrillTarget;
  agentNames: ReadonlyMap<string, string>;
  onOpenConversation(conversationId: string): void;
  onClose(): void;
}

type Loaded =
  | { kind: 'conversations'; page: ConversationRowPage }
  | { kind: 'tickets'; page: TicketRowPage }
  | { kind: 'error'; message: string };

/** The conversations (or tickets) behind a chart bucket, from the drill-down endpoints, a page at a time. */
export function DrilldownList(props: DrilldownListProps) {
  const { range, target } = props;
  const [page, setPage] = useState(1);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => setPage(1), [target]);
  useEffect(() => {
    let current = true;
    setLoaded(null);
    const request =
      target.kind === 'conversations'
        ? fetchConversations(range, target.query, page).then((p): Loaded => ({ kind: 'conversations', page: p }))
        : fetchTickets(range, target.query, page).then((p): Loaded => ({ kind: 'tickets', page: p }));
    request
      .catch((error: Error): Loaded => ({ kind: 'error', message: error.message }))
      .then((result) => {
        if (current) setLoaded(result);
      });
    return () => {
      current = false;
    };
  }, [range, target, page]);
  // The list appears above the charts: move the focus there so a keyboard or screen reader user lands on it.
  useEffect(() => heading.current?.focus(), [target]);

  const total = loaded !== null && loaded.kind !== 'error' ? loaded.page.total : 0;
  const pages = Math.max(1, Math.ceil(total / DRILL_PAGE_SIZE));
  const title = fill(target.kind === 'conversations' ? t.drill.title : t.drill.ticketsTitle, {
    title: target.title,
  });

  return (
    <section class="cc-drilldown" aria-labelledby="cc-drilldown-title" aria-busy={loaded === null}>
      <div class="cc-report-card-head">
        <h2 id="cc-drilldown-title" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <button type="button" class="cc-button cc-small" onClick={props.onClose}>
          {t.drill.close}
        </button>
      </div>
      {loaded === null && <p class="cc-muted">{t.loading}</p>}
      {loaded?.kind === 'error' && (
        <p class="cc-error" role="alert">
          {loaded.message}
        </p>
      )}
      {loaded !== null && loaded.kind !== 'error' && (
        <>
          <p class="cc-drilldown-count" role="status">
            {fill(target.kind === 'conversations' ? t.drill.count : t.drill.ticketCount, {
              total: count(total),
            })}
            {target.kind === 'conversations' && total > 0 && (
              <>
                {' · '}
                <a href={csvUrl(range, target.query)} download>
                  {t.exportTheseCsv}
                </a>
              </>
            )}
          </p>
          {loaded.kind === 'conversations' ? (
            <ConversationTable
              page={loaded.page}
              agentNames={props.agentNames}
              onOpen={props.onOpenConversation}
            />
          ) : (
            <TicketTable page={loaded.page} onOpen={props.onOpenConversation} />
          )}
          {pages > 1 && (
            <nav class="cc-pager" aria-label={title}>
              <button
                type="button"
                class="cc-button cc-small"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
              >
                {t.drill.previous}
              </button>
              <span>{fill(t.drill.page, { page, pages })}</span>
              <button
                type="button"
                class="cc-button cc-small"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                {t.drill.next}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function ConversationTable(props: {
  page: ConversationRowPage;
  agentNames: ReadonlyMap<string, string>;
  onOpen(id: string): void;
}) {
  const c = t.drill.columns;
  if (props.page.items.length === 0) return <p class="cc-muted">{t.drill.none}</p>;
  const columns = [
    c.started,
    c.status,
    c.agent,
    c.reason,
    c.firstResponse,
    c.resolution,
    c.rating,
    c.intents,
    { label: c.conversation, hidden: true as const },
  ];
  return (
    <ReportTable testId="drilldown-conversations" columns={columns}>
          {props.page.items.map((row) => {
            const started = dateTime(row.startedAt);
            return (
              <tr key={row.id} data-conversation-id={row.id}>
                <td>{started}</td>
                <td>{strings.statusLabels[row.status as keyof typeof strings.statusLabels] ?? row.status}</td>
                <td>{row.agentId === null ? '–' : (props.agentNames.get(row.agentId) ?? row.agentId)}</td>
                <td>
                  {row.escalationReason === null
                    ? row.escalated
                      ? t.reasons.unknown
                      : '–'
                    : (t.reasons[row.escalationReason] ?? row.escalationReason)}
                </td>
                <td>{duration(row.firstResponseSeconds)}</td>
                <td>{duration(row.resolutionSeconds)}</td>
                <td>{row.rating ?? '–'}</td>
                <td>{row.intents.join(', ') || '–'}</td>
                <td>
                  <button
                    type="button"
                    class="cc-button cc-small"
                    aria-label={fill(t.drill.openLabel, { time: started })}
                    onClick={() => props.onOpen(row.id)}
                  >
                    {t.drill.open}
                  </button>
                </td>
              </tr>
            );
          })}
    </ReportTable>
  );
}

function TicketTable(props: { page: TicketRowPage; onOpen(id: string): void }) {
  const c = t.drill.columns;
  if (props.page.items.length === 0) return <p class="cc-muted">{t.drill.none}</p>;
  const columns = [
    c.number,
    c.started,
    c.category,
    c.status,
    c.priority,
    c.sla,
    { label: c.conversation, hidden: true as const },
  ];
  return (
    <ReportTable testId="drilldown-tickets" columns={columns}>
          {props.page.items.map((row) => (
            <tr key={row.id} data-ticket-id={row.id}>
              <td>{row.number}</td>
              <td>{dateTime(row.createdAt)}</td>
              <td>{row.category}</td>
              <td>{row.status}</td>
              <td>{row.priority}</td>
              <td>{row.sla}</td>
              <td>
                {row.conversationId !== null && (
                  <button
                    type="button"
                    class="cc-button cc-small"
                    aria-label={fill(t.drill.openLabel, { time: dateTime(row.createdAt) })}
                    onClick={() => props.onOpen(row.conversationId!)}
                  >
                    {t.drill.open}
                  </button>
                )}
              </td>
            </tr>
          ))}
    </ReportTable>
  );
}
