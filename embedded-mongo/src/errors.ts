import type { Document } from 'bson';

/** MongoDB's error codes that the engine answers with; names are MongoDB's codeNames. */
const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  10: 'UserNotFound',
  14: 'TypeMismatch',
  18: 'AuthenticationFailed',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  28: 'PathNotViable',
  40: 'ConflictingUpdateOperators',
  13: 'Unauthorized',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  52: 'DollarPrefixedFieldName',
  53: 'InvalidIdField',
  56: 'NotSingleValueField',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  121: 'DocumentValidationFailure',
  166: 'CommandNotSupportedOnView',
  197: 'InvalidIndexSpecificationOption',
  238: 'NotImplemented',
  10334: 'BSONObjectTooLarge',
  11000: 'DuplicateKey',
};

export const Codes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  AuthenticationFailed: 18,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  Unauthorized: 13,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  DocumentValidationFailure: 121,
  CommandNotSupportedOnView: 166,
  InvalidIndexSpecificationOption: 197,
  NotImplemented: 238,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  UnrecognizedStage: 40324,
  UnknownPipelineField: 40415,
} as const;

/** An error the client receives as `{ok: 0, errmsg, code, codeName, ...extra}` or as a write error. */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly extra: Document;

  constructor(code: number, message: string, extra: Document = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.code = code;
    this.extra = extra;
  }

  get codeName(): string | undefined {
    return CODE_NAMES[this.code];
  }

  toReply(): Document {
    const reply: Document = { ok: 0, errmsg: this.message, code: this.code };
    if (this.codeName) reply.codeName = this.codeName;
    return { ...reply, ...this.extra };
  }

  toWriteError(index: number): Document {
    const writeError: Document = { index, code: this.code };
    if (this.codeName) writeError.codeName = this.codeName;
    writeError.errmsg = this.message;
    return { ...writeError, ...this.extra };
  }
}

// mingo throws plain Errors; their messages are the only way to tell a bad operator from a bad value.
const MINGO_ERROR_PATTERNS: [RegExp, number][] = [
  [/unknown (update )?operator|unknown pipeline operator|invalid (update )?operator/i, Codes.FailedToParse],
  [/unrecognized pipeline stage|unknown pipeline stage|invalid pipeline operator/i, Codes.UnrecognizedStage],
  [/conflict/i, Codes.ConflictingUpdateOperators],
  [
    /cannot (apply|increment|multiply)|must be (a )?number|non-numeric|to a value of non-numeric/i,
    Codes.TypeMismatch,
  ],
  [/_id.*(immutable|cannot be modified)|immutable field/i, Codes.ImmutableField],
];

/** Gives any thrown value a MongoDB error code, so nothing reaches the client as an unshaped failure. */
export function toCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, code] of MINGO_ERROR_PATTERNS) {
    if (pattern.test(message)) return new MongoCommandError(code, message);
  }
  return new MongoCommandError(Codes.BadValue, message);
}
