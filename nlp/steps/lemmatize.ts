import type { ItsFunction } from 'wink-nlp';
import type { LemmatisedDoc, PipelineStep, TaggedDoc } from '../document.ts';
import { getWink } from '../wink.ts';

/** wink-nlp's lemma of each token (of its first piece, for a merged emoji), lower-cased, in token order. */
export function createLemmatizeStep(): PipelineStep<TaggedDoc, LemmatisedDoc> {
  // wink-nlp's type for `its.lemma` does not match its own `out()` signature; the runtime value is a string
  const lemmaOf = getWink().its.lemma as unknown as ItsFunction<string>;
  return {
    name: 'lemmatize',
    process(doc) {
      const winkLemmas: string[] = [];
      for (const chunk of doc.tagged.chunks) {
        for (const lemma of chunk.doc.tokens().out(lemmaOf)) winkLemmas.push(String(lemma).toLowerCase());
      }
      const lemmas = doc.tagged.tokens.map(
        (token) => winkLemmas[token.winkIndex] ?? token.text.toLowerCase(),
      );
      return { ...doc, lemmas };
    },
  };
}
