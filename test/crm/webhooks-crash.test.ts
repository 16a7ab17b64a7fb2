import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { eventId } from '../../server/webhooks/outbox.ts';
import { bearer, createUser, TEST_SECRET } from '../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServerProcess, waitUntilReady, type ServerProcess } from '../support/processes.ts';
import { startReceiver, waitFor } from './support-receiver.ts';

/**
 * The database lives in this process (as a real MongoDB would outside the server), the server is a child
 * process that is killed with SIGKILL: no shutdown hook runs, in-flight deliveries are cut.
 */
describe('webhooks survive a killed server', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let dataDir: string;
  let server: ServerProcess | undefined;

  before(async () => {
    db = await startTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'concierge-webhooks-'));
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const started = await startServerProcess({
      MONGODB_URI: db.uri,
      DB_NAME: db.dbName,
      DATA_DIR: dataDir,
      TOKEN_SECRET: TEST_SECRET,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_RETRY_MAX_DELAY_MS: '300',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_MIN_INTERVAL_MS: '0',
      // The receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    await waitUntilReady(started.url, 600);
    return started;
  };

  it('delivers every event after a SIGKILL while the receiver was failing, once per id', async () => {
    let failing = true;
    const receiver = await startReceiver(() => (failing ? 503 : 200));
    try {
      const admin = await createUser(db.repositories, 'admin');
      const auth = { authorization: bearer(admin), 'content-type': 'application/json' };
      server = await start();
      const post = async (route: string, body: unknown) => {
        const response = await fetch(`${server!.url}${route}`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(body),
        });
        expect(response.status, await response.clone().text()).to.equal(201);
        return (await response.json()) as { id: string };
      };
      await post('/api/webhooks', { url: receiver.url, events: ['contact.created', 'ticket.created'] });
      const expected = new Set<string>();
      for (let index = 0; index < 10; index += 1) {
        const contact = await post('/api/contacts', { name: `Crash ${index}` });
        expected.add(eventId('contact.created', contact.id));
        const ticket = await post('/api/tickets', {
          contactId: contact.id,
          category: 'crash',
          subject: `T${index}`,
        });
        expected.add(eventId('ticket.created', ticket.id));
      }
      // Every event reached the receiver at least once and was refused: it sits in the outbox, pending.
      await waitFor(
        () => [...expected].every((id) => receiver.received.some((hit) => hit.id === id)),
        30_000,
        'a failed first attempt of every event',
      );
      expect(receiver.accepted.size).to.equal(0);
      await server.stop('SIGKILL');
      server = undefined;

      failing = false;
      server = await start();
      await waitFor(() => receiver.accepted.size >= expected.size, 60_000, 'every event after the restart');
      // A few more polls: nothing is delivered twice once acknowledged.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(new Set(receiver.accepted.keys())).to.deep.equal(expected);
      expect(
        [...receiver.accepted.values()].every((count) => count === 1),
        'an event accepted twice',
      ).to.equal(true);
      const delivered = await db.repositories.webhooks.listDeliveries(
        { status: 'delivered' },
        { page: 1, limit: 100 },
      );
      expect(delivered.total).to.equal(expected.size);
      // At least the successful attempt is recorded. The refused first attempt may not be: the kill can land
      // between the receiver's 503 and the worker's write of that failure, which is exactly the crash the outbox
      // exists for (the receiver's log above already shows a refused attempt for every event).
      expect(
        delivered.items.map((delivery) => delivery.attempts).every((attempts) => attempts >= 1),
      ).to.equal(true);
    } finally {
      await receiver.close();
    }
  });
});
