import type { MessageAnalysis } from '../conversation/analysis.ts';
import type { VisitorDetails } from '../identity/visitor-details.ts';
import type { TemplateValues } from './template.ts';

/** `order_number` → `orderNumber`: response templates name entities in camelCase. */
export function placeholderName(entityType: string): string {
  return entityType.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

/** Placeholders filled from the contact record when the message does not give them. */
export const CONTACT_PLACEHOLDERS: ReadonlySet<string> = new Set(['name', 'email', 'phone']);

/** Values for `{placeholders}`: the message's entities first, then what the bot may use of the visitor's details. */
export function templateValues(
  analysis: MessageAnalysis,
  contact: VisitorDetails | null,
  extra: TemplateValues = {},
): Record<string, string | number | null | undefined> {
  const values: Record<string, string | number | null | undefined> = {};
  for (const entity of analysis.entities) {
    const key = placeholderName(entity.type);
    if (values[key] !== undefined) continue;
    values[key] = displayValue(entity.value, entity.text);
  }
  if (contact) {
    values.name ??= contact.name ?? undefined;
    values.email ??= contact.email ?? undefined;
    values.phone ??= contact.phone ?? undefined;
  }
  return { ...values, ...extra };
}

function displayValue(value: unknown, text: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string') {
    return (value as { name: string }).name;
  }
  return text;
}
