import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The end-to-end dialogue set: YAML files of multi-turn conversations, each turn a visitor message and what must
 * hold once the bot has answered. Placeholders in a visitor's text stand for seeded records, resolved per
 * dialogue: `{order:shipped}` is an order number (ORD-10234) of a seeded order with that status, `{order:paid.digits}`
 * its digits only (10234), `{order2:paid}` a second, different order, `{unknown_order}` a number no order has.
 */
export const DEFAULT_DIALOGUE_DIR = fileURLToPath(new URL('../../test/dialogues/set/', import.meta.url));

const oneOrMany = z.union([z.string(), z.array(z.string()).min(1)]);

export const expectationSchema = z
  .object({
    /** The intent on the bot's reply, or one of several. */
    intent: oneOrMany.optional(),
    /** Every one of these appears in the reply (case-insensitive; placeholders resolved). */
    says: z.array(z.string()).optional(),
    /** At least one of these appears in the reply. */
    says_any: z.array(z.string()).optional(),
    /** None of these appears in the reply. */
    never_says: z.array(z.string()).optional(),
    /** The reply carries this link (a knowledge article's `/help/<slug>` or a product page). */
    link: z.string().optional(),
    /** Tickets opened in this turn: `none`, or the category of the one opened (or added to: `appended`). */
    ticket: z
      .union([z.literal('none'), z.object({ category: oneOrMany, appended: z.boolean().optional() })])
      .optional(),
    /** The visitor's own contact holds this email afterwards (as an unverified claim), and no other contact changed. */
    claim: z.string().optional(),
    /** Product cards: whether there are any, how many at least, and constraints every card must meet. */
    products: z
      .object({
        min: z.number().int().min(0).optional(),
        max: z.number().int().min(0).optional(),
        max_price: z.number().optional(),
        /** Every card is one of these SKUs. */
        skus: z.array(z.string()).optional(),
        /** Every card's product has this tag ("headphones"). */
        tag: z.string().optional(),
      })
      .optional(),
    /** Quick-reply suggestions are offered. */
    quick_replies: z.boolean().optional(),
    /** The conversation's status afterwards. */
    status: z.enum(['bot', 'waiting_agent', 'agent', 'resolved']).optional(),
    /** The conversation was escalated (a person offered or the visitor queued) in this turn. */
    escalated: z.boolean().optional(),
    /** The question the bot now waits on (`order_number`, `email`…) or `none`. */
    pending: z.string().optional(),
  })
  .strict();

export const turnSchema = z.object({ visitor: z.string().min(1), expect: expectationSchema }).strict();

export const dialogueSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case words joined by dashes'),
    title: z.string().min(1),
    /** What the dialogue covers: intents (`intent:order_status`), failures of the issue's table (`failure:paypal`)… */
    tags: z.array(z.string()).min(1),
    turns: z.array(turnSchema).min(2, 'a dialogue has at least two visitor turns'),
  })
  .strict();

export type Expectation = z.infer<typeof expectationSchema>;
export type DialogueTurn = z.infer<typeof turnSchema>;
export type Dialogue = z.infer<typeof dialogueSchema> & { file: string };

/** Reads every `*.yaml` of the directory; throws one error naming each bad dialogue and field. */
export async function loadDialogues(dir: string = DEFAULT_DIALOGUE_DIR): Promise<Dialogue[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const dialogues: Dialogue[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    const parsed: unknown = parse(await readFile(join(dir, file), 'utf8'));
    if (!Array.isArray(parsed)) {
      problems.push(`${file}: the file must be a list of dialogues`);
      continue;
    }
    parsed.forEach((raw, i) => {
      const result = dialogueSchema.safeParse(raw);
      if (!result.success) {
        for (const issue of result.error.issues)
          problems.push(`${file} dialogue ${i + 1}: ${issue.path.join('.')}: ${issue.message}`);
        return;
      }
      if (ids.has(result.data.id)) problems.push(`${file}: dialogue id "${result.data.id}" is used twice`);
      ids.add(result.data.id);
      dialogues.push({ ...result.data, file });
    });
  }
  if (problems.length > 0)
    throw new Error(`The dialogue set has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return dialogues;
}
