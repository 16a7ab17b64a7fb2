/**
 * Erlang C (M/M/N queue): the probability that a contact waits, the service level and the agents needed.
 * Hand-written (no maintained JavaScript package offers it) and checked against published worked examples.
 * The probability is computed through the Erlang B recursion, which stays stable for hundreds of agents where
 * the factorial form overflows.
 */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k += 1) b = (traffic * b) / (k + traffic * b);
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Share of contacts answered within `targetSeconds`. */
export function serviceLevel(
  agents: number,
  traffic: number,
  handleSeconds: number,
  targetSeconds: number,
): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - erlangC(agents, traffic) * Math.exp((-(agents - traffic) * targetSeconds) / handleSeconds);
}

/** Average speed of answer, in seconds. */
export function averageSpeedOfAnswer(agents: number, traffic: number, handleSeconds: number): number {
  if (agents <= traffic) return Number.POSITIVE_INFINITY;
  return (erlangC(agents, traffic) * handleSeconds) / (agents - traffic);
}

export interface StaffingTarget {
  /** e.g. 0.8 for 80% answered within the target time. */
  serviceLevel: number;
  targetSeconds: number;
}

/** The fewest agents that meet the target for `contactsPerHour` contacts of `handleSeconds` each. */
export function agentsNeeded(contactsPerHour: number, handleSeconds: number, target: StaffingTarget): number {
  const traffic = (contactsPerHour * handleSeconds) / 3600;
  if (traffic <= 0) return 0;
  let agents = Math.max(1, Math.floor(traffic) + 1);
  while (serviceLevel(agents, traffic, handleSeconds, target.targetSeconds) < target.serviceLevel)
    agents += 1;
  return agents;
}
