import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, signIn, type Session } from '../api/http.ts';
import { strings } from '../strings.ts';

export function SignIn(props: { initialError: string | null; onSignedIn(session: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(props.initialError);
  const emailRef = useRef<HTMLInputElement>(null);
  useEffect(() => emailRef.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(email, password));
    } catch (failure) {
      const code = failure instanceof ApiError ? failure.code : 'NETWORK';
      setError(strings.errors[code] ?? (failure instanceof Error ? failure.message : String(failure)));
      setBusy(false);
    }
  };

  return (
    <main class="cc-signin">
      <form class="cc-signin-form" onSubmit={submit} aria-labelledby="cc-signin-title">
        <h1 id="cc-signin-title">{strings.signInTitle}</h1>
        <label class="cc-field">
          <span>{strings.email}</span>
          <input
            ref={emailRef}
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="cc-field">
          <span>{strings.password}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error !== null && (
          <p class="cc-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="cc-button cc-primary" disabled={busy}>
          {busy ? strings.signingIn : strings.signIn}
        </button>
      </form>
    </main>
  );
}
