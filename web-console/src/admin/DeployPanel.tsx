import { useEffect, useId, useState } from 'preact/hooks';
import type { GateView } from '../../../server/contracts/admin.ts';
import { ApiError } from '../api/http.ts';
import { format as fill } from '../strings.ts';
import { modelsApi, type ModelVersionWithReport } from './api.ts';
import { ErrorNotice, score } from './common.tsx';
import { adminStrings as t } from './strings.ts';

/**
 * Deploy with the gate: the server refuses a candidate whose macro-F1 is more than the margin below the
 * deployed model's (409 DEPLOY_GATE_REFUSED); the refusal is explained here, and an admin may deploy anyway
 * with a written reason (audited).
 */
export function DeployPanel(props: { version: ModelVersionWithReport; onDeployed(message: string): void }) {
  const { version } = props;
  const id = useId();
  const [gate, setGate] = useState<GateView | null>(null);
  const [refused, setRefused] = useState<GateView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setRefused(null);
    setReason('');
    setError(null);
    modelsApi.gate(version.id).then(setGate, () => setGate(null));
  }, [version.id, version.deployed]);

  const deploy = async (overrideReason?: string) => {
    setBusy(true);
    setError(null);
    try {
      await modelsApi.deploy(version.id, overrideReason);
      setRefused(null);
      props.onDeployed(fill(t.deploy.deployed, { number: version.number }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DEPLOY_GATE_REFUSED') {
        setRefused({ ...(e.details as unknown as GateView), passed: false });
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (version.deployed) return <p class="cc-notice cc-notice-info">{t.deploy.isDeployed}</p>;
  return (
    <section class="cc-deploy" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="cc-visually-hidden">
        {t.deploy.deploy}
      </h3>
      {gate !== null && refused === null && (
        <p class="cc-muted">
          {gate.deployedMacroF1 === null
            ? t.deploy.gateFirst
            : `${fill(t.deploy.gatePasses, {
                candidate: score(gate.candidateMacroF1),
                deployed: score(gate.deployedMacroF1),
                margin: gate.margin,
              })} ${t.deploy.basis[gate.basis] ?? ''}`}
        </p>
      )}
      {refused === null ? (
        <button type="button" class="cc-button cc-primary" disabled={busy} onClick={() => void deploy()}>
          {busy ? t.deploy.deploying : t.deploy.deploy}
        </button>
      ) : (
        <form
          class="cc-override"
          onSubmit={(event) => {
            event.preventDefault();
            void deploy(reason);
          }}
        >
          <p class="cc-error" role="alert">
            {fill(t.deploy.refused, {
              number: version.number,
              candidate: score(refused.candidateMacroF1),
              deployed: score(refused.deployedMacroF1),
              margin: refused.margin,
            })}{' '}
            {t.deploy.basis[refused.basis] ?? ''}
          </p>
          <label class="cc-field">
            <span>{t.deploy.overrideReason}</span>
            <textarea
              rows={2}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
              aria-describedby={`${id}-reason-hint`}
              minLength={10}
              required
            />
            <small id={`${id}-reason-hint`} class="cc-muted">
              {t.deploy.overrideHint}
            </small>
          </label>
          <button type="submit" class="cc-button cc-danger" disabled={busy || reason.trim().length < 10}>
            {t.deploy.override}
          </button>
        </form>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}
