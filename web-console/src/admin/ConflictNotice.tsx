import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { format as fill } from '../strings.ts';
import { adminStrings as t } from './strings.ts';

/**
 * A save refused because someone else saved first (409). The admin's text stays in the form; they can look at
 * the other version, take it, or save theirs on top of it (a new version: nothing is lost either way).
 */
export function ConflictNotice<T extends { version: number }>(props: {
  yours: number;
  current: number;
  load(): Promise<T>;
  render(theirs: T): ComponentChildren;
  onUseTheirs(theirs: T): void;
  onKeepMine(theirs: T): void;
}) {
  const [theirs, setTheirs] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = async () => {
    try {
      setTheirs(await props.load());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section class="cc-conflict" role="alert" aria-labelledby="cc-conflict-title">
      <h3 id="cc-conflict-title">{t.conflict.title}</h3>
      <p>{fill(t.conflict.body, { current: props.current, yours: props.yours })}</p>
      {theirs === null ? (
        <button type="button" class="cc-button" onClick={() => void show()}>
          {t.conflict.load}
        </button>
      ) : (
        <>
          <h4>{fill(t.conflict.theirs, { version: theirs.version })}</h4>
          <div class="cc-conflict-theirs">{props.render(theirs)}</div>
          <div class="cc-actions">
            <button type="button" class="cc-button" onClick={() => props.onUseTheirs(theirs)}>
              {t.conflict.useTheirs}
            </button>
            <button type="button" class="cc-button cc-primary" onClick={() => props.onKeepMine(theirs)}>
              {t.conflict.keepMine}
            </button>
          </div>
        </>
      )}
      {error !== null && <p class="cc-error">{error}</p>}
    </section>
  );
}
