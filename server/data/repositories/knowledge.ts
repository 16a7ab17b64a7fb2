import { toObjectId } from '../ids.ts';
import type { Models } from '../models/index.ts';
import type { KnowledgeDoc, KnowledgeRevisionDoc } from '../models/knowledge.ts';
import type { KnowledgeArticleRecord, KnowledgeContent, KnowledgeRevisionRecord } from '../records.ts';
import { AppError } from '../../shared/errors.ts';
import { duplicateAsConflict, isDuplicateKeyError, validationAsAppError } from '../write-errors.ts';

export type NewKnowledgeArticle = Omit<KnowledgeContent, 'link' | 'tags' | 'synthetic' | 'active'> &
  Partial<Pick<KnowledgeContent, 'link' | 'tags' | 'synthetic' | 'active'>>;

export type KnowledgeChanges = Partial<KnowledgeContent>;

export type KnowledgeRepository = ReturnType<typeof createKnowledgeRepository>;

const CONTENT_FIELDS = [
  'slug',
  'title',
  'questions',
  'answer',
  'link',
  'tags',
  'synthetic',
  'active',
] as const;

function toArticle(doc: KnowledgeDoc): KnowledgeArticleRecord {
  return {
    id: doc._id.toHexString(),
    slug: doc.slug,
    title: doc.title,
    questions: doc.questions ?? [],
    answer: doc.answer,
    link: doc.link ?? null,
    tags: doc.tags ?? [],
    synthetic: doc.synthetic ?? false,
    active: doc.active ?? true,
    version: doc.version ?? 1,
    updatedBy: doc.updatedBy ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

function contentOf(article: KnowledgeArticleRecord): KnowledgeContent {
  const { slug, title, questions, answer, link, tags, synthetic, active } = article;
  return { slug, title, questions, answer, link, tags, synthetic, active };
}

function toRevision(doc: KnowledgeRevisionDoc): KnowledgeRevisionRecord {
  return {
    articleId: doc.article.toHexString(),
    slug: doc.slug,
    version: doc.version,
    snapshot: (doc.snapshot as KnowledgeContent | null) ?? null,
    actor: doc.actor ?? null,
    at: doc.at,
  };
}

/** Question variants are matched as visitors type them: trimmed, blanks dropped, duplicates removed. */
function cleanQuestions(questions: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of questions) {
    const question = raw.trim().replace(/\s+/g, ' ');
    const key = question.toLowerCase();
    if (question === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(question);
  }
  return out;
}

/**
 * The shop's knowledge articles with optimistic concurrency: every write names the version it was based on
 * and fails with VERSION_CONFLICT (409, `details.currentVersion`) when someone saved in between, so no edit is lost.
 * Each write also keeps the resulting version in `knowledge_revisions` for the history and rollbacks (the
 * revision is written after the article: without multi-document transactions a crash between the two loses
 * one history entry, never the article).
 */
export function createKnowledgeRepository({ Knowledge, KnowledgeRevision }: Models) {
  const record = async (article: KnowledgeArticleRecord, actor: string | null, deleted = false) => {
    try {
      await KnowledgeRevision.create({
        article: toObjectId(article.id, 'article id'),
        slug: article.slug,
        version: article.version,
        snapshot: deleted ? null : { ...contentOf(article) },
        actor,
        at: article.updatedAt,
      });
    } catch (error) {
      // A retried write of the same version already has its entry.
      if (!isDuplicateKeyError(error)) throw error;
    }
  };

  const conflict = async (id: string, expectedVersion: number): Promise<never> => {
    const current = await Knowledge.findOne({ _id: toObjectId(id, 'article id') }, { version: 1 }).lean();
    if (current === null) throw new AppError('NOT_FOUND', 'Knowledge article not found.');
    throw new AppError(
      'VERSION_CONFLICT',
      'The article was changed by someone else; reload it and edit again.',
      {
        details: { currentVersion: current.version, expectedVersion },
      },
    );
  };

  return {
    /** Articles the chat answers from. */
    async listActive(): Promise<KnowledgeArticleRecord[]> {
      const docs = await Knowledge.find({ active: true }).sort({ slug: 1 }).lean<KnowledgeDoc[]>();
      return docs.map(toArticle);
    },

    async list(): Promise<KnowledgeArticleRecord[]> {
      const docs = await Knowledge.find({}).sort({ slug: 1 }).lean<KnowledgeDoc[]>();
      return docs.map(toArticle);
    },

    async findById(id: string): Promise<KnowledgeArticleRecord | null> {
      const doc = await Knowledge.findOne({ _id: toObjectId(id, 'article id') }).lean<KnowledgeDoc>();
      return doc === null ? null : toArticle(doc);
    },

    async findBySlug(slug: string): Promise<KnowledgeArticleRecord | null> {
      const doc = await Knowledge.findOne({ slug }).lean<KnowledgeDoc>();
      return doc === null ? null : toArticle(doc);
    },

    async create(input: NewKnowledgeArticle, actor: string | null): Promise<KnowledgeArticleRecord> {
      let article: KnowledgeArticleRecord;
      try {
        const doc = await Knowledge.create({
          ...input,
          questions: cleanQuestions(input.questions),
          version: 1,
          updatedBy: actor,
        });
        article = toArticle(doc.toObject());
      } catch (error) {
        if (isDuplicateKeyError(error))
          duplicateAsConflict(error, 'An article with this slug already exists.');
        return validationAsAppError(error);
      }
      await record(article, actor);
      return article;
    },

    /** Applies the changes only if the article is still at `expectedVersion`; the version then rises by one. */
    async update(
      id: string,
      expectedVersion: number,
      changes: KnowledgeChanges,
      actor: string | null,
    ): Promise<KnowledgeArticleRecord> {
      const set: Record<string, unknown> = { updatedBy: actor };
      for (const field of CONTENT_FIELDS) if (changes[field] !== undefined) set[field] = changes[field];
      if (changes.questions !== undefined) set.questions = cleanQuestions(changes.questions);
      let doc: KnowledgeDoc | null;
      try {
        doc = await Knowledge.findOneAndUpdate(
          { _id: toObjectId(id, 'article id'), version: expectedVersion },
          { $set: set, $inc: { version: 1 } },
          { returnDocument: 'after', runValidators: true },
        ).lean<KnowledgeDoc>();
      } catch (error) {
        if (isDuplicateKeyError(error))
          duplicateAsConflict(error, 'An article with this slug already exists.');
        return validationAsAppError(error);
      }
      if (doc === null) return conflict(id, expectedVersion);
      const article = toArticle(doc);
      await record(article, actor);
      return article;
    },

    /** Deletes the article if it is still at `expectedVersion`; its history stays, ending with a deletion. */
    async remove(id: string, expectedVersion: number, actor: string | null): Promise<void> {
      const doc = await Knowledge.findOneAndDelete({
        _id: toObjectId(id, 'article id'),
        version: expectedVersion,
      }).lean<KnowledgeDoc>();
      if (doc === null) return conflict(id, expectedVersion);
      await record({ ...toArticle(doc), version: doc.version + 1, updatedAt: new Date() }, actor, true);
    },

    /** Every saved version, newest first. */
    async history(id: string): Promise<KnowledgeRevisionRecord[]> {
      const docs = await KnowledgeRevision.find({ article: toObjectId(id, 'article id') })
        .sort({ version: -1 })
        .lean<KnowledgeRevisionDoc[]>();
      return docs.map(toRevision);
    },

    /** Brings back the content of an earlier version as a new version (history is never rewritten). */
    async rollback(
      id: string,
      toVersion: number,
      expectedVersion: number,
      actor: string | null,
    ): Promise<KnowledgeArticleRecord> {
      const revision = await KnowledgeRevision.findOne({
        article: toObjectId(id, 'article id'),
        version: toVersion,
      }).lean<KnowledgeRevisionDoc>();
      if (revision === null || revision.snapshot === null) {
        throw new AppError('NOT_FOUND', `Version ${toVersion} of this article does not exist.`);
      }
      return this.update(id, expectedVersion, revision.snapshot as unknown as KnowledgeContent, actor);
    },

    /** Changes whenever any article does: the chat rebuilds its search index when it differs. */
    async dataVersion(): Promise<string> {
      const docs = await Knowledge.find({}, { slug: 1, version: 1 }).sort({ slug: 1 }).lean<KnowledgeDoc[]>();
      return docs.map((doc) => `${doc.slug}@${doc.version}`).join(',');
    },

    count(): Promise<number> {
      return Knowledge.countDocuments({});
    },
  };
}
