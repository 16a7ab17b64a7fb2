import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let instance: WinkMethods | undefined;

/**
 * The English model takes ~70 ms and several MB to load, so every pipeline in the process shares one instance.
 * Its named-entity annotators stay off: the pipeline's own entity step does that job, and skipping them saves time
 * on every message.
 */
export function getWink(): WinkMethods {
  instance ??= winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
  return instance;
}
