import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_INTENT_DIR } from './loader.ts';
import { IntentDataError, type IntentDataProblem } from './errors.ts';

/**
 * The verb and pronoun forms that agree with a product's name, singular or plural (`agreement` in
 * server/products/product-facts.ts fills them): any template about one product may use them, as in
 * "{product} {costs} {price}, {is} {availability}".
 */
const AGREEMENT = ['is', 'costs', 'comes', 'does', 'it', 'It', 'its', 'Its'] as const;
export type AgreementWord = (typeof AGREEMENT)[number];

/**
 * Every reply key the assistant uses outside the intents' own responses, with the placeholders its templates may
 * use. The loader refuses a file that misses a key, adds an unknown one or uses a placeholder the code never
 * fills, so an admin's edit cannot leave a hole or a raw `{placeholder}` in a reply.
 */
export const REPLY_KEYS = {
  'language.unsupported': [],
  'knowledge.answer': ['answer', 'link', 'title'],
  'knowledge.answer_no_link': ['answer', 'title'],
  'product.price': ['product', 'price', 'availability', 'link', ...AGREEMENT],
  'product.details': ['product', 'price', 'availability', 'description', 'link', ...AGREEMENT],
  'product.variant_available': ['product', 'variant', 'price', 'availability', 'link', ...AGREEMENT],
  'product.variant_missing': ['product', 'variant', 'variants', ...AGREEMENT],
  'product.variants': ['product', 'variants', 'price', ...AGREEMENT],
  'product.not_found_closest': ['query', 'product', 'price'],
  'product.not_found': [],
  'product.not_carried': ['query', 'categories'],
  'product.carried': ['query'],
  'product.compare': ['comparison'],
  'recommend.constrained': ['what', 'constraint', 'list'],
  'recommend.kind': ['what', 'list'],
  'recommend.single': ['product', 'price', 'constraint', 'availability', 'link', ...AGREEMENT],
  'product.compare_pick': ['product', 'price', 'quality', 'difference', ...AGREEMENT],
  'knowledge.also': ['answer', 'link', 'title'],
  'scope.out_of_scope': [],
  'recommend.none_within': ['what', 'constraint', 'product', 'price'],
  'recommend.history': [],
  'recommend.popular': [],
  'slot.ask_order_number': [],
  'slot.ask_order_number_again': [],
  'slot.offer_person': [],
  'slot.hold': [],
  'order.cancel_requested': ['orderNumber', 'ticketNumber'],
  'order.cancel_shipped': ['orderNumber', 'link'],
  'order.cancel_closed': ['orderNumber', 'status'],
  'ticket.next_steps': ['slaHours', 'byEmail'],
  'ticket.order_added': ['orderNumber', 'ticketNumber'],
  'contact.claim_kept': ['email'],
} as const satisfies Record<string, readonly string[]>;

export type ReplyKey = keyof typeof REPLY_KEYS;
export type ReplyTemplates = Readonly<Record<ReplyKey, readonly string[]>>;

export const REPLIES_FILE = 'replies.json';

const fileSchema = z.object({
  description: z.string().optional(),
  replies: z.record(z.string(), z.array(z.string().trim().min(1)).min(1, 'give at least one variant')),
});

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

/** Checks reply templates given as data (the file, or an admin's edit); lists every problem found. */
export function validateReplies(value: unknown, file = REPLIES_FILE): IntentDataProblem[] {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      file,
      message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    }));
  }
  const problems: IntentDataProblem[] = [];
  const replies = parsed.data.replies;
  for (const key of Object.keys(REPLY_KEYS) as ReplyKey[]) {
    if (!replies[key])
      problems.push({ file, message: `reply "${key}" is missing: add at least one variant` });
  }
  for (const [key, variants] of Object.entries(replies)) {
    const allowed = REPLY_KEYS[key as ReplyKey] as readonly string[] | undefined;
    if (!allowed) {
      problems.push({
        file,
        message: `reply "${key}" is not used by the assistant: remove it or check its name`,
      });
      continue;
    }
    variants.forEach((variant, i) => {
      for (const [, name] of variant.matchAll(PLACEHOLDER)) {
        if (!allowed.includes(name!)) {
          problems.push({
            file,
            message: `reply "${key}" variant ${i + 1} uses {${name}}, which is never filled; use ${allowed.map((a) => `{${a}}`).join(', ') || 'no placeholder'}`,
          });
        }
      }
    });
  }
  return problems;
}

/**
 * Reads `replies.json` from an intent data directory; the default English set when none is given or the directory
 * has none (a data set may bring its own intents and keep the shipped replies).
 */
export async function loadReplyTemplates(dir: string = DEFAULT_INTENT_DIR): Promise<ReplyTemplates> {
  let path = join(dir, REPLIES_FILE);
  if (!(await exists(path))) path = join(DEFAULT_INTENT_DIR, REPLIES_FILE);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new IntentDataError(dir, [
      { file: REPLIES_FILE, message: `cannot read it: ${(error as Error).message}` },
    ]);
  }
  const problems = validateReplies(value);
  if (problems.length > 0) throw new IntentDataError(dir, problems);
  return (value as { replies: ReplyTemplates }).replies;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
