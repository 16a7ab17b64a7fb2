import type { EntityDoc, LemmatisedDoc, NormalisedText, PipelineStep } from '../document.ts';
import type { Candidate } from '../entities/candidate.ts';
import { resolveOverlaps } from '../entities/candidate.ts';
import type { Catalogue, CatalogueWord } from '../entities/catalogue.ts';
import { createCatalogueMatcher } from '../entities/catalogue.ts';
import { findUncommonDates, findWordMoney } from '../entities/compromise.ts';
import { findDigitMoney } from '../entities/money.ts';
import { findPriceRanges } from '../entities/price-range.ts';
import { findCommonDates } from '../entities/dates.ts';
import { createPatternMatchers } from '../entities/patterns.ts';
import type { PipelineSettings } from '../settings.ts';
import type { Entity } from '../types.ts';

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

export interface EntityStepOptions {
  settings: PipelineSettings;
  catalogue: Catalogue;
  /** The reference moment for relative dates ("tomorrow"); read per message so a long-lived pipeline stays right. */
  now: () => Date;
}

function toEntity(candidate: Candidate, original: string, normalised: NormalisedText): Entity {
  const start = normalised.originStart[candidate.normStart] ?? 0;
  const end = normalised.originEnd[candidate.normEnd - 1] ?? start;
  return { type: candidate.type, value: candidate.value, text: original.slice(start, end), start, end };
}

export function createEntityStep(options: EntityStepOptions): PipelineStep<LemmatisedDoc, EntityDoc> {
  const { entities: settings } = options.settings;
  const patterns = createPatternMatchers(settings);
  const catalogue = createCatalogueMatcher(options.catalogue, settings.catalogue);
  return {
    name: 'entities',
    process(doc) {
      const text = doc.normalised.text;
      const now = options.now();
      const words: CatalogueWord[] = [];
      doc.tagged.tokens.forEach((token, i) => {
        const word = text.slice(token.normStart, token.normEnd);
        if (!HAS_WORD_CHARACTER.test(word)) return;
        words.push({
          text: word.toLowerCase(),
          lemma: doc.lemmas[i] ?? word.toLowerCase(),
          normStart: token.normStart,
          normEnd: token.normEnd,
        });
      });
      const candidates = [
        ...patterns.find(text),
        ...findPriceRanges(text),
        ...findDigitMoney(text),
        ...findWordMoney(text, settings.maxCompromiseWindows),
        ...findCommonDates(text, now, settings.dates),
        ...findUncommonDates(text, now, settings.maxCompromiseWindows),
        ...catalogue.find(words),
      ];
      const entities = resolveOverlaps(candidates).map((c) => toEntity(c, doc.original, doc.normalised));
      return { ...doc, entities };
    },
  };
}
