import { useState } from 'preact/hooks';
import { format } from '../strings.ts';
import { changeOwnPassword, createUser } from './api.ts';
import { teamStrings as t } from './strings.ts';

interface FormProps {
  act(change: () => Promise<string>): Promise<boolean>;
}

/** A new agent or admin, with a first password the server checks as `npm run user:create` does. */
export function NewPersonForm({ act }: FormProps) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('agent');
  const [capacity, setCapacity] = useState('5');
  const [password, setPassword] = useState('');

  const submit = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      await createUser({ name, email, role, capacity: Number(capacity), password });
      return format(t.created, { name });
    }).then((ok) => {
      if (!ok) return;
      setName('');
      setEmail('');
      setPassword('');
    });
  };

  return (
    <form class="cc-team-form" aria-labelledby="cc-team-new" onSubmit={submit}>
      <h3 id="cc-team-new">{t.addPerson}</h3>
      <label class="cc-field">
        {t.name}
        <input required value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label class="cc-field">
        {t.email}
        <input
          type="email"
          required
          autoComplete="off"
          value={email}
          onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label class="cc-field">
        {t.role}
        <select value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
          <option value="agent">{t.roles['agent']}</option>
          <option value="admin">{t.roles['admin']}</option>
        </select>
      </label>
      <label class="cc-field">
        {t.capacity}
        <input
          type="number"
          min={0}
          max={100}
          value={capacity}
          onInput={(e) => setCapacity((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label class="cc-field">
        {t.password}
        <input
          type="password"
          required
          autoComplete="new-password"
          aria-describedby="cc-team-password-hint"
          value={password}
          onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <p id="cc-team-password-hint" class="cc-muted">
        {t.passwordHint}
      </p>
      <button type="submit" class="cc-button cc-primary">
        {t.create}
      </button>
    </form>
  );
}

/** Every signed-in user changes their own password here, with the current one. */
export function OwnPasswordForm({ act }: FormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  const submit = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      await changeOwnPassword(current, next);
      return t.passwordChanged;
    }).then((ok) => {
      if (!ok) return;
      setCurrent('');
      setNext('');
    });
  };

  return (
    <form class="cc-team-form" aria-labelledby="cc-team-own" onSubmit={submit}>
      <h3 id="cc-team-own">{t.yourPassword}</h3>
      <label class="cc-field">
        {t.currentPassword}
        <input
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onInput={(e) => setCurrent((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label class="cc-field">
        {t.newPassword}
        <input
          type="password"
          required
          autoComplete="new-password"
          value={next}
          onInput={(e) => setNext((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" class="cc-button cc-primary">
        {t.changePassword}
      </button>
    </form>
  );
}
