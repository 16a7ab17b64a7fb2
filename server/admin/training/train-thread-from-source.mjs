// The training thread's entry when Concierge runs from source through tsx. On Node 20 the loader hooks that
// `--import tsx` installs do not reach worker threads, so the thread registers tsx itself first.
import { register } from 'tsx/esm/api';

register();
await import('./train-thread.ts');
