import type { Repositories } from '../../server/data/repositories/index.ts';

type DeepPartial<T> = { [K in keyof T]?: Partial<T[K]> };

/**
 * Repositories where only the given methods exist; calling anything else fails the test loudly, so a test
 * states exactly which data access it expects.
 */
export function fakeRepositories(overrides: DeepPartial<Repositories> = {}): Repositories {
  return new Proxy({} as Repositories, {
    get(_target, group: string) {
      const methods = (overrides as Record<string, Record<string, unknown> | undefined>)[group] ?? {};
      return new Proxy(methods, {
        get(target, method: string) {
          if (method in target) return target[method];
          throw new Error(`test fake: repositories.${group}.${method} was not expected to be called`);
        },
      });
    },
  });
}
