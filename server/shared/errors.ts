/**
 * The one catalogue of errors clients can see. Codes are stable API: clients branch on them, so a code is
 * never renamed or reused; the message is for people and may be reworded.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  INVALID_ID: { status: 400, message: 'The identifier is not valid.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  MALFORMED_BODY: { status: 400, message: 'The request body could not be decoded (Content-Encoding).' },
  INVALID_PAYLOAD: { status: 400, message: 'The message payload is not valid.' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication is required.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is wrong.' },
  INVALID_TOKEN: { status: 401, message: 'The token is not valid.' },
  TOKEN_EXPIRED: { status: 401, message: 'The token has expired.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This origin is not allowed.' },
  CSRF_REFUSED: {
    status: 403,
    message: "The request lacks the session's CSRF token (X-CSRF-Token); reload the console.",
  },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  VERSION_CONFLICT: {
    status: 409,
    message: 'Someone else saved this record since you loaded it; reload it and edit again.',
  },
  ALREADY_EXISTS: { status: 409, message: 'A record with this value already exists.' },
  ILLEGAL_TRANSITION: { status: 409, message: 'This change is not allowed in the current state.' },
  CONVERSATION_TAKEN: { status: 409, message: 'Another agent took this conversation first.' },
  AGENT_AT_CAPACITY: {
    status: 409,
    message: 'You already have as many conversations as your capacity allows.',
  },
  AGENT_UNAVAILABLE: { status: 409, message: 'That agent is away, offline or at capacity.' },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being handled; retry shortly.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request body.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  MESSAGE_TOO_LONG: { status: 413, message: 'The message is too long.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The content type is not supported.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable.' },
  NO_AGENT_AVAILABLE: { status: 503, message: 'No agent is available right now.' },
  IDENTITY_NOT_CONFIGURED: { status: 403, message: 'Identity verification is not enabled on this server.' },
  IDENTITY_NOT_VERIFIED: { status: 401, message: 'The identity could not be verified.' },
  IDENTITY_MISMATCH: {
    status: 409,
    message: 'This chat belongs to another signed-in customer; start a new chat.',
  },
  TOO_MANY_ORDER_NUMBERS: {
    status: 429,
    message: 'Too many different order numbers; sign in to the shop or try again later.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Safe, structured extra information (field names, retry delays); never user data or internals. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface ClientError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message?: string, options?: { details?: ErrorDetails; cause?: unknown }) {
    super(message ?? ERROR_CATALOGUE[code].message, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = options?.details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

/**
 * What HTTP responses and socket acks carry. Anything that is not an AppError becomes INTERNAL with the
 * catalogue's message, so stacks and database messages never reach a client.
 */
export function toClientError(error: unknown): ClientError {
  if (error instanceof AppError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  return { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message };
}

/** The HTTP status that goes with `toClientError(error)`. */
export function statusOf(error: unknown): number {
  return error instanceof AppError ? error.status : ERROR_CATALOGUE.INTERNAL.status;
}
