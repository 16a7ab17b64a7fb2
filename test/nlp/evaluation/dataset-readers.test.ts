import { expect } from 'chai';
import { parseTextCategoryCsv } from '../../../nlp/datasets/banking77.ts';
import { parseBraunCorpus } from '../../../nlp/datasets/braun.ts';
import { parseClinc150 } from '../../../nlp/datasets/clinc150.ts';
import { parseCsv } from '../../../nlp/datasets/csv.ts';

describe('the public corpus readers', () => {
  it('parse CSV with quoted commas, doubled quotes and line breaks inside quotes', () => {
    const csv =
      'text,category\r\n"Where, exactly, is my ""card""?",card_arrival\n"two\nlines",other\nplain,x\n';
    expect(parseCsv(csv)).to.deep.equal([
      ['text', 'category'],
      ['Where, exactly, is my "card"?', 'card_arrival'],
      ['two\nlines', 'other'],
      ['plain', 'x'],
    ]);
  });

  it('refuse a CSV that ends inside quotes', () => {
    expect(() => parseCsv('text\n"open')).to.throw(/inside a quoted field/);
  });

  it('read BANKING77/HWU64 text,category files, ignoring extra columns', () => {
    const hwu = 'text,category,scenario\nwake me up at nine ,alarm_set,alarm\n';
    expect(parseTextCategoryCsv(hwu)).to.deep.equal([{ text: 'wake me up at nine', intent: 'alarm_set' }]);
    expect(() => parseTextCategoryCsv('sentence,label\nhi,x\n')).to.throw(/"text" and "category"/);
  });

  it('read CLINC150 splits, joining out-of-scope items relabelled out_of_scope', () => {
    const json = JSON.stringify({
      train: [['book a flight', 'book_flight']],
      oos_train: [['how tall is everest', 'oos']],
      val: [['fly me to rome', 'book_flight']],
      oos_val: [],
      test: [['what is my balance', 'balance']],
      oos_test: [['sing a song', 'oos']],
    });
    expect(parseClinc150(json)).to.deep.equal({
      train: [
        { text: 'book a flight', intent: 'book_flight' },
        { text: 'how tall is everest', intent: 'out_of_scope' },
      ],
      validation: [{ text: 'fly me to rome', intent: 'book_flight' }],
      test: [
        { text: 'what is my balance', intent: 'balance' },
        { text: 'sing a song', intent: 'out_of_scope' },
      ],
    });
    expect(() => parseClinc150('{"train": []}')).to.throw(/"oos_train" is missing/);
  });

  it('read a Braun et al. corpus split by its training flag', () => {
    const json = JSON.stringify({
      name: 'ChatbotCorpus',
      sentences: [
        { text: 'next train to garching', intent: 'DepartureTime', training: true, entities: [] },
        { text: 'from a to b', intent: 'FindConnection', training: false },
      ],
    });
    expect(parseBraunCorpus(json)).to.deep.equal({
      name: 'ChatbotCorpus',
      train: [{ text: 'next train to garching', intent: 'DepartureTime' }],
      test: [{ text: 'from a to b', intent: 'FindConnection' }],
    });
    expect(() => parseBraunCorpus('{"name":"x","sentences":[{"text":"a"}]}')).to.throw(/sentence 0/);
  });
});
