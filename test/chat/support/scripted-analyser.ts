import type {
  AnalysedEntity,
  MessageAnalyser,
  MessageAnalysis,
} from '../../../server/conversation/analysis.ts';

export interface Script {
  intent: string;
  confidence?: number;
  sentiment?: number;
  /** Entities as [type, matched text, value?]; offsets are found in the message. */
  entities?: Array<[type: string, text: string, value?: unknown]>;
}

/**
 * A test double for the NLP pipeline: each test states what the pipeline should find in a message, so the
 * chat flow is tested on its own. Unknown texts are out of scope, as an untrained classifier would say.
 */
export function scriptedAnalyser(): MessageAnalyser & {
  when(text: string, script: Script): void;
  calls: string[];
} {
  const scripts = new Map<string, Script>();
  const calls: string[] = [];
  return {
    calls,
    when(text, script) {
      scripts.set(text, script);
    },
    analyse(text): MessageAnalysis {
      calls.push(text);
      const script = scripts.get(text) ?? { intent: 'out_of_scope', confidence: 0.2 };
      const entities: AnalysedEntity[] = (script.entities ?? []).map(([type, matched, value]) => {
        const start = text.indexOf(matched);
        if (start < 0) throw new Error(`scripted entity "${matched}" is not in "${text}"`);
        return { type, text: matched, value: value ?? matched, start, end: start + matched.length };
      });
      const score = script.sentiment ?? 0;
      return {
        text,
        entities,
        sentiment: { score, label: score <= -0.1 ? 'negative' : score >= 0.1 ? 'positive' : 'neutral' },
        intent: { name: script.intent, confidence: script.confidence ?? 0.9 },
        ranking: [{ name: script.intent, confidence: script.confidence ?? 0.9 }],
      };
    },
  };
}
