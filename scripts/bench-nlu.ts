/**
 * npm run bench:nlu -- --dataset banking77|clinc150|hwu64|braun [--data-dir <dir>] [--json]
 *   [--classifiers concierge,nlpjs,natural-bayes] [--timeout <seconds per classifier>]
 *   [--oos-share <0..1>: out-of-scope share Concierge assumes when it picks its threshold; default its own]
 *   [--oos-recall <0..1>: instead, the out-of-scope recall Concierge's threshold must reach on the validation
 *    data with 95% confidence (the lowest such threshold)]
 *   [--dev: development split, never reads the test split: 15% of each intent's training examples are held out
 *    as the test set; a corpus with a validation split (CLINC150) keeps its training split, picks its threshold
 *    on one half of the validation split (stratified) and is tested on the other half]
 *
 * Trains and tests Concierge's intent classifier and two peers on a public corpus, side by side. Each
 * classifier runs in its own child process, one after the other, so its peak RSS is its own and one slow
 * peer cannot starve the others. With --json the last line printed is one JSON object.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDataset } from '../nlp/datasets/load.ts';
import type { DatasetName } from '../nlp/datasets/types.ts';
import { DATASET_NAMES } from '../nlp/datasets/types.ts';
import { reliabilityTable } from '../nlp/evaluation/calibration.ts';
import { classificationMetrics, outOfScopeMetrics, percentile } from '../nlp/evaluation/metrics.ts';
import { trainIntentClassifier } from '../nlp/intent/index.ts';
import type { LabeledExample } from '../nlp/intent/types.ts';
import { OUT_OF_SCOPE } from '../nlp/intent/types.ts';
import type { IntentDataset } from '../nlp/datasets/types.ts';
import { createRandom, shuffleInPlace } from '../nlp/intent/random.ts';

const CLASSIFIERS = ['concierge', 'nlpjs', 'natural-bayes'] as const;
type ClassifierName = (typeof CLASSIFIERS)[number];

interface BenchResult {
  classifier: ClassifierName;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy?: number;
  oosRecall?: number;
  trainSeconds: number;
  /** CPU time of training (user + system), less sensitive than wall time to other processes on the machine. */
  trainCpuSeconds?: number;
  p50Ms: number;
  p99Ms: number;
  /** Percentiles over texts of the fastest of three classifications of each text. */
  p50BestOf3Ms?: number;
  p99BestOf3Ms?: number;
  /** Expected calibration error of the stated confidences (10 bins), for classifiers that state one. */
  ecePercent?: number;
  /** Peak RSS of the child process that ran this classifier (Node, tsx, the dataset and the model). */
  rssMB: number;
  /** RSS of the same process after loading the dataset, before training: the part that is not the model. */
  baselineRssMB?: number;
  error?: string;
}

interface Prediction {
  label: string;
  confidence?: number;
}

interface Trained {
  /** The predicted label, and the stated confidence when the classifier states one in [0, 1]. */
  classify(text: string): Prediction | Promise<Prediction>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function defaultDatasetsDir(): string {
  const shared = process.env['CONCIERGE_SHARED_DIR'];
  return shared ? resolve(shared, 'datasets') : resolve(repoRoot, '..', 'shared', 'datasets');
}

interface WorkerOptions {
  /** Passed to Concierge's classifier as TrainOptions.outOfScopeShare (the peers have no such setting). */
  outOfScopeShare?: number;
  /** Passed as TrainOptions.outOfScopeRecall: the threshold is chosen for a required out-of-scope recall. */
  outOfScopeRecall?: number;
  /** Measure on a development split carved from the training (and validation) data; the test split is unread. */
  dev?: boolean;
}

/** Splits each intent's examples: the first `share` of a seeded shuffle, and the rest. */
function stratifiedSplit(
  examples: readonly LabeledExample[],
  share: number,
  seed: number,
): [LabeledExample[], LabeledExample[]] {
  const byIntent = new Map<string, LabeledExample[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  const random = createRandom(seed);
  const held: LabeledExample[] = [];
  const rest: LabeledExample[] = [];
  for (const members of byIntent.values()) {
    const copy = [...members];
    shuffleInPlace(copy, random);
    const k = Math.round(copy.length * share);
    held.push(...copy.slice(0, k));
    rest.push(...copy.slice(k));
  }
  return [held, rest];
}

const DEV_SHARE = 0.15;
const DEV_SEED = 12345;

/** The development version of a corpus: held-out data from its training (or validation) split as the test set. */
function developmentSplit(corpus: IntentDataset): IntentDataset {
  if (corpus.validation && corpus.validation.length > 0) {
    const [test, validation] = stratifiedSplit(corpus.validation, 0.5, DEV_SEED);
    return { ...corpus, validation, test };
  }
  const [test, train] = stratifiedSplit(corpus.train, DEV_SHARE, DEV_SEED);
  return { ...corpus, train, test };
}

async function trainConcierge(
  train: LabeledExample[],
  validation: LabeledExample[] | undefined,
  options: WorkerOptions,
): Promise<Trained> {
  const classifier = trainIntentClassifier(train, {
    ...(validation ? { validation } : {}),
    ...(options.outOfScopeShare !== undefined ? { outOfScopeShare: options.outOfScopeShare } : {}),
    ...(options.outOfScopeRecall !== undefined ? { outOfScopeRecall: options.outOfScopeRecall } : {}),
  });
  return {
    classify: (text) => {
      const { intent } = classifier.classify(text);
      return { label: intent.name, confidence: intent.confidence };
    },
  };
}

/** NLP.js with its default settings, except that it must not save a model file or log every epoch. */
async function trainNlpjs(train: LabeledExample[]): Promise<Trained> {
  const require = createRequire(import.meta.url);
  const { Nlp } = require('@nlpjs/nlp') as {
    Nlp: new (settings: object) => {
      addDocument(locale: string, utterance: string, intent: string): void;
      train(): Promise<unknown>;
      process(locale: string, utterance: string): Promise<{ intent?: unknown; score?: unknown }>;
    };
  };
  const nlp = new Nlp({ languages: ['en'], autoSave: false, autoLoad: false, nlu: { log: false } });
  for (const example of train) nlp.addDocument('en', example.text, example.intent);
  await nlp.train();
  return {
    classify: async (text) => {
      const { intent, score } = await nlp.process('en', text);
      // NLP.js answers 'None' below its own confidence threshold: that is its out-of-scope verdict.
      const label = typeof intent === 'string' && intent !== 'None' ? intent : OUT_OF_SCOPE;
      return typeof score === 'number' && score >= 0 && score <= 1 ? { label, confidence: score } : { label };
    },
  };
}

/** natural's BayesClassifier, loaded from its submodule: the package root pulls in database drivers. */
async function trainNaturalBayes(train: LabeledExample[]): Promise<Trained> {
  const require = createRequire(import.meta.url);
  const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier.js') as new () => {
    addDocument(text: string, label: string): void;
    train(): void;
    classify(text: string): unknown;
  };
  const bayes = new BayesClassifier();
  for (const example of train) bayes.addDocument(example.text, example.intent);
  bayes.train();
  // Its scores are unnormalised likelihoods, not confidences, so none is reported.
  return { classify: (text) => ({ label: String(bayes.classify(text)) }) };
}

type Trainer = (
  train: LabeledExample[],
  validation: LabeledExample[] | undefined,
  options: WorkerOptions,
) => Promise<Trained>;

const TRAINERS: Record<ClassifierName, Trainer> = {
  concierge: trainConcierge,
  nlpjs: trainNlpjs,
  'natural-bayes': trainNaturalBayes,
};

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const pct = (rate: number): number => Math.round(rate * 10000) / 100;
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs in the child process: train, classify every test item once, measure. */
async function runWorker(
  classifier: ClassifierName,
  dataset: DatasetName,
  dataDir: string,
  options: WorkerOptions,
): Promise<BenchResult> {
  const loaded = await loadDataset(dataset, dataDir);
  const corpora = options.dev ? loaded.map(developmentSplit) : loaded;
  const baselineRssMB = mb(process.memoryUsage().rss);
  const gold: string[] = [];
  const predicted: string[] = [];
  const latencies: number[] = [];
  const bestLatencies: number[] = [];
  const confidences: number[] = [];
  const outcomes: boolean[] = [];
  let trainMs = 0;
  let trainCpuMicros = 0;
  for (const corpus of corpora) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const trained = await TRAINERS[classifier](corpus.train, corpus.validation, options);
    const used = process.cpuUsage(cpu);
    trainMs += performance.now() - started;
    trainCpuMicros += used.user + used.system;
    // Braun's three corpora are separate problems; prefixing keeps their labels apart in one confusion matrix.
    const prefix = corpora.length > 1 ? `${corpus.name}/` : '';
    for (const example of corpus.test) {
      const t0 = performance.now();
      const { label, confidence } = await trained.classify(example.text);
      latencies.push(performance.now() - t0);
      gold.push(prefix + (example.intent === OUT_OF_SCOPE ? OUT_OF_SCOPE : example.intent));
      predicted.push(prefix + label);
      if (confidence !== undefined) {
        confidences.push(confidence);
        outcomes.push(label === example.intent);
      }
    }
    // Two more timed passes: on a shared machine a single pass also measures when the OS ran someone else.
    // The best of three per text is the classifier's own cost; both figures are reported.
    const first = latencies.length - corpus.test.length;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < corpus.test.length; i++) {
        const t0 = performance.now();
        await trained.classify(corpus.test[i]!.text);
        const elapsed = performance.now() - t0;
        bestLatencies[first + i] = Math.min(bestLatencies[first + i] ?? latencies[first + i]!, elapsed);
      }
    }
  }
  const metrics = classificationMetrics(gold, predicted);
  const result: BenchResult = {
    classifier,
    accuracy: pct(metrics.accuracy),
    macroF1: pct(metrics.macroF1),
    trainSeconds: round(trainMs / 1000, 2),
    trainCpuSeconds: round(trainCpuMicros / 1e6, 2),
    p50Ms: round(percentile(latencies, 50), 4),
    p99Ms: round(percentile(latencies, 99), 4),
    p50BestOf3Ms: round(percentile(bestLatencies, 50), 4),
    p99BestOf3Ms: round(percentile(bestLatencies, 99), 4),
    rssMB: mb(process.resourceUsage().maxRSS * 1024),
    baselineRssMB,
  };
  if (confidences.length === gold.length) {
    result.ecePercent = pct(reliabilityTable(confidences, outcomes).expectedCalibrationError);
  }
  if (corpora.some((c) => c.hasOutOfScope)) {
    const oos = outOfScopeMetrics(gold, predicted, OUT_OF_SCOPE);
    result.inScopeAccuracy = pct(oos.inScopeAccuracy);
    result.oosRecall = pct(oos.outOfScopeRecall);
  }
  return result;
}

function runChild(
  classifier: ClassifierName,
  dataset: DatasetName,
  dataDir: string,
  timeoutSeconds: number,
  options: WorkerOptions,
): Promise<BenchResult> {
  const script = fileURLToPath(import.meta.url);
  const args = [
    '--import',
    'tsx',
    script,
    '--worker',
    classifier,
    '--dataset',
    dataset,
    '--data-dir',
    dataDir,
    ...(options.outOfScopeShare !== undefined ? ['--oos-share', String(options.outOfScopeShare)] : []),
    ...(options.outOfScopeRecall !== undefined ? ['--oos-recall', String(options.outOfScopeRecall)] : []),
    ...(options.dev ? ['--dev'] : []),
  ];
  return new Promise((resolveResult) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolveResult(JSON.parse(last) as BenchResult);
      } catch {
        const reason =
          signal === 'SIGKILL' ? `stopped after the ${timeoutSeconds} s limit` : `exit code ${code}`;
        resolveResult({
          classifier,
          accuracy: NaN,
          macroF1: NaN,
          trainSeconds: NaN,
          p50Ms: NaN,
          p99Ms: NaN,
          rssMB: NaN,
          error: `${reason}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
        });
      }
    });
  });
}

function formatTable(dataset: string, results: BenchResult[]): string {
  const hasOos = results.some((r) => r.inScopeAccuracy !== undefined);
  const header = [
    'classifier',
    'accuracy %',
    'macro-F1 %',
    ...(hasOos ? ['in-scope %', 'oos recall %'] : []),
  ];
  header.push(
    'ECE %',
    'train s',
    'train CPU s',
    'p50 ms',
    'p99 ms',
    'p99 best of 3 ms',
    'peak RSS MB',
    'RSS before training MB',
  );
  const rows = results.map((r) => {
    if (r.error) return [r.classifier, `failed: ${r.error}`];
    const cells = [r.classifier, r.accuracy.toFixed(2), r.macroF1.toFixed(2)];
    if (hasOos) cells.push(r.inScopeAccuracy?.toFixed(2) ?? '', r.oosRecall?.toFixed(2) ?? '');
    cells.push(
      r.ecePercent?.toFixed(2) ?? '',
      r.trainSeconds.toFixed(2),
      r.trainCpuSeconds?.toFixed(2) ?? '',
      r.p50Ms.toFixed(3),
      r.p99Ms.toFixed(3),
      r.p99BestOf3Ms?.toFixed(3) ?? '',
      String(r.rssMB),
    );
    cells.push(String(r.baselineRssMB ?? ''));
    return cells;
  });
  return [`dataset: ${dataset}`, `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
    .concat(rows.map((cells) => `| ${cells.join(' | ')} |`))
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      classifiers: { type: 'string', default: CLASSIFIERS.join(',') },
      timeout: { type: 'string', default: '1800' },
      'oos-share': { type: 'string' },
      'oos-recall': { type: 'string' },
      dev: { type: 'boolean', default: false },
      worker: { type: 'string' },
    },
  });
  const options: WorkerOptions = values.dev ? { dev: true } : {};
  if (values['oos-share'] !== undefined) {
    const share = Number(values['oos-share']);
    if (!(share > 0 && share < 1)) throw new Error('--oos-share must be a number between 0 and 1');
    options.outOfScopeShare = share;
  }
  if (values['oos-recall'] !== undefined) {
    const recall = Number(values['oos-recall']);
    if (!(recall > 0 && recall <= 1)) throw new Error('--oos-recall must be a number above 0 and at most 1');
    options.outOfScopeRecall = recall;
  }
  const dataset = values.dataset as DatasetName | undefined;
  if (!dataset || !DATASET_NAMES.includes(dataset)) {
    throw new Error(`--dataset must be one of ${DATASET_NAMES.join(', ')}`);
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDatasetsDir());
  if (values.worker) {
    const name = values.worker as ClassifierName;
    if (!CLASSIFIERS.includes(name)) throw new Error(`unknown classifier ${name}`);
    console.log(JSON.stringify(await runWorker(name, dataset, dataDir, options)));
    return;
  }
  const chosen = values.classifiers.split(',').map((s) => s.trim()) as ClassifierName[];
  const unknown = chosen.filter((c) => !CLASSIFIERS.includes(c));
  if (unknown.length > 0) throw new Error(`unknown classifier(s): ${unknown.join(', ')}`);
  const timeoutSeconds = Number(values.timeout);
  const results: BenchResult[] = [];
  for (const classifier of chosen) {
    if (!values.json) console.error(`running ${classifier} on ${dataset}…`);
    results.push(await runChild(classifier, dataset, dataDir, timeoutSeconds, options));
  }
  if (values.json) {
    console.log(JSON.stringify({ dataset, ...(values.dev ? { split: 'dev' } : {}), results }));
  } else {
    console.log(formatTable(values.dev ? `${dataset} (development split)` : dataset, results));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
