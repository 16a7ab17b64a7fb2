// The worker's entry when Concierge runs from source through tsx. On Node 20 the loader hooks that `--import tsx`
// installs do not reach worker threads, so the worker registers tsx itself before importing the real entry.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
