/**
 * React hooks over a live session: the current view (pushed over the WebSocket, fetched over HTTP
 * when the socket is down), the connection state, and `act` for a seat, which sends an action with
 * the step the seat saw (so a stale click is refused rather than applied to a changed table) and
 * adopts the view the server answers with.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, asApiError, type LiveState, sendAction, subscribeView } from './api.ts';
import type { Action, SeatView } from './types.ts';

/** A live view and its connection. */
export interface Live<V> {
  view: V | null;
  state: LiveState;
  error: ApiError | null;
  setError(e: ApiError | null): void;
  adopt(v: V): void;
}

/** Follows the view of a session for a token (seat or observer). */
export function useLiveView<V extends { step: number }>(sessionId: string, token: string | null): Live<V> {
  const [view, setView] = useState<V | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  const [error, setError] = useState<ApiError | null>(null);
  // Views can arrive out of order (HTTP answer vs WebSocket push); never go back in steps.
  const latest = useRef<V | null>(null);
  const adopt = useCallback((v: V) => {
    const cur = latest.current;
    if (cur && v.step < cur.step) return;
    latest.current = v;
    setView(v);
  }, []);
  useEffect(() => {
    if (!token) return;
    latest.current = null;
    return subscribeView<V>(sessionId, token, {
      onView: (v) => {
        setError(null);
        adopt(v);
      },
      onState: setState,
      onError: setError,
    });
  }, [sessionId, token, adopt]);
  return { view, state, error, setError, adopt };
}

/** A seat's live view plus `act`, which sends an action and resolves when the server has answered. */
export function useSeat(sessionId: string, token: string | null) {
  const live = useLiveView<SeatView>(sessionId, token);
  const [busy, setBusy] = useState(false);
  const { view, adopt, setError } = live;
  const act = useCallback(
    async (action: Action): Promise<boolean> => {
      if (!token || !view) return false;
      setBusy(true);
      try {
        adopt(await sendAction(sessionId, token, { ...action, expectStep: view.step }));
        setError(null);
        return true;
      } catch (e) {
        setError(asApiError(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [sessionId, token, view, adopt, setError],
  );
  return { ...live, act, busy };
}

/** Whether a session status means the talks are over. */
export function isOver(status: string): boolean {
  return status !== 'running' && status !== 'ratifying';
}
