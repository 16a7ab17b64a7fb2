/** What these helpers need of a mongoose model. */
interface Findable {
  find(filter: object): { explain(verbosity: string): Promise<unknown> };
}

/**
 * A model that records the filter of every `find`/`findOne` called on it, and otherwise is the model (it still
 * constructs documents and reaches the collection), so code handed it runs unchanged.
 */
export function recordingFinds<M extends Findable>(model: M): { model: M; filters: object[] } {
  const filters: object[] = [];
  const proxy = new Proxy(model, {
    get(target, property, receiver) {
      if (property === 'find' || property === 'findOne') {
        return (filter: object, ...rest: unknown[]) => {
          filters.push(filter);
          return (Reflect.get(target, property) as (...args: unknown[]) => unknown).call(
            target,
            filter,
            ...rest,
          );
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { model: proxy, filters };
}

/**
 * The stages of the plan the database chose for a filter (`IXSCAN`, `COLLSCAN`, …), from `explain`; read from
 * the plan's text so MongoDB's and the embedded engine's explain layouts both work.
 */
export async function planStages(model: Findable, filter: object): Promise<string[]> {
  const explained = (await model.find(filter).explain('queryPlanner')) as unknown;
  const reply = (Array.isArray(explained) ? explained[0] : explained) as {
    queryPlanner: { winningPlan: object };
  };
  return [...JSON.stringify(reply.queryPlanner.winningPlan).matchAll(/"stage":"([A-Z_]+)"/g)].map(
    (match) => match[1]!,
  );
}
