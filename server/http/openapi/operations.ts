import { z } from 'zod';
import type { Config } from '../../config.ts';
import { importBody as intentImportBody } from '../routes/admin-intents.ts';
import { article as knowledgeArticle } from '../routes/admin-knowledge.ts';
import { auditQuery } from '../routes/audit.ts';
import { loginBody } from '../routes/auth.ts';
import { productQuery } from '../routes/catalogue.ts';
import { contactQuery, mergeBody } from '../routes/contacts.ts';
import { messagesQuery } from '../routes/conversations.ts';
import { nlpParseBody } from '../routes/nlp.ts';
import { reportQueries } from '../routes/reports.ts';
import { signInBody } from '../routes/session.ts';
import { ticketQuery } from '../routes/tickets.ts';
import { usersQuery } from '../routes/users.ts';
import {
  contactCreateBody,
  contactUpdateBody,
  orderCreateBody,
  orderUpdateBody,
  productCreateBody,
  productUpdateBody,
  ticketCreateBody,
  ticketUpdateBody,
} from '../schemas/crm.ts';
import { deliveriesQuery, webhookCreateBody, webhookUpdateBody } from '../schemas/webhooks.ts';
import { dataIoOperations } from './data-io-operations.ts';

export type Access = 'public' | 'staff' | 'admin' | 'metrics';

export interface OperationSpec {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax, as mounted: `/api/contacts/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON (a CSV upload): its media type and what it is. */
  rawBody?: { contentType: string; description: string };
  headers?: { name: string; description: string; required?: boolean; schema: Record<string, unknown> }[];
  success?: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /** Further error statuses the route answers, beyond 400/401/403. */
  errors?: Record<string, string>;
}

const idempotencyHeader = {
  name: 'Idempotency-Key',
  description:
    'Makes a retried create safe: the same key and body replay the first answer; another body answers 422 IDEMPOTENCY_KEY_REUSED.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

const created = (what: string) => ({
  status: 201,
  description: `The created ${what}; \`Location\` names it.`,
});
const html = (description: string) => ({ status: 200, description, contentType: 'text/html' });

const versionQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1).optional(),
});

/** The CRUD + history/diff/rollback routes shared by the versioned admin records. */
function adminVersioned(
  what: string,
  base: string,
  param: string,
  label: string,
  body: z.ZodType,
  extra: OperationSpec[],
): OperationSpec[] {
  const tag = `Admin: ${what}`;
  const one = `${base}/${param}`;
  const name = label.replace(/s$/, '');
  return [
    { id: `list${label}`, method: 'get', path: base, tag, summary: `Every ${what} record`, access: 'admin' },
    ...extra,
    {
      id: `create${name}`,
      method: 'post',
      path: base,
      tag,
      summary: `Create`,
      access: 'admin',
      body,
      success: created(name.toLowerCase()),
      errors: { 409: 'ALREADY_EXISTS' },
    },
    {
      id: `get${name}`,
      method: 'get',
      path: one,
      tag,
      summary: 'One record (ETag: its version)',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: `update${name}`,
      method: 'patch',
      path: one,
      tag,
      summary: 'Change (If-Match: the version read)',
      access: 'admin',
      body,
      errors: { 404: 'NOT_FOUND', 409: 'VERSION_CONFLICT' },
    },
    {
      id: `delete${name}`,
      method: 'delete',
      path: one,
      tag,
      summary: 'Delete',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: `history${name}`,
      method: 'get',
      path: `${one}/history`,
      tag,
      summary: 'Versions',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: `diff${name}`,
      method: 'get',
      path: `${one}/diff`,
      tag,
      summary: 'Difference between two versions',
      access: 'admin',
      query: versionQuery,
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: `rollback${name}`,
      method: 'post',
      path: `${one}/rollback`,
      tag,
      summary: 'Back to an earlier version (as a new version)',
      access: 'admin',
      body: z.looseObject({ toVersion: z.number().int().min(1) }),
      errors: { 404: 'NOT_FOUND', 409: 'VERSION_CONFLICT' },
    },
  ];
}

/** Every route the application mounts. A test fails when a mounted route is missing here. */
export function operations(config: Pick<Config, 'messageMaxLength' | 'reportsTimeZone'>): OperationSpec[] {
  const reports = reportQueries(config.reportsTimeZone);
  return [
    // ── Service
    { id: 'health', method: 'get', path: '/healthz', tag: 'Service', summary: 'Liveness', access: 'public' },
    {
      id: 'ready',
      method: 'get',
      path: '/readyz',
      tag: 'Service',
      summary: 'Readiness (database, NLP)',
      access: 'public',
      errors: { 503: 'not ready, or shutting down' },
    },
    {
      id: 'metrics',
      method: 'get',
      path: '/metrics',
      tag: 'Service',
      summary: 'Prometheus metrics',
      access: 'metrics',
      success: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
    },
    {
      id: 'openApiDocument',
      method: 'get',
      path: '/api/openapi.json',
      tag: 'Service',
      summary: 'This OpenAPI document',
      access: 'public',
    },
    {
      id: 'apiReference',
      method: 'get',
      path: '/api/docs',
      tag: 'Service',
      summary: 'Interactive API reference (HTML)',
      access: 'public',
      success: html('The reference page'),
    },
    {
      id: 'apiReferenceAsset',
      method: 'get',
      path: '/api/docs/:file',
      tag: 'Service',
      summary: "The reference page's script",
      access: 'public',
      success: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
    },
    // ── Auth
    {
      id: 'login',
      method: 'post',
      path: '/api/auth/login',
      tag: 'Auth',
      summary: 'Log in (staff)',
      access: 'public',
      body: loginBody,
      errors: { 401: 'INVALID_CREDENTIALS', 429: 'RATE_LIMITED' },
    },
    {
      id: 'logout',
      method: 'post',
      path: '/api/auth/logout',
      tag: 'Auth',
      summary: 'Log out',
      access: 'staff',
    },
    {
      id: 'sessionSignIn',
      method: 'post',
      path: '/api/auth/session',
      tag: 'Auth',
      summary: 'Sign in to the console: sets the httpOnly session cookie and returns the CSRF token',
      access: 'public',
      body: signInBody,
      errors: { 401: 'INVALID_CREDENTIALS', 403: 'CSRF_REFUSED', 429: 'RATE_LIMITED' },
    },
    {
      id: 'sessionRead',
      method: 'get',
      path: '/api/auth/session',
      tag: 'Auth',
      summary: 'The console session behind the cookie (user, CSRF token, expiry)',
      access: 'staff',
    },
    {
      id: 'sessionSignOut',
      method: 'delete',
      path: '/api/auth/session',
      tag: 'Auth',
      summary: 'Sign out of the console (needs X-CSRF-Token); revokes the token and clears the cookie',
      access: 'staff',
    },
    {
      id: 'me',
      method: 'get',
      path: '/api/auth/me',
      tag: 'Auth',
      summary: 'The logged-in user',
      access: 'staff',
    },
    // ── Catalogue
    {
      id: 'listProducts',
      method: 'get',
      path: '/api/products',
      tag: 'Catalogue',
      summary: 'Active products (public)',
      access: 'public',
      query: productQuery,
    },
    {
      id: 'createProduct',
      method: 'post',
      path: '/api/products',
      tag: 'Catalogue',
      summary: 'Create a product',
      access: 'admin',
      body: productCreateBody,
      headers: [idempotencyHeader],
      success: created('product'),
      errors: { 409: 'ALREADY_EXISTS (sku), IDEMPOTENCY_KEY_IN_USE', 422: 'IDEMPOTENCY_KEY_REUSED' },
    },
    {
      id: 'getProduct',
      method: 'get',
      path: '/api/products/:id',
      tag: 'Catalogue',
      summary: 'One product, also when withdrawn',
      access: 'staff',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'updateProduct',
      method: 'patch',
      path: '/api/products/:id',
      tag: 'Catalogue',
      summary: 'Change a product',
      access: 'admin',
      body: productUpdateBody,
      errors: { 404: 'NOT_FOUND' },
    },
    // ── Orders
    {
      id: 'createOrder',
      method: 'post',
      path: '/api/orders',
      tag: 'Orders',
      summary: 'Create an order (lines by sku)',
      access: 'admin',
      body: orderCreateBody,
      headers: [idempotencyHeader],
      success: created('order'),
      errors: { 409: 'ALREADY_EXISTS (number), IDEMPOTENCY_KEY_IN_USE', 422: 'IDEMPOTENCY_KEY_REUSED' },
    },
    {
      id: 'getOrder',
      method: 'get',
      path: '/api/orders/:id',
      tag: 'Orders',
      summary: 'One order',
      access: 'staff',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'updateOrder',
      method: 'patch',
      path: '/api/orders/:id',
      tag: 'Orders',
      summary: 'Change status, dates or tracking',
      access: 'admin',
      body: orderUpdateBody,
      errors: { 404: 'NOT_FOUND' },
    },
    // ── Contacts
    {
      id: 'listContacts',
      method: 'get',
      path: '/api/contacts',
      tag: 'Contacts',
      summary: 'Search contacts',
      access: 'staff',
      query: contactQuery,
    },
    {
      id: 'createContact',
      method: 'post',
      path: '/api/contacts',
      tag: 'Contacts',
      summary: 'Create a contact with verified details',
      description:
        'Emails, phones and the shop user id are verified keys: a contact already holding one answers 409 ALREADY_EXISTS with `details.contactId`. Chat claims are never matched.',
      access: 'staff',
      body: contactCreateBody,
      headers: [idempotencyHeader],
      success: created('contact'),
      errors: { 409: 'ALREADY_EXISTS, IDEMPOTENCY_KEY_IN_USE', 422: 'IDEMPOTENCY_KEY_REUSED' },
    },
    {
      id: 'getContact',
      method: 'get',
      path: '/api/contacts/:id',
      tag: 'Contacts',
      summary: 'One contact with identities, claims and scores',
      access: 'staff',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'updateContact',
      method: 'patch',
      path: '/api/contacts/:id',
      tag: 'Contacts',
      summary: 'Change a contact',
      access: 'staff',
      body: contactUpdateBody,
      errors: { 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS' },
    },
    {
      id: 'mergeContact',
      method: 'post',
      path: '/api/contacts/:id/merge',
      tag: 'Contacts',
      summary: "Fold another contact into this one after checking the visitor's identity",
      access: 'staff',
      body: mergeBody,
      errors: { 404: 'NOT_FOUND', 409: 'CONFLICT' },
    },
    // ── Tickets
    {
      id: 'listTickets',
      method: 'get',
      path: '/api/tickets',
      tag: 'Tickets',
      summary: 'Search tickets',
      access: 'staff',
      query: ticketQuery,
    },
    {
      id: 'createTicket',
      method: 'post',
      path: '/api/tickets',
      tag: 'Tickets',
      summary: 'Open a ticket',
      access: 'staff',
      body: ticketCreateBody,
      headers: [idempotencyHeader],
      success: created('ticket'),
      errors: { 409: 'IDEMPOTENCY_KEY_IN_USE', 422: 'IDEMPOTENCY_KEY_REUSED' },
    },
    {
      id: 'getTicket',
      method: 'get',
      path: '/api/tickets/:id',
      tag: 'Tickets',
      summary: 'One ticket with its history',
      access: 'staff',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'updateTicket',
      method: 'patch',
      path: '/api/tickets/:id',
      tag: 'Tickets',
      summary: 'Change status, priority, assignee; add a note',
      access: 'staff',
      body: ticketUpdateBody,
      errors: { 404: 'NOT_FOUND' },
    },
    // ── Conversations, users, audit, NLP
    {
      id: 'listMessages',
      method: 'get',
      path: '/api/conversations/:id/messages',
      tag: 'Conversations',
      summary: "A conversation's messages by sequence number",
      access: 'staff',
      query: messagesQuery,
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'listUsers',
      method: 'get',
      path: '/api/users',
      tag: 'Users',
      summary: 'Staff accounts',
      access: 'admin',
      query: usersQuery,
    },
    {
      id: 'listAuditEvents',
      method: 'get',
      path: '/api/audit-events',
      tag: 'Audit',
      summary: 'The audit trail, newest first',
      access: 'admin',
      query: auditQuery,
    },
    {
      id: 'parseText',
      method: 'post',
      path: '/api/nlp/parse',
      tag: 'NLP',
      summary: 'What the bot understands of a text',
      access: 'staff',
      body: nlpParseBody(config.messageMaxLength),
    },
    // ── Webhooks
    {
      id: 'listWebhooks',
      method: 'get',
      path: '/api/webhooks',
      tag: 'Webhooks',
      summary: 'Registered endpoints',
      access: 'admin',
    },
    {
      id: 'createWebhook',
      method: 'post',
      path: '/api/webhooks',
      tag: 'Webhooks',
      summary: 'Register an endpoint (the answer carries its signing secret, once)',
      access: 'admin',
      body: webhookCreateBody,
      headers: [idempotencyHeader],
      success: created('endpoint'),
      errors: { 409: 'IDEMPOTENCY_KEY_IN_USE', 422: 'IDEMPOTENCY_KEY_REUSED' },
    },
    {
      id: 'getWebhook',
      method: 'get',
      path: '/api/webhooks/:id',
      tag: 'Webhooks',
      summary: 'One endpoint',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'updateWebhook',
      method: 'patch',
      path: '/api/webhooks/:id',
      tag: 'Webhooks',
      summary: 'Change URL, event types, description; pause with active=false',
      access: 'admin',
      body: webhookUpdateBody,
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'deleteWebhook',
      method: 'delete',
      path: '/api/webhooks/:id',
      tag: 'Webhooks',
      summary: 'Remove an endpoint and its pending deliveries',
      access: 'admin',
      success: { status: 204, description: 'Removed' },
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'listWebhookDeliveries',
      method: 'get',
      path: '/api/webhooks/:id/deliveries',
      tag: 'Webhooks',
      summary: "An endpoint's deliveries: status, attempts, last error",
      access: 'admin',
      query: deliveriesQuery,
      errors: { 404: 'NOT_FOUND' },
    },
    {
      id: 'redeliverWebhook',
      method: 'post',
      path: '/api/webhooks/deliveries/:id/redeliver',
      tag: 'Webhooks',
      summary: 'Send a delivery again now (with a fresh retry window)',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    ...dataIoOperations(),
    // ── Admin: intents and knowledge (docs/admin.md; versioned records answer an ETag, writes take If-Match)
    ...adminVersioned('intents', '/api/admin/intents', ':name', 'Intents', z.looseObject({}), [
      {
        id: 'exportIntents',
        method: 'get',
        path: '/api/admin/intents/export',
        tag: 'Admin: intents',
        summary: 'Every intent as intent files',
        access: 'admin',
      },
      {
        id: 'importIntents',
        method: 'post',
        path: '/api/admin/intents/import',
        tag: 'Admin: intents',
        summary: 'Import intent files (line-level problems answered)',
        access: 'admin',
        body: intentImportBody,
      },
    ]),
    ...adminVersioned('knowledge', '/api/admin/knowledge', ':id', 'Knowledge', knowledgeArticle, []),
    // ── Reports and customer models
    {
      id: 'serviceReport',
      method: 'get',
      path: '/api/reports/service',
      tag: 'Reports',
      summary: 'Service report over a range',
      access: 'admin',
      query: reports.range,
    },
    {
      id: 'myAgentReport',
      method: 'get',
      path: '/api/reports/agents/me',
      tag: 'Reports',
      summary: "The caller's own figures",
      access: 'staff',
      query: reports.range,
    },
    {
      id: 'agentReport',
      method: 'get',
      path: '/api/reports/agents/:id',
      tag: 'Reports',
      summary: "One agent's figures (admins, or the agent themself)",
      access: 'staff',
      query: reports.range,
    },
    {
      id: 'reportConversations',
      method: 'get',
      path: '/api/reports/conversations',
      tag: 'Reports',
      summary: 'The conversations behind a chart bucket',
      access: 'staff',
      query: reports.conversationsQuery,
    },
    {
      id: 'reportConversationsCsv',
      method: 'get',
      path: '/api/reports/conversations.csv',
      tag: 'Reports',
      summary: 'The same as CSV, one row per conversation',
      access: 'staff',
      query: reports.exportQuery,
      success: { status: 200, description: 'CSV', contentType: 'text/csv' },
    },
    {
      id: 'reportTickets',
      method: 'get',
      path: '/api/reports/tickets',
      tag: 'Reports',
      summary: 'Tickets opened in a range',
      access: 'admin',
      query: reports.ticketsQuery,
    },
    {
      id: 'rebuildReports',
      method: 'post',
      path: '/api/reports/rebuild',
      tag: 'Reports',
      summary: 'Recompute every fact and rollup',
      access: 'admin',
    },
    {
      id: 'listModels',
      method: 'get',
      path: '/api/analytics/models',
      tag: 'Customer models',
      summary: 'Trained models and training state',
      access: 'admin',
    },
    {
      id: 'retrainModels',
      method: 'post',
      path: '/api/analytics/models/retrain',
      tag: 'Customer models',
      summary: 'Retrain in the background (`?wait=true` waits)',
      access: 'admin',
      query: z.object({ wait: z.enum(['true', 'false']).optional() }),
      success: { status: 202, description: 'Training started' },
    },
    {
      id: 'getModel',
      method: 'get',
      path: '/api/analytics/models/:name',
      tag: 'Customer models',
      summary: 'One model with its inputs and outputs',
      access: 'admin',
      errors: { 404: 'NOT_FOUND' },
    },
    // ── Files for browsers (HTML, scripts, images)
    {
      id: 'widgetLoader',
      method: 'get',
      path: '/widget.js',
      tag: 'Browser files',
      summary: "The widget's loader",
      access: 'public',
      success: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
    },
    {
      id: 'widgetAsset',
      method: 'get',
      path: '/widget/assets/:file',
      tag: 'Browser files',
      summary: "The widget's content-hashed modules",
      access: 'public',
      success: { status: 200, description: 'JavaScript or CSS', contentType: 'text/javascript' },
    },
    {
      id: 'shopHome',
      method: 'get',
      path: '/',
      tag: 'Browser files',
      summary: 'Demo shop home',
      access: 'public',
      success: html('HTML'),
    },
    {
      id: 'shopCategory',
      method: 'get',
      path: '/category/:category',
      tag: 'Browser files',
      summary: 'Demo shop category page',
      access: 'public',
      success: html('HTML'),
    },
    {
      id: 'shopProduct',
      method: 'get',
      path: '/products/:idOrSku',
      tag: 'Browser files',
      summary: 'Product page (demo shop, or the plain page without it)',
      access: 'public',
      success: html('HTML'),
    },
    {
      id: 'shopHelp',
      method: 'get',
      path: '/help/:slug',
      tag: 'Browser files',
      summary: 'Help article page',
      access: 'public',
      success: html('HTML'),
    },
    {
      id: 'shopImage',
      method: 'get',
      path: '/demo-shop/images/:file',
      tag: 'Browser files',
      summary: 'Demo shop product picture',
      access: 'public',
      success: { status: 200, description: 'SVG', contentType: 'image/svg+xml' },
    },
    {
      id: 'shopCss',
      method: 'get',
      path: '/demo-shop/shop.css',
      tag: 'Browser files',
      summary: 'Demo shop stylesheet',
      access: 'public',
      success: { status: 200, description: 'CSS', contentType: 'text/css' },
    },
    {
      id: 'shopJs',
      method: 'get',
      path: '/demo-shop/shop.js',
      tag: 'Browser files',
      summary: 'Demo shop script',
      access: 'public',
      success: { status: 200, description: 'JavaScript', contentType: 'text/javascript' },
    },
  ];
}
