import type { LabeledExample } from '../intent/types.ts';

/** A public corpus split the way its authors publish it. */
export interface IntentDataset {
  name: string;
  train: LabeledExample[];
  /** Only CLINC150 ships a validation split (used to choose the out-of-scope threshold). */
  validation?: LabeledExample[];
  test: LabeledExample[];
  /** The label the corpus uses for out-of-scope items, mapped to 'out_of_scope' in the examples. */
  hasOutOfScope: boolean;
}

export type DatasetName = 'banking77' | 'clinc150' | 'hwu64' | 'braun';
export const DATASET_NAMES: readonly DatasetName[] = ['banking77', 'clinc150', 'hwu64', 'braun'];
