import type { ConversationFact, IntentCount } from './conversation-fact.ts';
import { slaOutcome, type RawTicket } from './ticket-sla.ts';

export interface KeyCount {
  key: string;
  count: number;
}

export interface AgentRollup {
  agentId: string;
  conversations: number;
  resolved: number;
  replies: number;
  firstResponse: number[];
  resolution: number[];
  handling: number[];
  /** Count of ratings 1…5 at index 0…4. */
  ratings: number[];
}

export interface TicketCount {
  category: string;
  status: string;
  priority: string;
  count: number;
}

export interface SlaRollup {
  priority: string;
  met: number;
  /** Answered after the due time. */
  breached: number;
  /** Due times (ms) of tickets nobody has answered yet: breached or pending depending on when one asks. */
  unansweredDue: number[];
}

/**
 * The figures of one UTC hour: what every report adds up. Durations are kept as exact values (not histogram
 * bins), so medians and percentiles over any range are exact, and a rollup can be compared with a
 * recomputation from raw records value for value.
 */
export interface HourRollup {
  hour: Date;
  conversations: number;
  visitorMessages: number;
  botMessages: number;
  agentMessages: number;
  contained: number;
  escalated: number;
  resolved: number;
  fallbacks: number;
  reasons: KeyCount[];
  firstResponse: number[];
  resolution: number[];
  handling: number[];
  ratings: number[];
  intents: IntentCount[];
  agents: AgentRollup[];
  tickets: TicketCount[];
  sla: SlaRollup[];
}

export function emptyRollup(hour: Date): HourRollup {
  return {
    hour,
    conversations: 0,
    visitorMessages: 0,
    botMessages: 0,
    agentMessages: 0,
    contained: 0,
    escalated: 0,
    resolved: 0,
    fallbacks: 0,
    reasons: [],
    firstResponse: [],
    resolution: [],
    handling: [],
    ratings: [0, 0, 0, 0, 0],
    intents: [],
    agents: [],
    tickets: [],
    sla: [],
  };
}

function emptyAgent(agentId: string): AgentRollup {
  return {
    agentId,
    conversations: 0,
    resolved: 0,
    replies: 0,
    firstResponse: [],
    resolution: [],
    handling: [],
    ratings: [0, 0, 0, 0, 0],
  };
}

const byKey = <T>(map: Map<string, T>, key: string, make: () => T): T => {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
};

const sortedValues = <T>(map: Map<string, T>): T[] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);

const ratingIndex = (rating: number | null) =>
  rating !== null && Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating - 1 : -1;

/** Adds rollups (or builds one from facts and tickets) with maps, then freezes them in a stable order. */
class RollupBuilder {
  private readonly totals: HourRollup;
  private readonly reasons = new Map<string, KeyCount>();
  private readonly intents = new Map<string, IntentCount>();
  private readonly agents = new Map<string, AgentRollup>();
  private readonly tickets = new Map<string, TicketCount>();
  private readonly sla = new Map<string, SlaRollup>();

  constructor(hour: Date) {
    this.totals = emptyRollup(hour);
  }

  addFact(fact: ConversationFact): void {
    for (const { agentId, replies } of fact.agentReplies) {
      byKey(this.agents, agentId, () => emptyAgent(agentId)).replies += replies;
    }
    if (!fact.counted) return;
    const t = this.totals;
    t.conversations += 1;
    t.visitorMessages += fact.visitorMessages;
    t.botMessages += fact.botMessages;
    t.agentMessages += fact.agentMessages;
    if (fact.contained) t.contained += 1;
    if (fact.escalated) {
      t.escalated += 1;
      const key = fact.escalationReason ?? 'unknown';
      byKey(this.reasons, key, () => ({ key, count: 0 })).count += 1;
    }
    if (fact.resolvedAt !== null) t.resolved += 1;
    t.fallbacks += fact.fallbacks;
    if (fact.firstResponseSeconds !== null) t.firstResponse.push(fact.firstResponseSeconds);
    if (fact.resolutionSeconds !== null) t.resolution.push(fact.resolutionSeconds);
    if (fact.handlingSeconds !== null) t.handling.push(fact.handlingSeconds);
    const rating = ratingIndex(fact.rating);
    if (rating >= 0) t.ratings[rating]! += 1;
    for (const entry of fact.intents) {
      const total = byKey(this.intents, entry.intent, () => ({ intent: entry.intent, messages: 0, fallbacks: 0 }));
      total.messages += entry.messages;
      total.fallbacks += entry.fallbacks;
    }
    if (fact.agentId !== null) {
      const agentId = fact.agentId;
      const agent = byKey(this.agents, agentId, () => emptyAgent(agentId));
      agent.conversations += 1;
      if (fact.resolvedAt !== null) agent.resolved += 1;
      if (fact.firstResponseSeconds !== null) agent.firstResponse.push(fact.firstResponseSeconds);
      if (fact.resolutionSeconds !== null) agent.resolution.push(fact.resolutionSeconds);
      if (fact.handlingSeconds !== null) agent.handling.push(fact.handlingSeconds);
      if (rating >= 0) agent.ratings[rating]! += 1;
    }
  }

  addTicket(ticket: RawTicket): void {
    const key = JSON.stringify([ticket.category, ticket.status, ticket.priority]);
    byKey(this.tickets, key, () => ({
      category: ticket.category,
      status: ticket.status,
      priority: ticket.priority,
      count: 0,
    })).count += 1;
    if (ticket.slaDueAt === null) return;
    const sla = byKey(this.sla, ticket.priority, () => ({
      priority: ticket.priority,
      met: 0,
      breached: 0,
      unansweredDue: [],
    }));
    if (ticket.firstResponseAt === null) sla.unansweredDue.push(ticket.slaDueAt.getTime());
    // `now` is irrelevant for answered tickets.
    else if (slaOutcome(ticket, ticket.firstResponseAt) === 'met') sla.met += 1;
    else sla.breached += 1;
  }

  addRollup(rollup: HourRollup): void {
    const t = this.totals;
    for (const field of [
      'conversations',
      'visitorMessages',
      'botMessages',
      'agentMessages',
      'contained',
      'escalated',
      'resolved',
      'fallbacks',
    ] as const) {
      t[field] += rollup[field];
    }
    t.firstResponse.push(...rollup.firstResponse);
    t.resolution.push(...rollup.resolution);
    t.handling.push(...rollup.handling);
    rollup.ratings.forEach((count, index) => (t.ratings[index]! += count));
    for (const r of rollup.reasons) byKey(this.reasons, r.key, () => ({ key: r.key, count: 0 })).count += r.count;
    for (const i of rollup.intents) {
      const total = byKey(this.intents, i.intent, () => ({ intent: i.intent, messages: 0, fallbacks: 0 }));
      total.messages += i.messages;
      total.fallbacks += i.fallbacks;
    }
    for (const a of rollup.agents) {
      const agent = byKey(this.agents, a.agentId, () => emptyAgent(a.agentId));
      agent.conversations += a.conversations;
      agent.resolved += a.resolved;
      agent.replies += a.replies;
      agent.firstResponse.push(...a.firstResponse);
      agent.resolution.push(...a.resolution);
      agent.handling.push(...a.handling);
      a.ratings.forEach((count, index) => (agent.ratings[index]! += count));
    }
    for (const c of rollup.tickets) {
      const key = JSON.stringify([c.category, c.status, c.priority]);
      byKey(this.tickets, key, () => ({ ...c, count: 0 })).count += c.count;
    }
    for (const s of rollup.sla) {
      const sla = byKey(this.sla, s.priority, () => ({ priority: s.priority, met: 0, breached: 0, unansweredDue: [] }));
      sla.met += s.met;
      sla.breached += s.breached;
      sla.unansweredDue.push(...s.unansweredDue);
    }
  }

  build(): HourRollup {
    const numeric = (a: number, b: number) => a - b;
    const t = this.totals;
    return {
      ...t,
      firstResponse: [...t.firstResponse].sort(numeric),
      resolution: [...t.resolution].sort(numeric),
      handling: [...t.handling].sort(numeric),
      ratings: [...t.ratings],
      reasons: sortedValues(this.reasons),
      intents: sortedValues(this.intents),
      agents: sortedValues(this.agents).map((a) => ({
        ...a,
        firstResponse: [...a.firstResponse].sort(numeric),
        resolution: [...a.resolution].sort(numeric),
        handling: [...a.handling].sort(numeric),
      })),
      tickets: sortedValues(this.tickets),
      sla: sortedValues(this.sla).map((s) => ({ ...s, unansweredDue: [...s.unansweredDue].sort(numeric) })),
    };
  }
}

/** The rollup of one hour from the facts of conversations that started in it and the tickets opened in it. */
export function buildHourRollup(
  hour: Date,
  facts: readonly ConversationFact[],
  tickets: readonly RawTicket[],
): HourRollup {
  const builder = new RollupBuilder(hour);
  facts.forEach((fact) => builder.addFact(fact));
  tickets.forEach((ticket) => builder.addTicket(ticket));
  return builder.build();
}

/** The sum of several rollups (the hour of the result is the first one's). */
export function mergeRollups(rollups: readonly HourRollup[], hour: Date = rollups[0]?.hour ?? new Date(0)): HourRollup {
  const builder = new RollupBuilder(hour);
  rollups.forEach((rollup) => builder.addRollup(rollup));
  return builder.build();
}

export function isEmptyRollup(rollup: HourRollup): boolean {
  return rollup.conversations === 0 && rollup.agents.length === 0 && rollup.tickets.length === 0;
}
