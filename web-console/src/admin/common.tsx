import type { DataProblemView } from '../../../server/contracts/admin.ts';
import { ApiError } from '../api/http.ts';
import { format as fill } from '../strings.ts';
import { adminStrings as t } from './strings.ts';

/** 0.8478 → "84.8%". */
export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;

/** Scores shown as the gate compares them: three decimals. */
export const score = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : value.toFixed(3);

export const dateTime = (iso: string) => new Date(iso).toLocaleString();

/** The problems of a 400 VALIDATION_FAILED (each names its file and, on import, its line). */
export function problemsOf(error: unknown): DataProblemView[] {
  if (!(error instanceof ApiError)) return [];
  const problems = (error.details as { problems?: DataProblemView[] } | undefined)?.problems;
  if (Array.isArray(problems)) return problems;
  const issues = (error.details as { issues?: { field: string; message: string }[] } | undefined)?.issues;
  return Array.isArray(issues) ? issues.map((i) => ({ file: i.field, message: i.message })) : [];
}

/** A refused request: the server's message, and each validation problem on its own line. */
export function ErrorNotice({ error }: { error: unknown }) {
  const problems = problemsOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="cc-error cc-admin-error" role="alert">
      {problems.length === 0 ? (
        <p>{fill(t.error, { message })}</p>
      ) : (
        <>
          <p>{t.problems}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.line === undefined
                  ? problem.message
                  : `${problem.file}:${problem.line}: ${problem.message}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
