import { expect } from 'chai';
import { createKnowledgeIndex, type KnowledgeEntry } from '../../nlp/retrieval/knowledge-index.ts';
import { createNlpPipeline } from '../../nlp/pipeline.ts';
import { embeddingOf } from '../../nlp/steps/knowledge.ts';
import { defaultIntentData, defaultIntentModel } from './support/pipeline-fixtures.ts';

const ENTRIES: KnowledgeEntry[] = [
  {
    id: 'payments',
    title: 'Payment methods',
    questions: ['can I pay with PayPal', 'what payment methods do you accept', 'do you take credit cards'],
    tags: ['payment'],
  },
  {
    id: 'returns',
    title: 'Returns policy',
    questions: ['what is your return policy', 'how many days do I have to return something'],
    tags: ['returns'],
  },
  {
    id: 'hours',
    title: 'Opening hours',
    questions: ['what are your opening hours', 'are you open on weekends'],
    tags: ['hours'],
  },
];

describe('knowledge retrieval', () => {
  it('finds the article whose question variant the message rephrases, best first', () => {
    const index = createKnowledgeIndex(ENTRIES);
    expect(index.search('Can I pay using paypal?')[0]?.id).to.equal('payments');
    expect(index.search('whats the return policy')[0]?.id).to.equal('returns');
    expect(index.search('are you open on Sunday')[0]?.id).to.equal('hours');
  });

  it('searches each clause of a message too, so the words of a reason do not lift a neighbouring article', () => {
    const index = createKnowledgeIndex([
      {
        id: 'cancel',
        title: 'Cancelling an order',
        questions: ['can I cancel an order', 'how do I cancel my order'],
        tags: ['cancellation'],
      },
      {
        id: 'changes',
        title: 'Changing an order',
        questions: ['how do I change my order', 'can I change my delivery address'],
        tags: ['orders'],
      },
    ]);
    // As one text, "changed" and "order" make "how do I change my order" the closer variant.
    const [best] = index.search('how do I cancel my order, I changed my mind');
    expect(best?.id).to.equal('cancel');
    expect(best?.score).to.be.closeTo(index.search('how do I cancel my order')[0]!.score, 1e-9);
    // A message of one clause scores as before.
    expect(index.search('how do I change my order')[0]?.id).to.equal('changes');
  });

  it('a verb of looking ("find") names no topic: the article about the thing sought wins', () => {
    const index = createKnowledgeIndex([
      {
        id: 'tracking',
        title: 'Tracking a parcel',
        questions: ['how do I track my parcel', 'where do I find my tracking number'],
        tags: ['orders'],
      },
      {
        id: 'invoices',
        title: 'Invoices and receipts',
        questions: ['can I get an invoice', 'where is my receipt', 'do you provide VAT invoices'],
        tags: ['orders'],
      },
    ]);
    expect(index.search('where do I find the invoice')[0]?.id).to.equal('invoices');
    expect(index.search('where do I find my tracking number')[0]?.id).to.equal('tracking');
  });

  it('reads a country no article names as a question about countries', () => {
    const index = createKnowledgeIndex([
      {
        id: 'countries',
        title: 'Where we ship',
        questions: ['which countries do you ship to', 'do you ship to the UK'],
        tags: ['shipping'],
      },
      {
        id: 'costs',
        title: 'Shipping costs',
        questions: ['how much is shipping', 'do you ship for free'],
        tags: ['shipping'],
      },
    ]);
    expect(index.search('do you ship to Ireland?')[0]?.id).to.equal('countries');
    expect(index.search('can you deliver to New Zealand')[0]?.id).to.equal('countries');
    expect(index.search('how much is shipping')[0]?.id).to.equal('costs');
  });

  it('stems words (returning → return) and maps a misspelt word onto the articles’ vocabulary', () => {
    const index = createKnowledgeIndex(ENTRIES);
    expect(index.search('returning things, what are the rules?')[0]?.id).to.equal('returns');
    expect(index.search('do you acept paypall')[0]?.id).to.equal('payments');
  });

  it('returns nothing for a message that shares no content word with any article', () => {
    expect(createKnowledgeIndex(ENTRIES).search('tell me a joke')).to.deep.equal([]);
  });

  it('adds the word vectors of the intent model to the lexical score', async function () {
    this.timeout(60_000);
    const embed = embeddingOf(await defaultIntentModel());
    expect(embed).to.be.a('function');
    const index = createKnowledgeIndex(ENTRIES, { embed: embed! });
    const [best] = index.search('which cards do you accept');
    expect(best?.id).to.equal('payments');
    expect(best!.vector).to.be.greaterThan(0);
    expect(best!.score).to.be.within(0, 1);
  });

  it('is a pipeline step: every English message carries its closest articles, another language none', async function () {
    this.timeout(60_000);
    const { settings } = await defaultIntentData();
    const pipeline = createNlpPipeline({
      classifier: await defaultIntentModel(),
      settings,
      knowledge: ENTRIES,
    });
    const english = pipeline.analyse('can I pay with PayPal?');
    expect(english.language).to.deep.equal({ code: 'en', english: true });
    expect(english.knowledge[0]?.id).to.equal('payments');
    const german = pipeline.analyse('Kann ich mit PayPal bezahlen? Ich habe eine Frage');
    expect(german.language.english).to.equal(false);
    expect(german.knowledge).to.deep.equal([]);
    pipeline.setKnowledge([{ id: 'paypal-only', title: 'PayPal', questions: ['can I pay with PayPal'] }]);
    expect(pipeline.analyse('can I pay with PayPal?').knowledge[0]?.id).to.equal('paypal-only');
  });
});
