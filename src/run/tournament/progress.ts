/**
 * The live progress of a tournament: a pure `renderProgress` that turns a snapshot (matches
 * done and total, errors, elapsed time, running leaders) into the text of one frame, and a
 * reporter that shows frames with log-update on a terminal or prints a plain line every few
 * seconds otherwise (logs, CI). Colour only on a colour terminal and never under NO_COLOR.
 * log-update is loaded only for a terminal, and in the background: it takes longer to load than
 * a small tournament takes to run.
 */
import { createColors } from 'picocolors';

/** What one frame shows. */
export interface ProgressSnapshot {
  readonly title: string;
  readonly done: number;
  readonly total: number;
  /** Matches done by this run (not counting those found in the database on resume). */
  readonly doneThisRun: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly workers: number;
  /** Running leaders by mean utility, best first. */
  readonly leaders: readonly { readonly name: string; readonly mean: number; readonly sessions: number }[];
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * One progress frame as text. Rate and ETA come from this run's matches only, so a resumed
 * tournament does not claim the speed of the matches it skipped.
 *
 * @example
 * renderProgress({ title: 'quick', done: 5, total: 10, doneThisRun: 5, errors: 0, elapsedMs: 1000, workers: 2, leaders: [] }, { color: false, width: 40 });
 */
export function renderProgress(
  s: ProgressSnapshot,
  opts: { color: boolean; width?: number; leaders?: number },
): string {
  const c = createColors(opts.color);
  const width = opts.width ?? 30;
  const frac = s.total > 0 ? Math.min(1, s.done / s.total) : 1;
  const filled = Math.round(frac * width);
  const bar = `${c.green('█'.repeat(filled))}${c.dim('░'.repeat(width - filled))}`;
  const rate = s.elapsedMs > 0 ? (s.doneThisRun * 1000) / s.elapsedMs : 0;
  const remaining = s.total - s.done;
  const eta = remaining === 0 ? '0s' : rate > 0 ? duration((remaining / rate) * 1000) : '?';
  const pct = `${(frac * 100).toFixed(1)}%`;
  const head =
    `${c.bold(s.title)} ${bar} ${s.done}/${s.total} (${pct}) ` +
    `${rate.toFixed(rate >= 10 ? 0 : 1)}/s, ${duration(s.elapsedMs)} elapsed, ETA ${eta}, ${s.workers} worker${s.workers === 1 ? '' : 's'}` +
    (s.errors > 0 ? `, ${c.red(`${s.errors} error${s.errors === 1 ? '' : 's'}`)}` : '');
  const top = s.leaders.slice(0, opts.leaders ?? 3);
  if (top.length === 0) return head;
  const leaders = top.map((l, i) => `${i + 1}. ${l.name} ${l.mean.toFixed(3)} (${l.sessions})`).join('  ');
  return `${head}\n  leaders: ${leaders}`;
}

/** Shows progress frames: `update` as often as you like, `done` once at the end. */
export interface ProgressReporter {
  update(s: ProgressSnapshot): void;
  done(s: ProgressSnapshot): void;
}

/**
 * A reporter on `stream` (stderr by default, so stdout stays clean for `--json`): log-update
 * frames at most every 100 ms on a TTY, plain lines every `intervalMs` (5 s) otherwise.
 */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  opts: { intervalMs?: number; env?: NodeJS.ProcessEnv } = {},
): ProgressReporter {
  const env = opts.env ?? process.env;
  const tty = Boolean(stream.isTTY);
  const color = tty && !env.NO_COLOR && env.TERM !== 'dumb';
  let last = Number.NEGATIVE_INFINITY;
  if (tty) {
    // Frames start once log-update is loaded; a run that ends before prints its last frame plainly.
    let log: ReturnType<typeof import('log-update').createLogUpdate> | null = null;
    import('log-update').then(
      (m) => {
        log = m.createLogUpdate(stream);
      },
      () => {}, // no live frames, then; the last one is still printed
    );
    return {
      update(s) {
        const now = Date.now();
        if (log === null || now - last < 100) return;
        last = now;
        log(renderProgress(s, { color }));
      },
      done(s) {
        if (log === null) {
          stream.write(`${renderProgress(s, { color })}\n`);
          return;
        }
        log(renderProgress(s, { color }));
        log.done();
      },
    };
  }
  const interval = opts.intervalMs ?? 5000;
  let printed = '';
  const print = (s: ProgressSnapshot) => {
    const text = renderProgress(s, { color: false, width: 20 });
    if (text !== printed) stream.write(`${text}\n`);
    printed = text;
  };
  return {
    update(s) {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      print(s);
    },
    done: print,
  };
}
