import { expect } from 'chai';
import { detectLanguage } from '../../nlp/language/detect.ts';

describe('language detection', () => {
  const foreign: Array<[string, string]> = [
    ['Ich möchte meine Bestellung stornieren', 'de'],
    ['Wo ist meine Bestellung?', 'de'],
    ['Je voudrais annuler ma commande', 'fr'],
    ['¿Dónde está mi pedido?', 'es'],
    ['hola', 'es'],
    ['Voglio parlare con qualcuno', 'it'],
    ['Onde está o meu pedido?', 'pt'],
    ['Waar is mijn bestelling?', 'nl'],
    ['Hoeveel kost de verzending naar België?', 'nl'],
    ['Wieviel kostet der Versand nach Österreich?', 'de'],
    ['¿Cuánto cuesta el envío?', 'es'],
    ['где мой заказ', 'ru'],
    ['注文はどこですか', 'ja'],
    ['我的订单在哪里', 'zh'],
  ];
  for (const [text, code] of foreign) {
    it(`reads "${text}" as ${code}, not English`, () => {
      expect(detectLanguage(text)).to.deep.equal({ code, english: false });
    });
  }

  const english = [
    'where is my order?',
    'Do you have the Aria headphones in white?',
    'I want to cancel order ORD-11331',
    'hi',
    'die hard fan of your speakers',
    'my order number is 11329',
    'can I pay with PayPal?',
    'the pedido arrived broken',
    'Is there a café discount?',
    'thx',
    'wher is my ordr',
  ];
  for (const text of english) {
    it(`keeps "${text}" as English (a foreign-looking word or a typo is not another language)`, () => {
      expect(detectLanguage(text).english).to.equal(true);
    });
  }

  it('treats a message without letters (an order number) as English', () => {
    expect(detectLanguage('11329')).to.deep.equal({ code: 'und', english: true });
  });
});
