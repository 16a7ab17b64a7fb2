import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { SectionDefinition, SectionProps } from './sections.ts';

const loaded = new Map<string, Promise<FunctionComponent<SectionProps>>>();

/** Loads a page's chunk the first time it is opened, and shows it. */
export function LazySection(props: SectionProps & { section: SectionDefinition }) {
  const { section, ...pageProps } = props;
  const [Page, setPage] = useState<FunctionComponent<SectionProps> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    setPage(null);
    setFailed(null);
    let loading = loaded.get(section.id);
    if (loading === undefined) {
      loading = section.load();
      loaded.set(section.id, loading);
    }
    let current = true;
    loading
      .then((component) => {
        if (current) setPage(() => component);
      })
      .catch((error: Error) => {
        loaded.delete(section.id);
        if (current) setFailed(error.message);
      });
    return () => {
      current = false;
    };
  }, [section]);
  if (failed !== null) {
    return (
      <p class="cc-error" role="alert">
        {`The ${section.label} page could not be loaded: ${failed}`}
      </p>
    );
  }
  if (Page === null) return <p class="cc-loading">{`Loading ${section.label}…`}</p>;
  return <Page {...pageProps} />;
}
