import type { EntityMap, RecordedEvent } from './entities.ts';
import { assertMatches, describe, MatchFailure } from './match.ts';
import type { ExpectedEvent, ExpectedEventsForClient } from './spec-files.ts';

function summarize(events: RecordedEvent[]): string {
  return events.map((event) => `${event.type}(${event.commandName})`).join(', ') || 'none';
}

function checkEvent(expected: ExpectedEvent, actual: RecordedEvent, entities: EntityMap, position: string) {
  const [type, fields] = Object.entries(expected)[0] ?? [];
  if (type === undefined || fields === undefined) throw new Error(`${position}: empty expected event`);
  if (type !== actual.type) {
    throw new MatchFailure(position, `expected ${type}, got ${actual.type}(${actual.commandName})`);
  }
  const { command, reply, ...names } = fields;
  // commandName and databaseName are compared as values; command and reply are root documents.
  assertMatches(names, actual, entities, { extraKeysAtRoot: true });
  if (command !== undefined) {
    if (actual.type !== 'commandStartedEvent')
      throw new MatchFailure(position, 'only started events carry a command');
    assertMatches(command, actual.command, entities);
  }
  if (reply !== undefined) {
    if (actual.type !== 'commandSucceededEvent')
      throw new MatchFailure(position, 'only succeeded events carry a reply');
    assertMatches(reply, actual.reply, entities);
  }
}

/** Compares the command monitoring events each client recorded during the operations with the expected list. */
export function checkExpectedEvents(expectations: ExpectedEventsForClient[], entities: EntityMap): void {
  for (const { client, eventType = 'command', events: expected, ignoreExtraEvents = false } of expectations) {
    if (eventType !== 'command') throw new Error(`the runner does not observe ${eventType} events`);
    const actual = entities.client(client).events;
    const countMatches = ignoreExtraEvents
      ? actual.length >= expected.length
      : actual.length === expected.length;
    if (!countMatches) {
      throw new MatchFailure(
        `events(${client})`,
        `expected ${expected.length} events, got ${actual.length}: ${summarize(actual)}`,
      );
    }
    expected.forEach((event, index) => {
      const position = `events(${client})[${index}]`;
      const recorded = actual[index] as RecordedEvent;
      try {
        checkEvent(event, recorded, entities, position);
      } catch (failure) {
        if (!(failure instanceof MatchFailure)) throw failure;
        const shown = recorded.type === 'commandStartedEvent' ? recorded.command : recorded;
        throw new MatchFailure(position, `${failure.message}; actual ${describe(shown)}`);
      }
    });
  }
}
