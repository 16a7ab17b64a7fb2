import { EJSON, ObjectId } from 'bson';

/**
 * A string that identifies an `_id` value, so documents can live in a Map. Numbers of any
 * representation with the same value share a key, as they are the same `_id` to MongoDB.
 */
export function idKey(id: unknown): string {
  switch (typeof id) {
    case 'string':
      return `s:${id}`;
    case 'number':
      return `n:${id === 0 ? 0 : id}`;
    case 'boolean':
      return `b:${id}`;
  }
  if (id instanceof ObjectId) return `o:${id.toHexString()}`;
  if (id instanceof Date) return `d:${id.getTime()}`;
  if (id === null || id === undefined) return 'null';
  const tagged = id as { _bsontype?: string; toNumber?: () => number };
  if (
    (tagged._bsontype === 'Long' || tagged._bsontype === 'Int32' || tagged._bsontype === 'Double') &&
    tagged.toNumber
  ) {
    return `n:${tagged.toNumber()}`;
  }
  return `x:${EJSON.stringify({ v: id }, { relaxed: false })}`;
}
