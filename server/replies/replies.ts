import type { ReplyKey, ReplyTemplates } from '../../intents/replies.ts';
import { renderResponse, type TemplateValues } from '../actions/template.ts';

export interface Replies {
  /**
   * A variant of the reply, picked at random among those whose placeholders can all be filled; the first variant
   * with its holes left out when none can (never a raw `{placeholder}`).
   */
  say(key: ReplyKey, values?: TemplateValues): string;
}

export function createReplies(templates: ReplyTemplates, random: () => number = Math.random): Replies {
  return {
    say(key, values = {}) {
      const variants = templates[key];
      return (
        renderResponse(variants, values, random) ??
        variants[0]!
          .replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (_whole, name: string) => String(values[name] ?? ''))
          .replace(/\s+([.,:;!?])/g, '$1')
          .replace(/\s{2,}/g, ' ')
          .trim()
      );
    },
  };
}
