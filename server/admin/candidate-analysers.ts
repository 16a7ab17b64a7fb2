import type { Catalogue } from '../../nlp/entities/catalogue.ts';
import type { PipelineSettings } from '../../nlp/settings.ts';
import type { NlpAnalysis } from '../../nlp/types.ts';
import { startNlpWorker, type NlpWorker } from '../../nlp/worker/start-worker.ts';
import type { ModelDeployments } from './deployments.ts';

export interface CandidateAnalysersOptions {
  deployments: ModelDeployments;
  settings: PipelineSettings;
  catalogue?: () => Promise<Catalogue>;
  /** A candidate's thread is closed after this long without use. */
  idleMs?: number;
}

/**
 * "Try it" with a model that is not deployed: the candidate gets an NLP worker thread of its own (one at a
 * time, closed when idle), so loading and running it never touches the chat's thread or the event loop.
 */
export function createCandidateAnalysers(options: CandidateAnalysersOptions) {
  let current: { versionId: string; worker: Promise<NlpWorker> } | null = null;
  let idle: NodeJS.Timeout | null = null;

  const closeCurrent = async () => {
    const previous = current;
    current = null;
    if (previous) await (await previous.worker.catch(() => null))?.close();
  };

  return {
    async analyse(versionId: string, text: string): Promise<NlpAnalysis> {
      if (current?.versionId !== versionId) {
        await closeCurrent();
        const worker = (async () => {
          const model = await options.deployments.materialise(versionId);
          return startNlpWorker({
            modelPath: model.modelPath,
            dataHash: model.dataHash,
            settings: options.settings,
            ...(options.catalogue ? { catalogue: await options.catalogue() } : {}),
            restart: false,
          });
        })();
        current = { versionId, worker };
        worker.catch(() => {
          if (current?.worker === worker) current = null;
        });
      }
      const worker = await current!.worker;
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => void closeCurrent(), options.idleMs ?? 5 * 60_000);
      idle.unref();
      return worker.analyseWithTokens(text);
    },
    close: closeCurrent,
  };
}

export type CandidateAnalysers = ReturnType<typeof createCandidateAnalysers>;
