import { ENTITY_TYPES, placeholderFor } from '../nlp/types.ts';
import type { PipelineSettings } from '../nlp/settings.ts';
import { INTENT_ACTIONS, MIN_EXAMPLES_PER_INTENT } from './actions.ts';
import type { IntentDataProblem } from './errors.ts';

export interface IntentFile {
  file: string;
  name: string;
  action: string;
  examples: string[];
  responses: string[];
  description?: string;
}

export interface ValidationInput {
  intents: IntentFile[];
  outOfScope: { file: string; examples: string[] };
  settings: { file: string; value: PipelineSettings };
  requiredIntents: readonly string[];
  /** Fewest examples an intent may have; defaults to MIN_EXAMPLES_PER_INTENT (the admin store sets its own). */
  minExamples?: number;
}

const KNOWN_PLACEHOLDERS = new Set(ENTITY_TYPES.map(placeholderFor));
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Two phrases that differ only in case, spacing or end punctuation teach the classifier nothing new. */
export function phraseKey(phrase: string): string {
  return phrase
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?,;:]+$/u, '')
    .trim();
}

export function validateIntentData(input: ValidationInput): IntentDataProblem[] {
  const minExamples = input.minExamples ?? MIN_EXAMPLES_PER_INTENT;
  const problems: IntentDataProblem[] = [];
  const seenNames = new Map<string, string>();
  // phrase key → where it was first seen, to report both places of a duplicate
  const seenPhrases = new Map<string, { file: string; label: string }>();

  const checkPhrase = (file: string, label: string, phrase: string): void => {
    const key = phraseKey(phrase);
    if (key === '') {
      problems.push({ file, message: `an example of ${label} is empty; remove it.` });
      return;
    }
    const first = seenPhrases.get(key);
    if (first === undefined) {
      seenPhrases.set(key, { file, label });
    } else if (first.file === file) {
      problems.push({ file, message: `"${phrase}" appears twice in ${label}; remove one of them.` });
    } else {
      problems.push({
        file,
        message:
          `"${phrase}" is an example of ${label} and also of ${first.label} (${first.file}); ` +
          `keep it in the one intent it belongs to.`,
      });
    }
  };

  for (const intent of input.intents) {
    const { file, name } = intent;
    const previous = seenNames.get(name);
    if (previous !== undefined) {
      problems.push({
        file,
        message: `intent "${name}" is also defined in ${previous}; merge the two files.`,
      });
    }
    seenNames.set(name, file);
    if (!(INTENT_ACTIONS as readonly string[]).includes(intent.action)) {
      problems.push({
        file,
        message: `unknown action "${intent.action}"; use one of: ${INTENT_ACTIONS.join(', ')}.`,
      });
    }
    if (intent.examples.length === 0) {
      problems.push({
        file,
        message: `intent "${name}" has no examples; add at least ${minExamples}.`,
      });
    } else if (intent.examples.length < minExamples) {
      problems.push({
        file,
        message:
          `intent "${name}" has ${intent.examples.length} examples; add at least ` +
          `${minExamples - intent.examples.length} more varied phrasings (minimum ${minExamples}).`,
      });
    }
    for (const example of intent.examples) checkPhrase(file, `intent "${name}"`, example);
    if (intent.responses.length === 0) {
      problems.push({
        file,
        message: `intent "${name}" has no responses; add at least one response template.`,
      });
    }
    for (const response of intent.responses) {
      for (const match of response.matchAll(PLACEHOLDER)) {
        const placeholder = match[1] ?? '';
        if (!KNOWN_PLACEHOLDERS.has(placeholder)) {
          problems.push({
            file,
            message:
              `response "${response}" uses {${placeholder}}, which no entity fills; ` +
              `use one of ${[...KNOWN_PLACEHOLDERS].map((p) => `{${p}}`).join(', ')}.`,
          });
        }
      }
    }
  }

  for (const example of input.outOfScope.examples) {
    checkPhrase(input.outOfScope.file, 'the out-of-scope examples', example);
  }

  for (const name of input.requiredIntents) {
    if (!seenNames.has(name)) {
      problems.push({
        file: 'intents/',
        message: `required intent "${name}" is missing; add intents/${name}.json (its name is part of the public contract).`,
      });
    }
  }

  problems.push(...validateEntityPatterns(input.settings.file, input.settings.value));
  return problems;
}

function validateEntityPatterns(file: string, settings: PipelineSettings): IntentDataProblem[] {
  const problems: IntentDataProblem[] = [];
  const groups = { orderNumber: settings.entities.orderNumber, ticketNumber: settings.entities.ticketNumber };
  for (const [key, patterns] of Object.entries(groups)) {
    patterns.forEach((entry, index) => {
      try {
        const regex = new RegExp(entry.pattern, `${entry.flags}g`);
        // a pattern that matches the empty string would loop forever over every position of a message
        if (regex.test('')) {
          problems.push({
            file,
            message: `entities.${key}[${index}].pattern matches the empty string; make it require at least one character.`,
          });
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        problems.push({
          file,
          message:
            `entities.${key}[${index}].pattern is not a valid regular expression (${reason}); ` +
            `fix it (remember to escape backslashes in JSON: "\\\\d").`,
        });
      }
    });
  }
  return problems;
}
