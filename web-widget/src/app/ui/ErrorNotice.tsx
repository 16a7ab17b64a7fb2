import type { ClientError } from '../../../../server/contracts/visitor-events.ts';
import { errorText } from '../errors.ts';
import { useEnvironment } from './context.ts';
import { CloseIcon } from './icons.tsx';

/** The latest refusal in plain words (an alert: it is read out at once). */
export function ErrorNotice({ error, maxLength }: { error: ClientError | null; maxLength: number }) {
  const { strings, client } = useEnvironment();
  return (
    <div class="cc-error-slot" role="alert">
      {error && (
        <div class="cc-error">
          <p>{errorText(error, strings, maxLength)}</p>
          <button
            type="button"
            class="cc-icon-button"
            aria-label={strings.dismiss}
            onClick={client.dismissError}
          >
            <CloseIcon />
          </button>
        </div>
      )}
    </div>
  );
}
