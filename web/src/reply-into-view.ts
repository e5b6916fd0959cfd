/**
 * After a person sends an offer, the other side's reply is what they want to see next; on a phone
 * it lands in "On the table", a screen below the Send button. This hook remembers the step a move
 * was sent at and, once the view has moved past it with the other side's move (or the talks ended,
 * or went to the principals), scrolls that answer into view, unless it is on screen already.
 */
import { useEffect, useRef } from 'react';
import type { SeatView } from './types.ts';

/** Where the answer to a move shows, by the state the session is in. */
function answerSelector(view: SeatView): string {
  if (view.status === 'running') return '[data-testid=on-table], [data-testid=chair-text]';
  if (view.status === 'ratifying') return '[data-testid=ratification]';
  return '[data-testid=ended]';
}

/** Returns `sent`, to be called when the person sends a move. */
export function useReplyIntoView(view: SeatView): () => void {
  const sentAt = useRef<number | null>(null);
  const me = view.you.party.id;
  useEffect(() => {
    const from = sentAt.current;
    if (from === null) return;
    const answered =
      view.status !== 'running' || view.offers.some((o) => o.step > from && o.by !== me) || view.yourTurn;
    if (!answered || view.step <= from) return;
    sentAt.current = null;
    const target = document.querySelector(answerSelector(view));
    if (!target) return;
    const top = target.getBoundingClientRect().top;
    if (top >= 0 && top < window.innerHeight * 0.6) return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    target.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }, [view, me]);
  return () => {
    sentAt.current = view.step;
  };
}
