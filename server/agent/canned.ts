import { CANNED_PLACEHOLDERS } from '../contracts/agent-events.ts';

export type PlaceholderValues = Partial<Record<(typeof CANNED_PLACEHOLDERS)[number], string | null>>;

const KNOWN = new Set<string>(CANNED_PLACEHOLDERS);

/**
 * Fills `{visitor_name}`-style placeholders. A placeholder without a value for this conversation, or an
 * unknown one, is left as typed so the agent sees what to fill in before sending.
 */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (!KNOWN.has(name)) return whole;
    const value = values[name as keyof PlaceholderValues];
    return value ? value : whole;
  });
}
