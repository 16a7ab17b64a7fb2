import { expect } from 'chai';
import { categoryEntries } from '../../server/gateway/visitor-chat.ts';

describe('the categories the NLP matches in visitor messages', () => {
  it('names each category by itself and by the tags only its products carry', () => {
    const entries = categoryEntries([
      { category: 'audio', tags: ['headphones', 'Wireless'] },
      { category: 'audio', tags: ['earbuds', 'audio'] },
      { category: 'mobile', tags: ['charger', 'wireless'] },
      { category: 'coffee', tags: [] },
    ]);
    expect(entries).to.deep.equal([
      { id: 'audio', name: 'audio', aliases: ['earbuds', 'headphones'] },
      { id: 'coffee', name: 'coffee', aliases: [] },
      { id: 'mobile', name: 'mobile', aliases: ['charger'] },
    ]);
  });
});
