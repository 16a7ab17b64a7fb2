import type { JournalRecord, Storage } from './types.ts';

/**
 * Storage for an engine that lives only as long as its process (tests, throw-away servers):
 * nothing is written, so every append is "durable" at once and a restart starts empty.
 */
export class MemoryStorage implements Storage {
  async open(): Promise<JournalRecord[]> {
    return [];
  }

  async append(_records: JournalRecord[]): Promise<void> {}

  async compact(_snapshot: () => Iterable<JournalRecord>): Promise<void> {}

  shouldCompact(_liveRecordCount: number): boolean {
    return false;
  }

  async close(): Promise<void> {}
}
