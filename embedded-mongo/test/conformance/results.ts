import type { BulkWriteResult, ClientBulkWriteResult, Document, UpdateResult } from 'mongodb';

/**
 * Driver result classes turned into the plain documents that the CRUD spec's result types describe, so
 * that the matcher (which only descends into plain objects) can compare them.
 */
export function bulkWriteResultDocument(result: BulkWriteResult): Document {
  return {
    insertedCount: result.insertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
    upsertedCount: result.upsertedCount,
    insertedIds: { ...result.insertedIds },
    upsertedIds: { ...result.upsertedIds },
  };
}

/** The spec's UpdateResult has no upsertedId when nothing was upserted; the Node driver reports null. */
export function updateResultDocument(result: UpdateResult): Document {
  const { upsertedId, ...rest } = result;
  return upsertedId === null ? { ...rest } : { ...rest, upsertedId };
}

function mapToDocument(map: ReadonlyMap<number, object> | undefined): Document | undefined {
  if (map === undefined) return undefined;
  const document: Document = {};
  for (const [index, value] of map) document[String(index)] = { ...value };
  return document;
}

export function clientBulkWriteResultDocument(result: ClientBulkWriteResult): Document {
  const document: Document = {
    acknowledged: result.acknowledged,
    insertedCount: result.insertedCount,
    upsertedCount: result.upsertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
  };
  const verbose = {
    insertResults: mapToDocument(result.insertResults),
    updateResults: mapToDocument(result.updateResults),
    deleteResults: mapToDocument(result.deleteResults),
  };
  for (const [key, value] of Object.entries(verbose)) {
    if (value !== undefined) document[key] = value;
  }
  return document;
}
