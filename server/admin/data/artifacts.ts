import { GridFSBucket, type ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';

/**
 * Model files in GridFS (bucket `model_artifacts`): a model with its word vectors is 8 MB on the shipped data
 * and grows with the vocabulary, past BSON's 16 MB document limit, so it is stored in 255 KB chunks.
 */
export function createArtifactStore(connection: Connection) {
  const bucket = () => {
    const db = connection.db;
    if (db === undefined) throw new Error('database connection is not open');
    return new GridFSBucket(db, { bucketName: 'model_artifacts' });
  };
  return {
    async save(name: string, content: string): Promise<{ id: ObjectId; bytes: number }> {
      const data = Buffer.from(content, 'utf8');
      const upload = bucket().openUploadStream(name, { metadata: { contentType: 'application/json' } });
      await new Promise<void>((resolve, reject) => {
        upload.once('error', reject);
        upload.once('finish', () => resolve());
        upload.end(data);
      });
      return { id: upload.id, bytes: data.length };
    },
    async read(id: ObjectId): Promise<string> {
      const chunks: Buffer[] = [];
      const stream = bucket().openDownloadStream(id);
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export type ArtifactStore = ReturnType<typeof createArtifactStore>;
