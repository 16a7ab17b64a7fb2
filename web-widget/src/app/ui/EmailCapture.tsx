import { useState } from 'preact/hooks';
import { useEnvironment } from './context.ts';

// Deliberately loose (the server's NLP reads the address); it only catches what is obviously not an email.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Shown when the bot asks for an email: a labelled email field whose value is sent as the answer. */
export function EmailCapture() {
  const { strings, client, composer } = useEnvironment();
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const value = email.trim();
    if (!EMAIL.test(value)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    client.send(value);
    setEmail('');
    // The field goes away once answered.
    composer.current?.focus();
  };
  return (
    <form class="cc-email" onSubmit={submit} noValidate>
      <label class="cc-label" for="cc-email-input">
        {strings.emailPrompt}
      </label>
      <div class="cc-row">
        <input
          id="cc-email-input"
          class="cc-input"
          type="email"
          autocomplete="email"
          inputMode="email"
          value={email}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'cc-email-error' : undefined}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <button type="submit" class="cc-button">
          {strings.emailSend}
        </button>
      </div>
      {invalid && (
        <p class="cc-field-error" id="cc-email-error">
          {strings.emailInvalid}
        </p>
      )}
    </form>
  );
}
