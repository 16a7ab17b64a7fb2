import { z } from 'zod';

/**
 * Pipeline settings are data (they live in `intents/settings.json`) so that a deployment can change entity
 * formats and thresholds without code. The schema is the single source of truth for their shape.
 */

const entityPatternSchema = z.object({
  /** A JavaScript regular expression source; a named group `id` marks the identifying part. */
  pattern: z.string().min(1),
  /** Regex flags; `g` is always added. */
  flags: z
    .string()
    .regex(/^[imsuv]*$/, 'flags may only contain i, m, s, u, v')
    .default(''),
  /** The canonical value, `{id}` replaced by the named group (or by the whole match when there is none). */
  value: z.string().min(1).default('{id}'),
});

export const pipelineSettingsSchema = z.object({
  normalise: z.object({
    /**
     * Messages are cut to this many UTF-16 code units before any NLP: wink-nlp and compromise cost grows
     * super-linearly on pathological text, so the cap is what bounds the worst case.
     */
    maxChars: z.number().int().min(16).max(20_000),
  }),
  entities: z.object({
    orderNumber: z.array(entityPatternSchema).min(1),
    ticketNumber: z.array(entityPatternSchema).min(1),
    phone: z
      .object({
        minDigits: z.number().int().min(5).max(15),
        maxDigits: z.number().int().min(5).max(17),
        /** Country calling code used for national numbers starting with a trunk 0; empty keeps digits as given. */
        defaultCountryCode: z.string().regex(/^\d{0,3}$/),
      })
      .refine((phone) => phone.minDigits <= phone.maxDigits, {
        message: 'minDigits must not be larger than maxDigits',
      }),
    dates: z.object({
      /** Read 03/12 as 3 December (true, as in Europe) or as March 12 (false, as in the US). */
      numericDayFirst: z.boolean(),
    }),
    catalogue: z.object({
      /** Words shorter than this only match exactly: short words have too many neighbours at distance 1. */
      minFuzzyLength: z.number().int().min(2),
      /** Largest Damerau-Levenshtein distance accepted per word, by word length (index = length, last entry repeats). */
      maxEditsByLength: z.array(z.number().int().min(0).max(3)).min(1),
    }),
    /** compromise is costly, so it only reads windows around money and date cues; this bounds how many. */
    maxCompromiseWindows: z.number().int().min(0).max(8),
  }),
  sentiment: z.object({
    /** Scores at or below this are negative. */
    negativeAtOrBelow: z.number().min(-1).max(0),
    /** Scores at or above this are positive. */
    positiveAtOrAbove: z.number().min(0).max(1),
  }),
});

export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;
export type EntityPatternSetting = z.infer<typeof entityPatternSchema>;
