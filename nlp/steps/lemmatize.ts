import type { ItsFunction } from 'wink-nlp';
import type { LemmatisedDoc, PipelineStep, TaggedDoc } from '../document.ts';
import { getWink } from '../wink.ts';

/** wink-nlp's lemma of each token, lower-cased, in token order. */
export function createLemmatizeStep(): PipelineStep<TaggedDoc, LemmatisedDoc> {
  // wink-nlp's type for `its.lemma` does not match its own `out()` signature; the runtime value is a string
  const lemmaOf = getWink().its.lemma as unknown as ItsFunction<string>;
  return {
    name: 'lemmatize',
    process(doc) {
      const lemmas: string[] = [];
      for (const chunk of doc.tagged.chunks) {
        for (const lemma of chunk.doc.tokens().out(lemmaOf)) lemmas.push(String(lemma).toLowerCase());
      }
      return { ...doc, lemmas };
    },
  };
}
