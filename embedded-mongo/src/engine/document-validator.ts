import type { Document } from 'bson';
import { Query } from 'mingo/query';

import { Codes, MongoCommandError } from '../errors.ts';
import { mingoOptions } from './mingo-options.ts';

/**
 * A collection's `validator` (query operators only; `$jsonSchema` is refused when the collection is
 * created or modified), with `validationLevel` and `validationAction` as MongoDB applies them.
 */
export class DocumentValidator {
  readonly #query: Query;
  readonly #moderate: boolean;

  private constructor(query: Query, moderate: boolean) {
    this.#query = query;
    this.#moderate = moderate;
  }

  static from(options: Document): DocumentValidator | undefined {
    const validator = options.validator as Document | undefined;
    if (!validator || Object.keys(validator).length === 0) return undefined;
    if (options.validationLevel === 'off' || options.validationAction === 'warn') return undefined;
    if (JSON.stringify(validator).includes('"$jsonSchema"')) {
      throw new MongoCommandError(
        Codes.NotImplemented,
        'The embedded engine does not support $jsonSchema validators',
      );
    }
    const query = new Query(validator, mingoOptions());
    return new DocumentValidator(query, options.validationLevel === 'moderate');
  }

  /**
   * For state already accepted (replay of an older journal): a validator the engine cannot run is
   * skipped rather than making the data unreadable.
   */
  static lenient(options: Document): DocumentValidator | undefined {
    try {
      return DocumentValidator.from(options);
    } catch {
      return undefined;
    }
  }

  /** Throws 121 if `doc` fails; with level "moderate", an update of an already invalid document passes. */
  check(doc: Document, previous: Document | undefined): void {
    if (this.#query.test(doc)) return;
    if (this.#moderate && previous && !this.#query.test(previous)) return;
    throw new MongoCommandError(Codes.DocumentValidationFailure, 'Document failed validation', {
      errInfo: {
        failingDocumentId: doc._id,
        details: { operatorName: '$and', reason: 'the validator did not match' },
      },
    });
  }
}
