import type {
  CreatedWebhookView,
  WebhookDeliveryPageView,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '../../../server/contracts/webhooks.ts';
import { api } from '../api/http.ts';

export type { WebhookDeliveryView, WebhookEndpointView };

export const listWebhooks = () => api<{ items: WebhookEndpointView[] }>('GET', '/api/webhooks');

export const registerWebhook = (input: { url: string; events: string[] }) =>
  api<CreatedWebhookView>('POST', '/api/webhooks', input);

export const listDeliveries = (endpointId: string) =>
  api<WebhookDeliveryPageView>('GET', `/api/webhooks/${encodeURIComponent(endpointId)}/deliveries?limit=50`);

export const redeliver = (deliveryId: string) =>
  api<WebhookDeliveryView>('POST', `/api/webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
