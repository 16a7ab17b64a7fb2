import { expect } from 'chai';
import { MemoryStorage } from '../../src/storage/memory-storage.ts';

describe('MemoryStorage', () => {
  it('starts empty every time and never asks for compaction', async () => {
    const storage = new MemoryStorage();
    expect(await storage.open()).to.deep.equal([]);
    await storage.append([{ op: 'dropDatabase', db: 'shop' }]);
    expect(storage.shouldCompact(0)).to.equal(false);
    await storage.compact(() => []);
    await storage.close();
    expect(await new MemoryStorage().open()).to.deep.equal([]);
  });
});
