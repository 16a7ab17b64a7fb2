import type { ConversationRow } from '../../contracts/reports.ts';
import { localTime } from './time-zone.ts';

export const CSV_COLUMNS = [
  'conversation_id',
  'contact_id',
  'started_at_utc',
  'started_local_date',
  'started_local_hour',
  'status',
  'visitor_messages',
  'bot_messages',
  'agent_messages',
  'contained',
  'escalated',
  'escalation_reason',
  'escalated_at_utc',
  'agent_id',
  'agent_name',
  'first_response_seconds',
  'resolved_at_utc',
  'resolution_seconds',
  'handling_seconds',
  'rating',
  'intents',
  'fallbacks',
  'tickets',
] as const;

/**
 * RFC 4180 quoting, and a leading apostrophe on text that a spreadsheet would run as a formula (CSV injection:
 * intent names and reasons are admin-defined text).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(row: ConversationRow, timeZone: string, agentName: string | null): string {
  const local = localTime(new Date(row.startedAt), timeZone);
  const values = [
    row.id,
    row.contactId,
    row.startedAt,
    local.date,
    local.hour,
    row.status,
    row.visitorMessages,
    row.botMessages,
    row.agentMessages,
    row.contained,
    row.escalated,
    row.escalationReason,
    row.escalatedAt,
    row.agentId,
    agentName,
    row.firstResponseSeconds,
    row.resolvedAt,
    row.resolutionSeconds,
    row.handlingSeconds,
    row.rating,
    row.intents.join(';'),
    row.fallbacks,
    row.tickets,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}
