import { createRandom, type Random } from './random.ts';

/**
 * SYNTHETIC support history for the demo and the report benchmark: invented conversations with a weekly and a
 * daily rhythm, bot answers, escalations, agent replies, ratings and tickets. Visitor ids start with
 * `synthetic-` and the agents are demo accounts; nothing here comes from a real shop. The same seed gives the
 * same history.
 */
export interface HistoryOptions {
  seed: number;
  now: Date;
  days: number;
  /** Mean conversations on a weekday; weekends are quieter. */
  perDay: number;
  contacts: number;
  agents: number;
  /** Relative chance of each contact to be the visitor (customers who buy more ask more); default equal. */
  contactWeights?: readonly number[];
}

export interface HistoryMessage {
  sender: 'visitor' | 'bot' | 'agent' | 'system';
  /** Index into the agents, for agent messages. */
  agent: number | null;
  text: string;
  at: Date;
  intent: { name: string; confidence: number } | null;
  sentiment: number | null;
}

export interface HistoryTicket {
  category: string;
  subject: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: 'open' | 'pending' | 'resolved' | 'closed';
  createdAt: Date;
  /** When an agent first acted on it (a note), and when it was resolved. */
  answeredAt: Date | null;
  resolvedAt: Date | null;
  agent: number;
}

export interface HistoryConversation {
  contact: number;
  visitorId: string;
  createdAt: Date;
  updatedAt: Date;
  status: 'bot' | 'agent' | 'resolved';
  agent: number | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  resolvedAt: Date | null;
  rating: number | null;
  messages: HistoryMessage[];
  ticket: HistoryTicket | null;
  /** Set by the writer when it stores more messages than generated (the benchmark). */
  lastSeq?: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/** ISO weekday 1..7 (Monday first). */
const WEEKDAY_FACTOR = [1.15, 1.1, 1.05, 1.0, 0.95, 0.6, 0.55];
/** Visits by hour of day (UTC): a late-morning and an evening peak. */
const HOUR_WEIGHT = [
  0.2, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.6, 2.2, 2.6, 2.7, 2.4, 2.2, 2.3, 2.4, 2.3, 2.1, 2.2, 2.6, 2.8,
  2.2, 1.2, 0.5,
];

interface Topic {
  intent: string;
  weight: number;
  say: string[];
  answer: string;
  ticket?: { category: string; subject: string };
}

const TOPICS: Topic[] = [
  {
    intent: 'order_status',
    weight: 24,
    say: [
      'Where is my order ORD-10042?',
      'Has my parcel shipped yet?',
      'Tracking says nothing, where is my package?',
    ],
    answer: 'Your order is on its way; here is the tracking link.',
  },
  {
    intent: 'product_info',
    weight: 12,
    say: ['Are the Aria headphones waterproof?', 'How long does the power bank take to charge?'],
    answer: 'Here are the details of that product.',
  },
  {
    intent: 'shipping_info',
    weight: 10,
    say: ['How long does delivery take?', 'Do you ship to Canada?'],
    answer: 'Standard delivery takes 3–5 working days.',
  },
  {
    intent: 'return_refund',
    weight: 10,
    say: ['I want to return my speaker', 'How do I get a refund for a broken mug?'],
    answer: "I've opened a return request for you.",
    ticket: { category: 'returns', subject: 'Return request' },
  },
  {
    intent: 'product_recommendation',
    weight: 8,
    say: ['Can you recommend a laptop stand?', 'What goes well with the yoga mat?'],
    answer: 'Customers who bought that also liked these.',
  },
  { intent: 'greeting', weight: 6, say: ['Hi there', 'Hello!'], answer: 'Hello! How can I help?' },
  {
    intent: 'payment_issue',
    weight: 5,
    say: ['My card was charged twice', 'The payment failed but money is gone'],
    answer: "I've passed this to our billing team.",
    ticket: { category: 'billing', subject: 'Payment problem' },
  },
  {
    intent: 'complaint',
    weight: 6,
    say: [
      'This is the third time my order is late, unacceptable',
      'The grinder broke after a week, very disappointed',
    ],
    answer: "I'm sorry. I've opened a ticket so a colleague follows up.",
    ticket: { category: 'complaint', subject: 'Customer complaint' },
  },
  {
    intent: 'human_agent',
    weight: 8,
    say: ['Can I talk to a person please?', 'I need a human'],
    answer: "I'm passing you to a member of our team.",
  },
  {
    intent: 'cancel_order',
    weight: 4,
    say: ['Please cancel my order', 'I ordered the wrong size, cancel it'],
    answer: 'Your order was cancelled.',
  },
  {
    intent: 'store_info',
    weight: 4,
    say: ['What are your opening hours?', 'Where is your shop?'],
    answer: 'We are open 9–18, Monday to Saturday.',
  },
  {
    intent: 'ticket_status',
    weight: 3,
    say: ['Any news on ticket T-1002?'],
    answer: 'Your ticket is being handled.',
  },
];
const TOTAL_WEIGHT = TOPICS.reduce((sum, t) => sum + t.weight, 0);
const UNCLEAR = ['asdf?', 'what about the thing from before', 'hmm', 'is it the blue one or'];
const AGENT_LINES = [
  'Hi, I am looking at this now.',
  'Thanks for waiting. I have checked your order.',
  'I have sorted this out for you.',
  'Is there anything else I can help with?',
];

function pickTopic(random: Random): Topic {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const topic of TOPICS) {
    roll -= topic.weight;
    if (roll <= 0) return topic;
  }
  return TOPICS[0]!;
}

/** A log-normal draw with the given median; `spread` is the sigma of the underlying normal. */
function logNormal(random: Random, median: number, spread: number): number {
  const u = Math.max(random.next(), 1e-12);
  const v = random.next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(spread * normal);
}

function poisson(random: Random, mean: number): number {
  // Normal approximation, enough for daily counts in the tens or more.
  const u = Math.max(random.next(), 1e-12);
  const v = random.next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
}

const cumulativeWeights = new WeakMap<readonly number[], number[]>();

function pickContact(random: Random, options: HistoryOptions): number {
  const weights = options.contactWeights;
  if (weights === undefined || weights.length !== options.contacts)
    return random.int(0, options.contacts - 1);
  let cumulative = cumulativeWeights.get(weights);
  if (cumulative === undefined) {
    let sum = 0;
    cumulative = weights.map((w) => (sum += Math.max(0, w)));
    cumulativeWeights.set(weights, cumulative);
  }
  const roll = random.next() * cumulative.at(-1)!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! <= roll) low = mid + 1;
    else high = mid;
  }
  return low;
}

function pickHour(random: Random): number {
  const total = HOUR_WEIGHT.reduce((a, b) => a + b, 0);
  let roll = random.next() * total;
  for (let hour = 0; hour < 24; hour += 1) {
    roll -= HOUR_WEIGHT[hour]!;
    if (roll <= 0) return hour;
  }
  return 23;
}

const confident = (random: Random) => 0.55 + random.next() * 0.43;

function conversation(
  random: Random,
  options: HistoryOptions,
  createdAt: Date,
  index: number,
): HistoryConversation {
  const topic = pickTopic(random);
  const messages: HistoryMessage[] = [];
  let t = createdAt.getTime();
  const visitor = (text: string, intent: string, confidence: number, sentiment: number) => {
    messages.push({
      sender: 'visitor',
      agent: null,
      text,
      at: new Date(t),
      intent: { name: intent, confidence },
      sentiment,
    });
    t += 1000 + random.int(0, 2000);
  };
  const bot = (text: string) => {
    messages.push({ sender: 'bot', agent: null, text, at: new Date(t), intent: null, sentiment: null });
    t += 20_000 + random.int(0, 90_000);
  };

  // A visitor the bot does not understand at first, sometimes several times in a row.
  let misunderstood = 0;
  while (misunderstood < 3 && random.chance(misunderstood === 0 ? 0.12 : 0.45)) {
    const outOfScope = random.chance(0.6);
    visitor(
      random.pick(UNCLEAR),
      outOfScope ? 'out_of_scope' : topic.intent,
      outOfScope ? 0.1 + random.next() * 0.4 : 0.1 + random.next() * 0.19,
      0,
    );
    bot("Sorry, I didn't get that. Could you say it another way?");
    misunderstood += 1;
  }
  const negative = topic.intent === 'complaint' ? -0.4 - random.next() * 0.5 : random.next() * 0.6 - 0.2;
  visitor(random.pick(topic.say), topic.intent, confident(random), negative);

  let reason: string | null = null;
  if (topic.intent === 'human_agent') reason = 'requested_human';
  else if (misunderstood >= 3) reason = 'not_understood';
  else if (topic.intent === 'complaint' && random.chance(0.45))
    reason = random.chance(0.4) ? 'high_value_complaint' : 'negative_sentiment';
  else if (random.chance(0.04)) reason = 'requested_human';

  let ticket: HistoryTicket | null = null;
  const agent = random.int(0, options.agents - 1);
  const makeTicket = (
    category: string,
    subject: string,
    priority: HistoryTicket['priority'],
  ): HistoryTicket => {
    // Most tickets get a first answer well inside their SLA; some wait too long.
    const slaHours = { urgent: 4, high: 8, normal: 24, low: 72 }[priority];
    const answerHours = random.chance(0.85) ? random.next() * slaHours * 0.8 : slaHours * (1 + random.next());
    const answeredAt = new Date(t + answerHours * 3600_000);
    const resolvedAt = new Date(answeredAt.getTime() + logNormal(random, 6 * 3600_000, 0.8));
    const open = resolvedAt.getTime() > options.now.getTime();
    return {
      category,
      subject,
      priority,
      status: open
        ? answeredAt.getTime() > options.now.getTime()
          ? 'open'
          : 'pending'
        : random.chance(0.3)
          ? 'closed'
          : 'resolved',
      createdAt: new Date(t),
      answeredAt: answeredAt.getTime() > options.now.getTime() ? null : answeredAt,
      resolvedAt: open ? null : resolvedAt,
      agent,
    };
  };

  if (topic.ticket && reason === null)
    ticket = makeTicket(topic.ticket.category, topic.ticket.subject, 'normal');
  if (reason === null) {
    bot(topic.answer);
    if (random.chance(0.35)) {
      visitor('Thanks!', 'thanks', confident(random), 0.6);
      bot("You're welcome!");
    }
    return done('bot', null, null, null, null, null);
  }

  bot(
    topic.answer.startsWith("I'm passing")
      ? topic.answer
      : `${topic.answer} I'm passing you to a member of our team.`,
  );
  const escalatedAt = new Date(t - 10_000);
  const hour = createdAt.getUTCHours();
  // Nobody is online at night: the request becomes a ticket for the morning.
  if (hour < 7 || hour >= 22) {
    ticket = makeTicket(
      'follow_up',
      `Visitor asked for help (${reason.replace(/_/g, ' ')})`,
      reason === 'high_value_complaint' ? 'urgent' : 'high',
    );
    return done('bot', null, escalatedAt, reason, null, null);
  }
  // Peaks make people wait longer; agents differ in speed.
  const busy = HOUR_WEIGHT[hour]! / 2.8;
  t = escalatedAt.getTime() + logNormal(random, (40 + 140 * busy) * 1000 * (1 + agent * 0.15), 0.7);
  messages.push({
    sender: 'system',
    agent: null,
    text: 'An agent joined the conversation.',
    at: new Date(t - 5000),
    intent: null,
    sentiment: null,
  });
  const firstReply = t;
  const turns = random.int(1, 4);
  for (let i = 0; i < turns; i += 1) {
    messages.push({
      sender: 'agent',
      agent,
      text: AGENT_LINES[Math.min(i, AGENT_LINES.length - 1)]!,
      at: new Date(t),
      intent: null,
      sentiment: null,
    });
    t += 30_000 + random.int(0, 120_000);
    if (i < turns - 1)
      visitor(
        random.pick(['OK', 'Thank you', 'It is order 10042', 'Yes please']),
        'thanks',
        confident(random),
        0.2,
      );
  }
  const handled = Math.max(t - firstReply, logNormal(random, 7 * MINUTE, 0.6));
  const resolvedAt = new Date(firstReply + handled);
  if (resolvedAt.getTime() > options.now.getTime())
    return done('agent', agent, escalatedAt, reason, null, null);
  messages.push({
    sender: 'system',
    agent: null,
    text: 'This conversation was marked as resolved.',
    at: resolvedAt,
    intent: null,
    sentiment: null,
  });
  if (topic.ticket)
    ticket = makeTicket(
      topic.ticket.category,
      topic.ticket.subject,
      reason === 'high_value_complaint' ? 'urgent' : 'high',
    );
  // Faster answers get better ratings; about half the visitors rate.
  const wait = (firstReply - escalatedAt.getTime()) / 1000;
  let rating: number | null = null;
  if (random.chance(0.55)) {
    const base = wait < 60 ? 4.6 : wait < 180 ? 4.1 : wait < 600 ? 3.4 : 2.5;
    rating = Math.min(5, Math.max(1, Math.round(base + (random.next() - 0.5) * 2.2)));
  }
  return done('resolved', agent, escalatedAt, reason, resolvedAt, rating);

  function done(
    status: HistoryConversation['status'],
    assigned: number | null,
    escalated: Date | null,
    why: string | null,
    resolved: Date | null,
    score: number | null,
  ): HistoryConversation {
    const last = messages.at(-1)!.at;
    return {
      contact: pickContact(random, options),
      visitorId: `synthetic-${index + 1}`,
      createdAt,
      updatedAt: resolved ?? last,
      status,
      agent: assigned,
      escalatedAt: escalated,
      escalationReason: why,
      resolvedAt: resolved,
      rating: score,
      messages,
      ticket,
    };
  }
}

/**
 * Conversations of the `days` before `now`, oldest first, generated one day at a time so the benchmark can
 * stream a large history into the database without holding it all.
 */
export function* generateConversationHistory(options: HistoryOptions): Generator<HistoryConversation[]> {
  const random = createRandom(options.seed);
  const firstDay = Math.floor(options.now.getTime() / DAY) - options.days;
  let index = 0;
  for (let day = firstDay; day < firstDay + options.days; day += 1) {
    const weekday = ((new Date(day * DAY).getUTCDay() + 6) % 7) + 1;
    // A slowly growing shop: +20% over the period.
    const trend = 1 + (0.2 * (day - firstDay)) / options.days;
    const count = poisson(random, options.perDay * WEEKDAY_FACTOR[weekday - 1]! * trend);
    const starts: number[] = [];
    for (let i = 0; i < count; i += 1) {
      starts.push(day * DAY + pickHour(random) * 3600_000 + random.int(0, 3599) * 1000);
    }
    starts.sort((a, b) => a - b);
    const batch: HistoryConversation[] = [];
    for (const start of starts) {
      if (start > options.now.getTime() - 10 * MINUTE) continue;
      batch.push(conversation(random, options, new Date(start), index));
      index += 1;
    }
    yield batch;
  }
}
