import type { Connection } from '../store/state.ts';
import { useEnvironment } from './context.ts';

/** A live region that always exists, so a screen reader announces "Reconnecting…" when it appears. */
export function ConnectionBanner({ connection }: { connection: Connection }) {
  const { strings } = useEnvironment();
  return (
    <div role="status" class="cc-banner-slot">
      {connection === 'reconnecting' && <p class="cc-banner">{strings.reconnecting}</p>}
    </div>
  );
}
