/**
 * The one way a negotiator keeps anything between turns: a cache of the public transcript. A
 * `TranscriptFold` folds in the events it has not seen yet, in order, and starts again from scratch
 * (`reset`) when the transcript is not the one it saw (shorter, or a different event where its last
 * one was), so it never holds state that `ctx.history` does not determine, and a negotiator rebuilt
 * from a saved session computes exactly what the uninterrupted one did. The transcript view of BOA
 * negotiators, the opponent models and the ANAC agents' own bookkeeping are folds.
 */
import type { SessionEvent } from '../protocols/types.ts';

/**
 * A cache of the transcript, brought up to date by `update(history)`.
 *
 * @example
 * class OfferCount extends TranscriptFold {
 *   count = 0;
 *   protected reset() { this.count = 0; }
 *   protected fold(e: SessionEvent) { if (e.type === 'offer') this.count++; }
 * }
 */
export abstract class TranscriptFold {
  private seen = 0;
  private last: SessionEvent | undefined;

  /** Folds in the events not seen yet (idempotent; starts again when the transcript changed). */
  update(history: readonly SessionEvent[]): void {
    const stale =
      history.length < this.seen || (this.seen > 0 && !sameEvent(history[this.seen - 1], this.last));
    if (stale) {
      this.reset();
      this.seen = 0;
    }
    for (; this.seen < history.length; this.seen++) {
      const e = history[this.seen] as SessionEvent;
      this.fold(e);
      this.last = e;
    }
  }

  /** Forgets everything folded so far. */
  protected abstract reset(): void;
  /** Folds in one event (events arrive in transcript order). */
  protected abstract fold(event: SessionEvent): void;
}

/** Same event, by identity or by content (a resumed transcript holds equal events that are different objects). */
function sameEvent(a: SessionEvent | undefined, b: SessionEvent | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.step === b.step && a.type === b.type && JSON.stringify(a) === JSON.stringify(b);
}
