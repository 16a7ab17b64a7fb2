import { visitorDetails } from '../identity/visitor-details.ts';
import { placeholdersOf, renderResponse } from './template.ts';
import { CONTACT_PLACEHOLDERS, templateValues } from './template-values.ts';
import type { ActionHandler } from './types.ts';

export const FALLBACK_REPLY =
  "I'm not sure I understood. Could you rephrase? I can help with orders, returns, tickets and products.";

/** Replies from the intent's response templates, skipping variants it cannot fill. */
export const answer: ActionHandler = async ({
  intent,
  analysis,
  loadContact,
  random,
  conversation,
  verified,
}) => {
  const fromMessage = templateValues(analysis, null);
  // The contact is read only when a variant wants one of its fields and the message did not supply it.
  const needsContact = intent.responses.some((variant) =>
    placeholdersOf(variant).some((name) => CONTACT_PLACEHOLDERS.has(name) && fromMessage[name] === undefined),
  );
  const values = needsContact
    ? templateValues(analysis, visitorDetails(await loadContact(), conversation.id, verified))
    : fromMessage;
  const text = renderResponse(intent.responses, values, random);
  return text === null ? { text: FALLBACK_REPLY, outcome: 'no_template' } : { text, outcome: 'answered' };
};
