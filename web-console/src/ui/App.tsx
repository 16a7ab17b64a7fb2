import { useEffect, useState } from 'preact/hooks';
import { currentSession, signOut, type Session } from '../api/http.ts';
import { strings } from '../strings.ts';
import { Console } from './Console.tsx';
import { SignIn } from './SignIn.tsx';

/** Asks the server who is signed in (the cookie is unreadable here), then shows the console or the sign-in. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    currentSession()
      .then(setSession)
      .catch(() => {
        setError(strings.errors.NETWORK!);
        setSession(null);
      });
  }, []);

  if (session === undefined) return <p class="cc-loading">{strings.appName}…</p>;
  if (session === null) {
    return <SignIn initialError={error} onSignedIn={setSession} />;
  }
  return (
    <Console
      session={session}
      onSignOut={async () => {
        await signOut().catch(() => {});
        setSession(null);
      }}
      onSessionEnded={() => setSession(null)}
    />
  );
}
