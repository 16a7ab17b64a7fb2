import {
  MongoClient,
  type ClientSession,
  type Collection,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  type Document,
  type MongoClientOptions,
} from 'mongodb';
import type { MatchContext } from './match.ts';
import type { EntityDescription } from './spec-files.ts';

export type RecordedEvent =
  | { type: 'commandStartedEvent'; commandName: string; databaseName: string; command: Document }
  | { type: 'commandSucceededEvent'; commandName: string; databaseName: string; reply: Document }
  | { type: 'commandFailedEvent'; commandName: string; databaseName: string };

export interface ClientEntity {
  client: MongoClient;
  events: RecordedEvent[];
}

type Entity =
  | { kind: 'client'; value: ClientEntity }
  | { kind: 'database'; value: Db }
  | { kind: 'collection'; value: Collection }
  | { kind: 'session'; value: ClientSession }
  | { kind: 'result'; value: unknown };

/**
 * The spec requires these never to be observed: the runner's own fail point command and anything that
 * carries credentials.
 */
const ALWAYS_IGNORED = new Set([
  'configureFailPoint',
  'authenticate',
  'saslStart',
  'saslContinue',
  'getnonce',
  'createUser',
  'updateUser',
  'copydbgetnonce',
  'copydbsaslstart',
  'copydb',
]);

const OBSERVABLE = new Set(['commandStartedEvent', 'commandSucceededEvent', 'commandFailedEvent']);

/** Keeps every client bounded in time so that an engine that never answers fails a test instead of hanging. */
const CLIENT_TIMEOUTS: MongoClientOptions = { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 10000 };

export class EntityMap implements MatchContext {
  private readonly entities = new Map<string, Entity>();
  private readonly clients: MongoClient[] = [];
  private readonly sessions: ClientSession[] = [];

  constructor(private readonly uri: string) {}

  async create(descriptions: EntityDescription[]): Promise<void> {
    for (const description of descriptions) {
      const [kind, spec] = Object.entries(description)[0] ?? [];
      if (kind === undefined || spec === undefined) throw new Error('empty entity description');
      const id = String(spec.id);
      if (this.entities.has(id)) throw new Error(`entity ${id} is defined twice`);
      this.entities.set(id, await this.build(kind, spec));
    }
  }

  private async build(kind: string, spec: Document): Promise<Entity> {
    switch (kind) {
      case 'client':
        return { kind: 'client', value: await this.connectClient(spec) };
      case 'database': {
        const { client } = this.client(String(spec.client));
        return { kind: 'database', value: client.db(String(spec.databaseName), spec.databaseOptions) };
      }
      case 'collection': {
        const database = this.database(String(spec.database));
        return {
          kind: 'collection',
          value: database.collection(String(spec.collectionName), spec.collectionOptions),
        };
      }
      case 'session': {
        const { client } = this.client(String(spec.client));
        const session = client.startSession(spec.sessionOptions);
        this.sessions.push(session);
        return { kind: 'session', value: session };
      }
      default:
        throw new Error(`the runner does not implement ${kind} entities`);
    }
  }

  private async connectClient(spec: Document): Promise<ClientEntity> {
    const uriOptions: Document = spec.uriOptions ?? {};
    const client = new MongoClient(this.uri, { ...CLIENT_TIMEOUTS, ...uriOptions, monitorCommands: true });
    this.clients.push(client);
    const events: RecordedEvent[] = [];
    const observed = new Set<string>((spec.observeEvents as string[] | undefined) ?? []);
    for (const name of observed) {
      if (!OBSERVABLE.has(name)) throw new Error(`the runner does not observe ${name}`);
    }
    const ignored = new Set<string>([
      ...ALWAYS_IGNORED,
      ...((spec.ignoreCommandMonitoringEvents as string[]) ?? []),
    ]);
    const wanted = (type: string, commandName: string) => observed.has(type) && !ignored.has(commandName);
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (!wanted('commandStartedEvent', event.commandName)) return;
      const { commandName, databaseName, command } = event;
      events.push({ type: 'commandStartedEvent', commandName, databaseName, command });
    });
    client.on('commandSucceeded', (event: CommandSucceededEvent) => {
      if (!wanted('commandSucceededEvent', event.commandName)) return;
      const { commandName, databaseName, reply } = event;
      events.push({ type: 'commandSucceededEvent', commandName, databaseName, reply: reply as Document });
    });
    client.on('commandFailed', (event: CommandFailedEvent) => {
      if (!wanted('commandFailedEvent', event.commandName)) return;
      events.push({
        type: 'commandFailedEvent',
        commandName: event.commandName,
        databaseName: event.databaseName,
      });
    });
    await client.connect();
    return { client, events };
  }

  private get(id: string, kind: Entity['kind']): Entity {
    const entity = this.entities.get(id);
    if (entity === undefined) throw new Error(`no entity named ${id}`);
    if (entity.kind !== kind) throw new Error(`entity ${id} is a ${entity.kind}, not a ${kind}`);
    return entity;
  }

  kindOf(id: string): Entity['kind'] | undefined {
    return this.entities.get(id)?.kind;
  }

  client(id: string): ClientEntity {
    return this.get(id, 'client').value as ClientEntity;
  }

  database(id: string): Db {
    return this.get(id, 'database').value as Db;
  }

  collection(id: string): Collection {
    return this.get(id, 'collection').value as Collection;
  }

  session(id: string): ClientSession {
    return this.get(id, 'session').value as ClientSession;
  }

  saveResult(id: string, value: unknown): void {
    this.entities.set(id, { kind: 'result', value });
  }

  entity(id: string): unknown {
    const entity = this.entities.get(id);
    if (entity === undefined) throw new Error(`no entity named ${id}`);
    return entity.value;
  }

  sessionLsid(id: string): Document {
    const lsid = this.session(id).id;
    if (lsid === undefined) throw new Error(`session ${id} has no lsid`);
    return lsid;
  }

  /** Ends sessions, then closes clients; runs even after a failed test so nothing leaks into the next. */
  async close(): Promise<void> {
    for (const session of this.sessions.splice(0)) await session.endSession().catch(() => undefined);
    for (const client of this.clients.splice(0)) await client.close().catch(() => undefined);
    this.entities.clear();
  }
}
