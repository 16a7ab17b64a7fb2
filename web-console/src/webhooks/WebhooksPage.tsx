import { useCallback, useEffect, useState } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES } from '../../../server/contracts/webhooks.ts';
import { ApiError } from '../api/http.ts';
import { format } from '../strings.ts';
import type { SectionProps } from '../ui/sections.ts';
import { formatTime } from '../ui/time.ts';
import {
  listDeliveries,
  listWebhooks,
  redeliver,
  registerWebhook,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from './api.ts';
import { webhookStrings as t } from './strings.ts';
import './webhooks.css';

type Notice = { kind: 'ok' | 'error'; text: string } | null;
/** The server's message, with each field's problem (e.g. why a URL is refused) when it names them. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const issues = error instanceof ApiError ? error.details?.issues : undefined;
  if (!Array.isArray(issues) || issues.length === 0) return error.message;
  const problems = (issues as { field: string; message: string }[]).map((i) => `${i.field}: ${i.message}`);
  return `${error.message} ${problems.join('; ')}`;
}

/**
 * Webhooks (admins): register an endpoint (its signing secret is shown once), and read each endpoint's
 * delivery log with a "Redeliver" button. The server validates the URL (no private addresses), signs and
 * retries deliveries, and audits registrations (docs/webhooks.md).
 */
export function WebhooksPage(_props: SectionProps) {
  const [endpoints, setEndpoints] = useState<WebhookEndpointView[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [selected, setSelected] = useState<WebhookEndpointView | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);

  const load = useCallback(async () => {
    try {
      setEndpoints((await listWebhooks()).items);
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const created = await registerWebhook({ url: url.trim(), events });
      setSecret(created.secret);
      setNotice({ kind: 'ok', text: format(t.registered, { url: created.url }) });
      setUrl('');
      setEvents([]);
      await load();
    } catch (error) {
      setSecret(null);
      setNotice({ kind: 'error', text: messageOf(error) });
    }
  };

  return (
    <section class="cc-page" aria-labelledby="cc-webhooks-title">
      <h2 id="cc-webhooks-title">{t.title}</h2>
      <p role="status" class={notice?.kind === 'error' ? 'cc-error' : 'cc-page-ok'}>
        {notice?.text ?? ''}
      </p>
      <form class="cc-webhooks-form" aria-labelledby="cc-webhooks-register" onSubmit={submit}>
        <h3 id="cc-webhooks-register">{t.register}</h3>
        <label class="cc-field">
          <span>{t.url}</span>
          <input
            type="url"
            required
            maxLength={2000}
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <fieldset>
          <legend>{t.events}</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} class="cc-webhooks-type">
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) =>
                  setEvents((list) =>
                    e.currentTarget.checked ? [...list, type] : list.filter((item) => item !== type),
                  )
                }
              />
              {type}
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          class="cc-button cc-primary"
          disabled={url.trim() === '' || events.length === 0}
        >
          {t.submit}
        </button>
      </form>
      {secret !== null ? (
        <section class="cc-webhooks-secret" aria-labelledby="cc-webhooks-secret">
          <h3 id="cc-webhooks-secret">{t.secretTitle}</h3>
          <p>{t.secretHint}</p>
          <code>{secret}</code>
        </section>
      ) : null}
      <section aria-labelledby="cc-webhooks-list">
        <h3 id="cc-webhooks-list">{t.endpoints}</h3>
        {endpoints !== null && endpoints.length === 0 ? <p>{t.none}</p> : null}
        <ul class="cc-webhooks-endpoints">
          {(endpoints ?? []).map((endpoint) => (
            <li key={endpoint.id}>
              <span class="cc-webhooks-url">{endpoint.url}</span>
              <span>
                {endpoint.events.join(', ')}
                {endpoint.active ? '' : ` (${t.paused})`}
              </span>
              <button
                type="button"
                class="cc-button"
                aria-pressed={selected?.id === endpoint.id}
                onClick={() => setSelected(endpoint)}
              >
                {format(t.showDeliveries, { url: endpoint.url })}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {selected !== null ? (
        <Deliveries endpoint={selected} onNotice={(kind, text) => setNotice({ kind, text })} />
      ) : null}
    </section>
  );
}

function Deliveries(props: {
  endpoint: WebhookEndpointView;
  onNotice(kind: 'ok' | 'error', text: string): void;
}) {
  const [items, setItems] = useState<WebhookDeliveryView[] | null>(null);
  const { endpoint, onNotice } = props;
  const load = useCallback(async () => {
    try {
      setItems((await listDeliveries(endpoint.id)).items);
    } catch (error) {
      onNotice('error', messageOf(error));
    }
  }, [endpoint.id, onNotice]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="cc-webhooks-deliveries">
      <h3 id="cc-webhooks-deliveries">{format(t.showDeliveries, { url: endpoint.url })}</h3>
      {items !== null && items.length === 0 ? <p>{t.noDeliveries}</p> : null}
      {items !== null && items.length > 0 ? (
        <div class="cc-page-scroll">
          <table class="cc-page-table cc-webhooks-table">
            <caption class="cc-visually-hidden">{t.deliveries}</caption>
            <thead>
              <tr>
                <th scope="col">{t.event}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.attempts}</th>
                <th scope="col">{t.lastError}</th>
                <th scope="col">{t.when}</th>
                <th scope="col">
                  <span class="cc-visually-hidden">{t.redeliver}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => {
                const event = `${delivery.eventType} ${delivery.eventId}`;
                return (
                  <tr key={delivery.id}>
                    <td>
                      {delivery.eventType}
                      <br />
                      <small>{delivery.eventId}</small>
                    </td>
                    <td>{t.statuses[delivery.status] ?? delivery.status}</td>
                    <td>{delivery.attempts}</td>
                    <td>{delivery.lastError ?? ''}</td>
                    <td>{formatTime(delivery.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        class="cc-button"
                        aria-label={format(t.redeliverOf, { event })}
                        onClick={async () => {
                          try {
                            await redeliver(delivery.id);
                            onNotice('ok', format(t.redelivered, { event }));
                            await load();
                          } catch (error) {
                            onNotice('error', messageOf(error));
                          }
                        }}
                      >
                        {t.redeliver}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
