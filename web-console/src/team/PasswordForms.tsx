import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useState } from 'preact/hooks';
import { format } from '../strings.ts';
import { changeOwnPassword, createUser } from './api.ts';
import { teamStrings as t } from './strings.ts';

interface FormProps {
  act(change: () => Promise<string>): Promise<boolean>;
}

interface TeamFormProps extends FormProps {
  /** The heading's id, which names the form. */
  id: string;
  title: string;
  submitLabel: string;
  /** The change the form asks for, run through `act` (which says how it went). */
  change(): Promise<string>;
  /** Clears what should not stay once the change is made (the passwords, above all). */
  reset(): void;
  children: ComponentChildren;
}

/** One form of the page: a heading, its fields, and a submit that clears the form once the change is made. */
function TeamForm({ id, title, submitLabel, act, change, reset, children }: TeamFormProps) {
  const submit = (event: Event) => {
    event.preventDefault();
    void act(change).then((ok) => {
      if (ok) reset();
    });
  };
  return (
    <form class="cc-team-form" aria-labelledby={id} onSubmit={submit}>
      <h3 id={id}>{title}</h3>
      {children}
      <button type="submit" class="cc-button cc-primary">
        {submitLabel}
      </button>
    </form>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  value: string;
  onValue(value: string): void;
};

/** A labelled input bound to one piece of the form's state. */
function Field({ label, value, onValue, ...input }: FieldProps) {
  return (
    <label class="cc-field">
      {label}
      <input {...input} value={value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
    </label>
  );
}

/** A new agent or admin, with a first password the server checks as `npm run user:create` does. */
export function NewPersonForm({ act }: FormProps) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('agent');
  const [capacity, setCapacity] = useState('5');
  const [password, setPassword] = useState('');

  return (
    <TeamForm
      id="cc-team-new"
      title={t.addPerson}
      submitLabel={t.create}
      act={act}
      change={async () => {
        await createUser({ name, email, role, capacity: Number(capacity), password });
        return format(t.created, { name });
      }}
      reset={() => {
        setName('');
        setEmail('');
        setPassword('');
      }}
    >
      <Field label={t.name} required value={name} onValue={setName} />
      <Field label={t.email} type="email" required autoComplete="off" value={email} onValue={setEmail} />
      <label class="cc-field">
        {t.role}
        <select value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}>
          <option value="agent">{t.roles['agent']}</option>
          <option value="admin">{t.roles['admin']}</option>
        </select>
      </label>
      <Field label={t.capacity} type="number" min={0} max={100} value={capacity} onValue={setCapacity} />
      <Field
        label={t.password}
        type="password"
        required
        autoComplete="new-password"
        aria-describedby="cc-team-password-hint"
        value={password}
        onValue={setPassword}
      />
      <p id="cc-team-password-hint" class="cc-muted">
        {t.passwordHint}
      </p>
    </TeamForm>
  );
}

/** Every signed-in user changes their own password here, with the current one. */
export function OwnPasswordForm({ act }: FormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  return (
    <TeamForm
      id="cc-team-own"
      title={t.yourPassword}
      submitLabel={t.changePassword}
      act={act}
      change={async () => {
        await changeOwnPassword(current, next);
        return t.passwordChanged;
      }}
      reset={() => {
        setCurrent('');
        setNext('');
      }}
    >
      <Field
        label={t.currentPassword}
        type="password"
        required
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <Field
        label={t.newPassword}
        type="password"
        required
        autoComplete="new-password"
        value={next}
        onValue={setNext}
      />
    </TeamForm>
  );
}
