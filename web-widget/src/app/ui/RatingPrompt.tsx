import { useState } from 'preact/hooks';
import { format } from '../../i18n/index.ts';
import { errorText } from '../errors.ts';
import type { RatingState } from '../store/state.ts';
import { useEnvironment } from './context.ts';
import { StarIcon } from './icons.tsx';

const STARS = [1, 2, 3, 4, 5] as const;

/** Shown once the conversation is resolved: 1–5 stars and an optional comment, sent together. */
export function RatingPrompt({ rating, maxLength }: { rating: RatingState; maxLength: number }) {
  const { strings, client, composer } = useEnvironment();
  const [selected, setSelected] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [editing, setEditing] = useState(false);

  if (rating.value !== null && !rating.sending && !editing) {
    return (
      <div class="cc-rating cc-rating-done">
        <p class="cc-rating-thanks">
          <span class="cc-stars-static" aria-hidden="true">
            {STARS.map((n) => (
              <StarIcon key={n} filled={n <= rating.value!} />
            ))}
          </span>
          {strings.rateThanks}
        </p>
        <button
          type="button"
          class="cc-link-button"
          onClick={() => {
            setSelected(rating.value);
            setEditing(true);
          }}
        >
          {strings.rateChange}
        </button>
      </div>
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    if (selected === null || rating.sending) return;
    client.rate(selected, comment);
    setEditing(false);
    composer.current?.focus();
  };
  const starName = (n: number) =>
    n === 1 ? strings.rateStarOne : format(strings.rateStarMany, { count: n });
  return (
    <form class="cc-rating" onSubmit={submit}>
      <p class="cc-rating-title" id="cc-rating-title">
        {strings.rateGroup}
      </p>
      <div class="cc-stars" role="group" aria-labelledby="cc-rating-title">
        {STARS.map((n) => (
          <button
            type="button"
            key={n}
            class="cc-star"
            aria-label={starName(n)}
            aria-pressed={selected === n}
            onClick={() => setSelected(n)}
          >
            <StarIcon filled={selected !== null && n <= selected} />
          </button>
        ))}
      </div>
      <label class="cc-label" for="cc-rating-comment">
        {strings.rateComment}
      </label>
      <textarea
        id="cc-rating-comment"
        class="cc-input cc-rating-comment"
        rows={2}
        maxLength={2000}
        value={comment}
        onInput={(event) => setComment(event.currentTarget.value)}
      />
      <button type="submit" class="cc-button" disabled={selected === null || rating.sending}>
        {strings.rateSend}
      </button>
      {rating.error && (
        <p class="cc-field-error" role="alert">
          {rating.error.code === 'CONFLICT'
            ? errorText(rating.error, strings, maxLength)
            : strings.errorRating}
        </p>
      )}
    </form>
  );
}
