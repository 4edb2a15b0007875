import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { adminApi } from '../api/admin-api';
import type { ResetPlan } from '../api/types';
import { formatNumber } from '../ui/format';
import { Problem } from '../ui/problem';

function PlanView({ plan }: { plan: ResetPlan }) {
  return (
    <div className={plan.confirmed ? 'notice notice--ok' : 'notice notice--warn'} role={plan.confirmed ? 'status' : 'alert'}>
      <h3>{plan.confirmed ? `Reset to ${plan.to} done` : `Dry run: nothing has changed yet`}</h3>
      <ul>
        <li>{formatNumber(plan.reapplied)} events delivered again</li>
        <li>{formatNumber(plan.skipped)} events skipped</li>
        <li>{formatNumber(plan.deadLettersCleared)} dead letters cleared</li>
        {plan.from.map((p) => (
          <li key={p.partition}>
            partition {p.partition}: from position <code>{p.position}</code> to <code>{plan.to}</code>
          </li>
        ))}
      </ul>
      {plan.effects.length > 0 && (
        <>
          <h4>Effects</h4>
          <ul>
            {plan.effects.map((effect) => (
              <li key={effect}>{effect}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Reset moves the checkpoint: always a dry run first, then an explicit confirmation of that plan. */
export function ResetPanel({ name }: { name: string }) {
  const id = useId();
  const client = useQueryClient();
  const [to, setTo] = useState('0');
  const [understood, setUnderstood] = useState(false);
  const [plan, setPlan] = useState<ResetPlan | null>(null);
  const reset = useMutation({
    mutationFn: (confirm: boolean) => adminApi.reset(name, to, confirm),
    onSuccess: (answer) => {
      setPlan(answer);
      setUnderstood(false);
      if (answer.confirmed) void client.invalidateQueries({ queryKey: ['subscriptions'] });
    },
  });
  const preview = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate(false);
  };
  const planned = plan && !plan.confirmed && plan.to === to ? plan : null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Reset</h2>
      <form onSubmit={preview} className="inline-form">
        <label htmlFor={`${id}-to`}>Reset to position</label>
        <input id={`${id}-to`} inputMode="numeric" pattern="\d+" required value={to} onChange={(e) => {
            setTo(e.target.value);
            setPlan(null);
          }} />
        <button type="submit" disabled={reset.isPending}>
          Preview reset
        </button>
      </form>
      <Problem error={reset.error} what="Reset" />
      {plan && <PlanView plan={plan} />}
      {planned && (
        <div className="confirm">
          <input id={`${id}-ok`} type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          <label htmlFor={`${id}-ok`}>I have read the effects above and want to reset {name} to {to}</label>
          <button type="button" className="danger" disabled={!understood || reset.isPending} onClick={() => reset.mutate(true)}>
            Reset {name}
          </button>
        </div>
      )}
    </section>
  );
}
