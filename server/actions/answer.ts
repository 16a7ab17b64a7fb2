import { renderResponse } from './template.ts';
import { templateValues } from './template-values.ts';
import type { ActionHandler } from './types.ts';

export const FALLBACK_REPLY =
  "I'm not sure I understood. Could you rephrase? I can help with orders, returns, tickets and products.";

/** Replies from the intent's response templates, skipping variants it cannot fill. */
export const answer: ActionHandler = async ({ intent, analysis, contact, random }) => {
  const text = renderResponse(intent.responses, templateValues(analysis, contact), random);
  return text === null ? { text: FALLBACK_REPLY, outcome: 'no_template' } : { text, outcome: 'answered' };
};
