import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../../server/shared/logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'info', pretty: false, destination }) };
}

describe('the logger', () => {
  it('writes one JSON object per line with the level and message', () => {
    const { lines, logger } = capture();
    logger.info({ requestId: 'abc' }, 'hello');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ msg: 'hello', requestId: 'abc', level: 30, service: 'concierge' });
  });

  it('redacts emails, phones, passwords, tokens and message text at any usual depth', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        email: 'ada@example.com',
        contact: { emails: ['ada@example.com'], phones: ['+15551234567'], name: 'Ada' },
        body: { password: 'hunter22', token: 'eyJ...' },
        message: { text: 'my card number is 4111' },
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1' } },
      },
      'personal data',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of [
      'ada@example.com',
      '+15551234567',
      'hunter22',
      'eyJ',
      '4111',
      'Bearer abc',
      'sid=1',
    ]) {
      expect(line, secret).not.to.include(secret);
    }
    expect(line).to.include('Ada');
  });
});
