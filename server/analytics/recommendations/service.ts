import type { Purchase } from './item-similarity.ts';
import {
  buildRecommendationModel,
  emptyRecommendationModel,
  type CatalogueItem,
  type RecommendationModel,
} from './model.ts';

export interface RecommendationDataSource {
  loadPurchases(): Promise<Purchase[]>;
  loadCatalogue(): Promise<CatalogueItem[]>;
}

export interface RecommendationServiceOptions {
  source: RecommendationDataSource;
  /** How often the model is rebuilt from the order history; 0 disables the schedule. */
  refreshIntervalMs: number;
  onError?: (error: unknown) => void;
}

export interface RecommendationService {
  /** The latest model: what the reply path reads. Never triggers a computation. */
  current(): RecommendationModel;
  /** Rebuilds now; concurrent calls share one rebuild. */
  refresh(): Promise<RecommendationModel>;
  start(): void;
  stop(): void;
}

export function createRecommendationService(options: RecommendationServiceOptions): RecommendationService {
  let model = emptyRecommendationModel();
  let running: Promise<RecommendationModel> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function rebuild(): Promise<RecommendationModel> {
    const [purchases, catalogue] = await Promise.all([
      options.source.loadPurchases(),
      options.source.loadCatalogue(),
    ]);
    model = buildRecommendationModel(purchases, catalogue);
    return model;
  }

  const service: RecommendationService = {
    current: () => model,
    refresh() {
      running ??= rebuild().finally(() => {
        running = null;
      });
      return running;
    },
    start() {
      if (timer || options.refreshIntervalMs <= 0) return;
      timer = setInterval(() => {
        service.refresh().catch((error: unknown) => options.onError?.(error));
      }, options.refreshIntervalMs);
      // The schedule alone must not keep a finished process (or a test run) alive.
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return service;
}
