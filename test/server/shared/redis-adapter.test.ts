import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { Application } from '../../../server/app.ts';
import { attachRedisAdapter } from '../../../server/shared/redis-adapter.ts';
import { buildTestApp } from '../../support/app.ts';
import { fakeRepositories } from '../../support/fakes.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('several nodes with the Redis adapter', () => {
  const closers: (() => Promise<void>)[] = [];
  let client: Socket | undefined;

  before(async function () {
    // CI starts Redis (.ci/run), so there a missing server is a failure, not a skip.
    if (!(await reachable(REDIS_URL)) && process.env.CI === undefined) this.skip();
  });

  afterEach(async () => {
    client?.close();
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function node(): Promise<Application> {
    const application = buildTestApp({ repositories: fakeRepositories() });
    closers.push(() => application.close());
    closers.push(await attachRedisAdapter(application.io, REDIS_URL));
    return application;
  }

  it('delivers a broadcast made on one node to a socket connected to the other', async () => {
    const namespace = `/probe-${randomBytes(4).toString('hex')}`;
    const [first, second] = [await node(), await node()];
    first.io.of(namespace);
    second.io.of(namespace);
    await new Promise<void>((resolve) => second.httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = second.httpServer.address() as AddressInfo;
    client = connect(`http://127.0.0.1:${port}${namespace}`, {
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      client!.once('connect', resolve);
      client!.once('connect_error', reject);
    });
    const received = new Promise<unknown>((resolve) => client!.once('announcement', resolve));
    first.io.of(namespace).emit('announcement', { from: 'first node' });
    expect(await received).to.deep.equal({ from: 'first node' });
  });

  it('fails clearly when Redis cannot be reached', async () => {
    const application = buildTestApp({ repositories: fakeRepositories() });
    closers.push(() => application.close());
    const error = await attachRedisAdapter(application.io, 'redis://127.0.0.1:1').catch(
      (caught: Error) => caught,
    );
    expect(error).to.be.instanceOf(Error);
  });
});
