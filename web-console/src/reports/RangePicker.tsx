import { useEffect, useState } from 'preact/hooks';
import { daysBefore } from './format.ts';
import type { RangeChoice } from './query.ts';
import { reportStrings as t } from './strings.ts';

const PRESETS = [7, 28, 90];

/** From/to days (inclusive) and the usual presets ending today; the server checks the range. */
export function RangePicker(props: { value: RangeChoice; today: string; onChange(range: RangeChoice): void }) {
  const [from, setFrom] = useState(props.value.from);
  const [to, setTo] = useState(props.value.to);
  useEffect(() => {
    setFrom(props.value.from);
    setTo(props.value.to);
  }, [props.value]);
  return (
    <form
      class="cc-range"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ from, to });
      }}
    >
      <fieldset>
        <legend>{t.range.legend}</legend>
        <label class="cc-inline-field">
          <span>{t.range.from}</span>
          <input type="date" value={from} max={to || undefined} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="cc-inline-field">
          <span>{t.range.to}</span>
          <input type="date" value={to} min={from || undefined} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="cc-button cc-primary">
          {t.range.apply}
        </button>
        {PRESETS.map((days) => (
          <button
            type="button"
            class="cc-button cc-small"
            key={days}
            onClick={() => props.onChange({ from: daysBefore(props.today, days - 1), to: props.today })}
          >
            {t.range.presets[days]}
          </button>
        ))}
      </fieldset>
    </form>
  );
}
