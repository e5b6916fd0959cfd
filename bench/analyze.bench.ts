/**
 * Time and peak memory of `analyzeDomain` (utilities, frontier, Nash, Kalai, counts) on the two
 * largest linear GENIUS domains, `genius_6issues` (10^6 outcomes) and `genius_7issues` (10^7), by
 * the reference method (enumeration: one Float64Array of utilities per party, one feasibility
 * byte per outcome, the two-party bucket frontier, the bargaining points on the frontier) and by
 * the exact issue-by-issue merge (no per-outcome memory at all, plus the streaming count of
 * individually rational outcomes).
 *
 * Memory method: each case runs in a fresh child process (this file with `--analyze-child`), which
 * loads the scenario, forces a GC, reads `process.resourceUsage().maxRSS` (the high-water mark of
 * resident memory, KiB), analyses once, and reads it again. The delta is the peak memory the
 * analysis added, garbage included, without anything the parent or an earlier case left behind;
 * divided by the outcome count it gives bytes per outcome. Time is the median of 3 runs after a
 * warm-up in the same child. Skips with a message when ../shared/data is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dataPath } from '../test/support/data.ts';
import type { BenchRow } from './run.ts';

const _ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = dataPath('genius');
const CHILD_FLAG = '--analyze-child';

interface ChildResult {
  readonly ms: number;
  readonly peakBytes: number;
  readonly outcomes: number;
  readonly frontier: number;
  readonly method: string;
}

async function child(domain: string, method: 'enumeration' | 'issue-merge'): Promise<void> {
  const { loadScenarioAny } = await import('../src/formats/load-any.ts');
  const { analyzeDomain } = await import('../src/analysis/analyze.ts');
  const { scenario } = loadScenarioAny(join(DATA, domain));
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.resourceUsage().maxRSS;
  const first = analyzeDomain(scenario, { method });
  const peakBytes = (process.resourceUsage().maxRSS - before) * 1024;
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    analyzeDomain(scenario, { method });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const out: ChildResult = {
    ms: times[1] as number,
    peakBytes,
    outcomes: first.outcomes,
    frontier: first.frontier.length,
    method: first.method ?? method,
  };
  process.stdout.write(JSON.stringify(out));
}

function runChild(domain: string, method: string): ChildResult {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', tsx, fileURLToPath(import.meta.url), CHILD_FLAG, domain, method],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

export function run(): BenchRow[] {
  if (!existsSync(DATA)) {
    console.error(`analyze bench skipped: no GENIUS data at ${DATA}`);
    return [];
  }
  const rows: BenchRow[] = [];
  for (const domain of ['genius_6issues', 'genius_7issues']) {
    for (const method of ['enumeration', 'issue-merge'] as const) {
      const r = runChild(domain, method);
      const note = `${r.outcomes.toExponential(0)} outcomes, frontier ${r.frontier}`;
      rows.push({ name: `analyzeDomain ${domain} (${method})`, value: r.ms, unit: 'ms', note });
      rows.push({
        name: `  peak memory ${domain} (${method})`,
        value: r.peakBytes / r.outcomes,
        unit: 'B/outcome',
        note: `maxRSS delta ${(r.peakBytes / 2 ** 20).toFixed(1)} MiB`,
      });
    }
  }
  return rows;
}

if (process.argv[2] === CHILD_FLAG) {
  await child(process.argv[3] as string, process.argv[4] as 'enumeration' | 'issue-merge');
}
