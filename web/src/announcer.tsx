/**
 * The table's live region: a visually hidden `role="status"` that says what just happened (see
 * `announcement` in a11y.ts), so that a screen reader hears the other side's offer and the end of
 * the talks, and never the per-second clock.
 */
import { useEffect, useRef, useState } from 'react';
import { announcement } from './a11y.ts';
import type { SeatView } from './types.ts';

export function Announcer({ view }: { view: SeatView }): React.JSX.Element {
  const before = useRef<SeatView | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const said = announcement(before.current, view);
    before.current = view;
    if (said) setText(said);
  }, [view]);
  return (
    <div className="sr-only" role="status" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
