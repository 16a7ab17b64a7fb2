// npm run bench:pipeline [-- --rounds 5] [--max-chars N] [--json]
// Latency of the whole NLP pipeline (default intents model, a small catalogue) on chat-length messages and on
// capped pathological ones, with a per-step breakdown. Prints a Markdown table; with --json the last line is
// one JSON object.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadIntentData, toTrainingExamples } from '../intents/loader.ts';
import type { BaseDoc } from '../nlp/document.ts';
import type { Catalogue } from '../nlp/entities/catalogue.ts';
import { trainIntentClassifier } from '../nlp/intent/index.ts';
import { createNlpPipeline, createPipelineSteps } from '../nlp/pipeline.ts';

const CATALOGUE: Catalogue = {
  products: [
    { id: 'p1', name: 'Aurora Headphones' },
    { id: 'p2', name: 'Trail Runner Shoes', aliases: ['trail runners'] },
    { id: 'p3', name: 'BrewMaster Coffee Machine' },
    { id: 'p4', name: 'Nimbus Rain Jacket' },
    { id: 'p5', name: 'Atlas Backpack' },
  ],
  categories: ['headphones', 'shoes', 'jackets', 'kitchen appliances', 'backpacks', 'laptops', 'toys'].map(
    (name, i) => ({ id: `c${i}`, name }),
  ),
};

// Chat messages with entities, so the entity paths (compromise windows included) are part of the figures.
const ENTITY_TEMPLATES = [
  'Hi, where is my order #{n}? It was supposed to arrive {date}.',
  'I paid ${price} for the aurora hedphones but was charged twice, please refund to {email}',
  'Can you update my phone number to +44 7700 9{n} and my email to {email}?',
  'Any news on ticket T-{n}? Nobody replied since {date}.',
  'I want to cancel ORD-{n}, the trail runers are {price} euros cheaper elsewhere',
  'do you have the nimbus rain jacket in size M, and can it ship by {date}?',
  'my order {n} never arrived and I am not happy, I need it before christmas',
  'see https://shop.example.com/p/{n} - is this backpack waterproof? need it {date}',
];
const DATES = [
  'tomorrow',
  'next friday',
  'on 3 December',
  'in 2 weeks',
  'this weekend',
  'by the end of the month',
];

function entityMessages(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    (ENTITY_TEMPLATES[i % ENTITY_TEMPLATES.length] ?? '')
      .replaceAll('{n}', String(10_000 + ((i * 7919) % 89_999)))
      .replaceAll('{price}', `${(i % 90) + 9}.99`)
      .replaceAll('{email}', `customer${i}@example.com`)
      .replaceAll('{date}', DATES[i % DATES.length] ?? 'today'),
  );
}

const PATHOLOGICAL: Record<string, string> = {
  'a!a!… (40 KB)': 'a!'.repeat(20_000),
  'dots (40 KB)': '.'.repeat(40_000),
  'one long word (40 KB)': 'a'.repeat(40_000),
  'emoji (40 KB)': '😀'.repeat(10_000),
  'a!b … (40 KB)': 'a!b '.repeat(10_000),
  '$1 … (40 KB)': '$1 '.repeat(13_333),
  'monday … (40 KB)': 'monday '.repeat(5_714),
  'digits 1 … (40 KB)': '1 '.repeat(20_000),
  'words (40 KB)': 'where is my order '.repeat(2_222),
};

interface Stats {
  p50: number;
  p99: number;
  max: number;
  n: number;
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    n: sorted.length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string' }, 'max-chars': { type: 'string' }, json: { type: 'boolean' } },
  });
  const rounds = Number(values.rounds ?? 5);
  const loaded = await loadIntentData();
  // --max-chars tries another cap without editing the settings file
  const maxChars = Number(values['max-chars'] ?? loaded.settings.normalise.maxChars);
  const data = { ...loaded, settings: { ...loaded.settings, normalise: { maxChars } } };
  const trainStart = performance.now();
  const classifier = trainIntentClassifier(toTrainingExamples(data), { seed: 1 });
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const options = { classifier, settings: data.settings, catalogue: CATALOGUE };
  const pipeline = createNlpPipeline(options);

  const plain = [...data.intents.flatMap((i) => i.examples), ...data.outOfScope];
  const withEntities = entityMessages(400);
  const chat = [...plain, ...withEntities];
  // warm-up: JIT, caches, compromise's lexicon, every code path the timed runs take
  for (const text of [...chat, ...Object.values(PATHOLOGICAL)]) pipeline.analyse(text);

  const time = (texts: string[], n: number): number[] => {
    const samples: number[] = [];
    for (let r = 0; r < n; r += 1) {
      for (const text of texts) {
        const started = performance.now();
        pipeline.analyse(text);
        samples.push(performance.now() - started);
      }
    }
    return samples;
  };

  const results: Record<string, Stats> = {
    [`chat, no entities (${plain.length} msgs × ${rounds})`]: stats(time(plain, rounds)),
    [`chat with entities (${withEntities.length} msgs × ${rounds})`]: stats(time(withEntities, rounds)),
    [`all chat (${chat.length} msgs × ${rounds})`]: stats(time(chat, rounds)),
  };
  for (const [name, text] of Object.entries(PATHOLOGICAL)) {
    results[`capped: ${name}`] = stats(time([text], 20));
  }

  // per-step breakdown on the chat messages
  const steps = createPipelineSteps(options);
  const stepSamples: Record<string, number[]> = {};
  for (const name of Object.keys(steps)) stepSamples[name] = [];
  for (let r = 0; r < rounds; r += 1) {
    for (const text of chat) {
      let doc: BaseDoc = { original: text };
      for (const [name, step] of Object.entries(steps)) {
        const started = performance.now();
        doc = (step as { process(d: BaseDoc): BaseDoc }).process(doc);
        stepSamples[name]?.push(performance.now() - started);
      }
    }
  }
  const stepStats = Object.fromEntries(Object.entries(stepSamples).map(([name, s]) => [name, stats(s)]));

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`NLP pipeline latency, Node ${process.version}, ${os.cpus().length} × ${cpu}`);
  console.log(
    `cap ${data.settings.normalise.maxChars} chars; default model trained in ${trainSeconds.toFixed(1)} s\n`,
  );
  console.log('| messages | p50 ms | p99 ms | max ms | samples |\n| --- | ---: | ---: | ---: | ---: |');
  for (const [name, s] of Object.entries(results))
    console.log(`| ${name} | ${s.p50} | ${s.p99} | ${s.max} | ${s.n} |`);
  console.log('\n| step (all chat) | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: |');
  for (const [name, s] of Object.entries(stepStats))
    console.log(`| ${name} | ${s.p50} | ${s.p99} | ${s.max} |`);
  if (values.json === true) {
    console.log(
      JSON.stringify({ maxChars: data.settings.normalise.maxChars, trainSeconds, results, steps: stepStats }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
