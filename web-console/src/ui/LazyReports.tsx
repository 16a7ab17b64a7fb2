import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ReportsPageProps } from '../reports/ReportsPage.tsx';
import { reportStrings } from '../reports/strings.ts';

let loading: Promise<FunctionComponent<ReportsPageProps>> | undefined;

/**
 * The Reports page and its chart library load only when opened: a separate chunk, so the console's initial
 * download (the size budget) does not carry them.
 */
export function LazyReports(props: ReportsPageProps) {
  const [Page, setPage] = useState<FunctionComponent<ReportsPageProps> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    loading ??= import('../reports/ReportsPage.tsx').then((module) => module.ReportsPage);
    let current = true;
    loading
      .then((component) => {
        if (current) setPage(() => component);
      })
      .catch((error: Error) => {
        loading = undefined;
        if (current) setFailed(error.message);
      });
    return () => {
      current = false;
    };
  }, []);
  if (failed !== null) {
    return (
      <p class="cc-error" role="alert">
        {reportStrings.errorLoading.replace('{message}', failed)}
      </p>
    );
  }
  if (Page === null) return <p class="cc-loading">{reportStrings.loadingCharts}</p>;
  return <Page {...props} />;
}
