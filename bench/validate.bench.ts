/**
 * How validation time grows with the number of values of one issue. Each case is a bilateral
 * scenario with one discrete issue of N values and a table of N evaluations per party, written as
 * `lancaster import` writes it (the native YAML exporter), and the same data as JSON. It is read
 * with `readScenarioText`, the whole of what `lancaster validate` does with a file's text: parse,
 * schema, cross-field checks, the model. Printed: milliseconds per size (median of 3 after a warm-up),
 * the time per value and its ratio to the smallest size's (1 all along the curve when validation
 * is linear), the ratio to `JSON.parse` of the same data measured in the same run (flat when
 * validation is linear, and less sensitive than seconds to other processes on the machine), CPU
 * seconds, and the growth exponent: the slope of log(time) against log(N) by least squares (1 for
 * linear, 2 for quadratic; the code before issue 10 measured 2.2, 20k values 9.4 s, 40k 41.7 s).
 * The last case is the file with every key misspelt, so every value is a problem with a position
 * and a suggestion: the error path must stay linear too.
 *
 * The goal of issue 10 (item 6) is 200,000 values in under 2 s, YAML and JSON: a row says whether
 * it is met, by the median wall time and by CPU time (the machine may be shared: CPU seconds move
 * less with other processes than wall seconds), with the machine's load average while measuring.
 */
import { availableParallelism, loadavg } from 'node:os';
import { load } from 'js-yaml';
import { toNativeYaml } from '../src/formats/export/native-yaml.ts';
import { readScenarioText } from '../src/formats/native/load.ts';
import { type BenchRow, measure } from './run.ts';
import { syntheticBilateral } from './synthetic.ts';

const SIZES = [25_000, 50_000, 100_000, 200_000];
/** Issue 10's goal: this many values of one issue validate in under `GOAL_S` seconds. */
const GOAL_VALUES = 200_000;
const GOAL_S = 2;

function scenarioText(values: number): string {
  const scenario = syntheticBilateral({
    id: `values-${values}`,
    title: `One issue of ${values} values`,
    key: 'validate',
    seed: 1,
    radices: [values],
    partyIds: ['buyer', 'seller'],
    reservationValue: 0.2,
    rounds: 100,
  });
  return toNativeYaml(scenario);
}

/** The slope of log(seconds) over log(values): the exponent k of time ∝ values^k. */
function growthExponent(points: readonly (readonly [number, number])[]): number {
  const xs = points.map(([n]) => Math.log(n));
  const ys = points.map(([, s]) => Math.log(s));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, k) => {
    num += (x - mx) * ((ys[k] as number) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

function validate(text: string, file: string, expectOk: boolean): void {
  const r = readScenarioText(text, file);
  if (r.ok !== expectOk) throw new Error(`${file}: expected ok=${expectOk}, got ${r.ok}`);
}

export function run(): BenchRow[] {
  const rows: BenchRow[] = [];
  const curves: Record<'yaml' | 'json' | 'misspelt', [number, number][]> = {
    yaml: [],
    json: [],
    misspelt: [],
  };
  const cpuAt = new Map<string, number>();
  const load0 = loadavg()[0] as number;
  for (const values of SIZES) {
    const yaml = scenarioText(values);
    const data = load(yaml);
    const json = JSON.stringify(data, null, 1);
    // Every evaluation key `v123` written `w123`: one unknown key and one missing value each.
    const misspelt = yaml.replace(/^(\s+)v(\d+):/gm, '$1w$2:');
    const base = measure(() => JSON.parse(json), 3).ms / 1000;
    const mb = (yaml.length / 1e6).toFixed(1);
    for (const [kind, text, file, ok] of [
      ['yaml', yaml, 'values.yaml', true],
      ['json', json, 'values.json', true],
      ['misspelt', misspelt, 'misspelt.yaml', false],
    ] as const) {
      if (kind === 'misspelt' && values > 100_000) continue;
      const c0 = process.cpuUsage();
      const repeats = kind === 'misspelt' ? 1 : 3;
      const s = measure(() => validate(text, file, ok), repeats).ms / 1000;
      // CPU seconds per validation (all threads, the garbage collector's included): less sensitive
      // than wall time to other processes sharing the machine.
      const used = process.cpuUsage(c0);
      const cpu = (used.user + used.system) / 1e6 / (repeats + 1);
      curves[kind].push([values, s]);
      cpuAt.set(`${kind} ${values}`, cpu);
      // Time per value against the smallest size's: 1 all along the curve when validation is linear.
      const perValue = (s / values) * 1e6;
      const first = curves[kind][0] as [number, number];
      const ratio = perValue / ((first[1] / first[0]) * 1e6);
      rows.push({
        name: `validate ${kind}, ${values.toLocaleString('en-GB')} values`,
        value: s * 1000,
        unit: 'ms',
        note: `${perValue.toFixed(1)} µs/value (×${ratio.toFixed(2)} the ${first[0].toLocaleString('en-GB')}-value rate); ${(s / base).toFixed(1)}× JSON.parse of the same data; ${mb} MB of YAML; ${cpu.toFixed(2)} CPU-s`,
      });
    }
  }
  const load1 = loadavg()[0] as number;
  for (const kind of ['yaml', 'json'] as const) {
    const at = curves[kind].find(([n]) => n === GOAL_VALUES);
    const cpu = cpuAt.get(`${kind} ${GOAL_VALUES}`);
    if (at === undefined || cpu === undefined) continue;
    const met = (x: number) => (x < GOAL_S ? 'met' : 'NOT met');
    rows.push({
      name: `goal ${kind}: ${GOAL_VALUES.toLocaleString('en-GB')} values < ${GOAL_S} s`,
      value: at[1],
      unit: 's',
      note: `${met(at[1])} by wall time (median); ${met(cpu)} by CPU time (${cpu.toFixed(2)} CPU-s); load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${availableParallelism()} cores`,
    });
  }
  for (const [kind, points] of Object.entries(curves)) {
    const first = points[0] as [number, number];
    const last = points[points.length - 1] as [number, number];
    rows.push({
      name: `growth exponent, ${kind}`,
      value: growthExponent(points),
      unit: 'k in t ∝ N^k',
      note: `${first[0].toLocaleString('en-GB')} → ${last[0].toLocaleString('en-GB')} values: ${first[1].toFixed(2)} s → ${last[1].toFixed(2)} s (1 = linear)`,
    });
  }
  return rows;
}
