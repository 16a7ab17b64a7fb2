import type { ClientError } from '../../../server/contracts/visitor-events.ts';
import { format, type Strings } from '../i18n/index.ts';

/** The catalogued error codes (server/shared/errors.ts) in the visitor's words; anything else is generic. */
export function errorText(error: ClientError, strings: Strings, maxLength: number): string {
  switch (error.code) {
    case 'RATE_LIMITED':
      return strings.errorRateLimited;
    case 'MESSAGE_TOO_LONG':
      return format(strings.errorTooLong, { max: maxLength });
    case 'INVALID_PAYLOAD':
      return strings.errorInvalid;
    case 'ORIGIN_NOT_ALLOWED':
      return strings.errorOrigin;
    case 'UNAVAILABLE':
    case 'NO_AGENT_AVAILABLE':
      return strings.errorUnavailable;
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
      return strings.errorRatingNotResolved;
    default:
      return strings.errorGeneric;
  }
}
