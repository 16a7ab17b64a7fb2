import { expect } from 'chai';
import { maskPersonalData } from '../../../server/admin/pii-mask.ts';

describe('masking personal data before a message becomes training data', () => {
  const cases: [string, string][] = [
    ['my email is dana.smith+shop@example.co.uk, please update it', 'my email is {email}, please update it'],
    ['call me on +44 20 7946 0958 tomorrow', 'call me on {phone} tomorrow'],
    ['my number is 0612345678', 'my number is {phone}'],
    ['phone (555) 123-4567', 'phone {phone}'],
    ['where is order #10023?', 'where is order {orderNumber}?'],
    ['where is my order 10023', 'where is my order {orderNumber}'],
    ['order number is 55120 and it is late', 'order number is {orderNumber} and it is late'],
    ['status of ORD-10023 please', 'status of {orderNumber} please'],
    ['what about ticket T-1042', 'what about ticket {ticketNumber}'],
    ['any news on ticket 1042?', 'any news on ticket {ticketNumber}?'],
    [
      'write to a@b.io about #4412 or call 07700 900123',
      'write to {email} about {orderNumber} or call {phone}',
    ],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → "${expected}"`, () => {
      expect(maskPersonalData(input)).to.equal(expected);
    });
  }

  it('leaves text without personal data alone (prices, sizes, years, short numbers)', () => {
    for (const text of [
      'do you offer gift wrapping?',
      'I need size 42 shoes under $150',
      'the 2 pack from 2024 is fine',
      'open 24/7?',
    ]) {
      expect(maskPersonalData(text)).to.equal(text);
    }
  });

  it('never leaves a digit run of an email, phone or order number in the output', () => {
    const masked = maskPersonalData('me: x9@y.com, 555-123-4567, order 99881, T-77');
    expect(masked).to.not.match(/\d{3,}/);
  });
});
