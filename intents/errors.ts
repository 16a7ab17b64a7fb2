export interface IntentDataProblem {
  /** The file the problem is in, relative to the intent data directory. */
  file: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Thrown by the loader with every problem found, so one run shows everything to fix. */
export class IntentDataError extends Error {
  readonly problems: IntentDataProblem[];

  constructor(dir: string, problems: IntentDataProblem[]) {
    const lines = problems.map((p) => `  - ${p.file}: ${p.message}`);
    super(`Intent data in ${dir} has ${problems.length} problem(s):\n${lines.join('\n')}`);
    this.name = 'IntentDataError';
    this.problems = problems;
  }
}
