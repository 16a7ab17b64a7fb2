import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';

/** What a failing command does instead of running. */
export type InjectedFailure = { kind: 'reply'; reply: Document } | { kind: 'closeConnection' };

/**
 * MongoDB's test-only `failCommand` fail point (enabled with `enableTestCommands`): the next
 * `times` commands named in `failCommands` fail with `errorCode`, or have their connection closed.
 */
export class FailPoints {
  #mode: 'off' | 'alwaysOn' | { times: number } = 'off';
  #data: Document = {};

  configure(command: Document): Document {
    if (command.configureFailPoint !== 'failCommand') {
      throw new MongoCommandError(
        Codes.BadValue,
        `unknown fail point: ${String(command.configureFailPoint)}`,
      );
    }
    const mode = command.mode;
    if (mode === 'off' || mode === 'alwaysOn') this.#mode = mode;
    else if (mode && typeof mode === 'object' && typeof (mode as Document).times === 'number') {
      this.#mode = { times: (mode as Document).times as number };
    } else throw new MongoCommandError(Codes.BadValue, 'mode must be "off", "alwaysOn" or {times: n}');
    this.#data = (command.data as Document | undefined) ?? {};
    return { ok: 1 };
  }

  /** Consumes the fail point if it applies to this command. */
  check(name: string): InjectedFailure | undefined {
    if (this.#mode === 'off') return undefined;
    const names = this.#data.failCommands;
    if (!Array.isArray(names) || !names.includes(name)) return undefined;
    if (typeof this.#mode === 'object') {
      if (this.#mode.times <= 0) return undefined;
      this.#mode = { times: this.#mode.times - 1 };
    }
    if (this.#data.closeConnection === true) return { kind: 'closeConnection' };
    const reply: Document = {};
    if (typeof this.#data.errorCode === 'number') {
      const error = new MongoCommandError(
        this.#data.errorCode,
        "Failing command via 'failCommand' failpoint",
      );
      Object.assign(reply, error.toReply());
    } else reply.ok = 1;
    if (Array.isArray(this.#data.errorLabels)) reply.errorLabels = this.#data.errorLabels;
    if (this.#data.writeConcernError) reply.writeConcernError = this.#data.writeConcernError;
    return { kind: 'reply', reply };
  }
}
