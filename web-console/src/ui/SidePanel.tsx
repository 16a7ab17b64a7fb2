import { useEffect, useState } from 'preact/hooks';
import type { OrderSummary, PastConversation, TicketView } from '../../../server/contracts/agent-events.ts';
import { api } from '../api/http.ts';
import type { OpenConversation } from '../state/state.ts';
import { format, strings } from '../strings.ts';
import { useEnvironment } from './context.ts';
import { TicketEditor } from './TicketEditor.tsx';
import { formatMoney, formatTime } from './time.ts';

/** The customer models' scores, from the staff contact view (`GET /api/contacts/:id`, docs/api.md). */
interface ContactScores {
  analytics?: { predictedValue: number | null; segment: string | null };
}

/** The right column: who the visitor is, their orders, tickets and earlier conversations. */
export function SidePanel({ open }: { open: OpenConversation }) {
  const { contact, orders, tickets, pastConversations } = open.context;
  const [scores, setScores] = useState<ContactScores['analytics'] | null>(null);
  useEffect(() => {
    setScores(null);
    let current = true;
    api<ContactScores>('GET', `/api/contacts/${encodeURIComponent(contact.contactId)}`)
      .then((view) => current && setScores(view.analytics ?? null))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [contact.contactId]);
  const attributes = Object.entries(contact.attributes ?? {});

  return (
    <aside class="cc-side" aria-label={strings.sidePanel}>
      <section class="cc-card" aria-labelledby="cc-contact-title">
        <h2 id="cc-contact-title">{strings.contact}</h2>
        <p class="cc-contact-name">{contact.name ?? strings.anonymous}</p>
        <DetailList title={strings.emails} details={contact.emails} />
        <DetailList title={strings.phones} details={contact.phones} />
        {attributes.length > 0 && (
          <>
            <h3>{strings.attributes}</h3>
            <dl class="cc-pairs">
              {attributes.map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {scores != null && (scores.predictedValue !== null || scores.segment !== null) && (
          <>
            <h3>{strings.scores}</h3>
            <dl class="cc-pairs">
              {scores.predictedValue !== null && (
                <div>
                  <dt>{strings.predictedValue}</dt>
                  <dd>{scores.predictedValue.toFixed(2)}</dd>
                </div>
              )}
              {scores.segment !== null && (
                <div>
                  <dt>{strings.segment}</dt>
                  <dd>{scores.segment}</dd>
                </div>
              )}
            </dl>
          </>
        )}
      </section>
      <Orders orders={orders} />
      <Tickets tickets={tickets} />
      <Past conversations={pastConversations} />
    </aside>
  );
}

function DetailList(props: { title: string; details: Array<{ value: string; verified: boolean }> }) {
  if (props.details.length === 0) return null;
  return (
    <>
      <h3>{props.title}</h3>
      <ul class="cc-details">
        {props.details.map((d) => (
          <li key={d.value}>
            <span>{d.value}</span>{' '}
            <span class={`cc-tag ${d.verified ? 'cc-verified' : 'cc-unverified'}`}>
              {d.verified ? strings.verified : strings.unverified}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Orders({ orders }: { orders: OrderSummary[] }) {
  return (
    <section class="cc-card" aria-labelledby="cc-orders-title">
      <h2 id="cc-orders-title">{strings.orders}</h2>
      {orders.length === 0 ? (
        <p class="cc-muted">{strings.noOrders}</p>
      ) : (
        <ul class="cc-orders">
          {orders.map((order) => (
            <li key={order.id} class="cc-order">
              <div class="cc-order-head">
                <strong>{order.number}</strong> <span class="cc-tag">{order.status}</span>
                <time dateTime={order.placedAt}>{formatTime(order.placedAt)}</time>
              </div>
              <ul class="cc-order-items">
                {order.items.map((item) => (
                  <li key={item.sku}>
                    {item.quantity} × {item.name} ({formatMoney(item.price, order.currency)})
                  </li>
                ))}
              </ul>
              <div>
                {strings.total}: {formatMoney(order.total, order.currency)}
                {order.trackingNumber !== null && (
                  <span class="cc-muted">
                    {' '}
                    · {format(strings.tracking, { number: order.trackingNumber })}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Tickets({ tickets }: { tickets: TicketView[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <section class="cc-card" aria-labelledby="cc-tickets-title">
      <h2 id="cc-tickets-title">{strings.tickets}</h2>
      {tickets.length === 0 ? (
        <p class="cc-muted">{strings.noTickets}</p>
      ) : (
        <ul class="cc-tickets">
          {tickets.map((ticket) => (
            <li key={ticket.id}>
              <button
                type="button"
                class="cc-link"
                aria-expanded={openId === ticket.id}
                onClick={() => setOpenId(openId === ticket.id ? null : ticket.id)}
              >
                {ticket.number} · {ticket.subject}
              </button>
              <span class="cc-muted">
                {' '}
                {ticket.status} · {strings.priorities[ticket.priority]}
              </span>
              {openId === ticket.id && <TicketEditor ticket={ticket} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Past({ conversations }: { conversations: PastConversation[] }) {
  const { client } = useEnvironment();
  return (
    <section class="cc-card" aria-labelledby="cc-past-title">
      <h2 id="cc-past-title">{strings.pastConversations}</h2>
      {conversations.length === 0 ? (
        <p class="cc-muted">{strings.noPastConversations}</p>
      ) : (
        <ul class="cc-past">
          {conversations.map((c) => (
            <li key={c.id}>
              <button type="button" class="cc-link" onClick={() => void client.open(c.id).catch(() => {})}>
                {formatTime(c.updatedAt)} · {strings.statusLabels[c.status]}
              </button>
              {c.lastMessage !== null && <p class="cc-row-preview">{c.lastMessage.text}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
