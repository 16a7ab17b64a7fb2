/** Every socket of one agent (on every node): assignment notices, their own state. */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}

/** Agents watching a conversation (its owner, and whoever opened it): messages, notes, the visitor's typing. */
export function watchRoom(conversationId: string): string {
  return `watch:${conversationId}`;
}
