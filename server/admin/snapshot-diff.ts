/** What changed between two versions of a record, field by field; list fields as added and removed lines. */
export type FieldChange =
  | { field: string; kind: 'list'; added: string[]; removed: string[] }
  | { field: string; kind: 'value'; from: unknown; to: unknown };

export interface SnapshotDiff {
  changes: FieldChange[];
}

export function diffSnapshots(before: object, after: object): SnapshotDiff {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = a[field];
    const to = b[field];
    if (Array.isArray(from) || Array.isArray(to)) {
      const left = (Array.isArray(from) ? from : []).map(String);
      const right = (Array.isArray(to) ? to : []).map(String);
      const leftSet = new Set(left);
      const rightSet = new Set(right);
      const added = right.filter((line) => !leftSet.has(line));
      const removed = left.filter((line) => !rightSet.has(line));
      if (added.length > 0 || removed.length > 0) changes.push({ field, kind: 'list', added, removed });
    } else if (JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)) {
      changes.push({ field, kind: 'value', from: from ?? null, to: to ?? null });
    }
  }
  return { changes };
}
