/**
 * Export round trips of one GENIUS folder: import it, export it as GENIUS XML and as native YAML,
 * import each export, and compare every outcome's utility for every party (a seeded sample when
 * the space cannot be enumerated; tolerance 1e-12). Exports the formats refuse (EXPORT_UNSUPPORTED)
 * are counted, not failed: the refusal names what the format cannot express.
 */
import { LancasterError } from '../../src/errors.ts';
import { toNativeYaml } from '../../src/formats/export/native-yaml.ts';
import { writeGeniusFolder } from '../../src/formats/export/write.ts';
import { loadGeniusFolder } from '../../src/formats/genius/folder.ts';
import { parseScenarioText } from '../../src/formats/native/load.ts';
import { Random } from '../../src/model/random.ts';
import type { Scenario } from '../../src/model/scenario.ts';

export interface RoundTripReport {
  readonly counts: {
    genius: number;
    geniusUnsupported: number;
    yaml: number;
    yamlUnsupported: number;
    failed: number;
    notEnumerable: number;
  };
  readonly failures: string[];
}

const TOLERANCE = 1e-12;
/** Spaces larger than this are compared on a sample. */
const MAX_COMPARE = 2_000_000;

/** Differences between two scenarios' utilities (same issues, parties in the same order). */
export function compareUtilities(a: Scenario, b: Scenario, what: string): string[] {
  const out: string[] = [];
  if (a.parties.length !== b.parties.length)
    return [`${what}: ${a.parties.length} parties became ${b.parties.length}`];
  if (a.space.size !== b.space.size) return [`${what}: ${a.space.size} outcomes became ${b.space.size}`];
  a.parties.forEach((p, j) => {
    const q = b.parties[j];
    if (!q) return;
    if (Math.abs(p.reservationValue - q.reservationValue) > TOLERANCE)
      out.push(`${what}: reservation of ${p.id}`);
    if (Math.abs(p.discountFactor - q.discountFactor) > TOLERANCE) out.push(`${what}: discount of ${p.id}`);
    if (a.space.enumerable && a.space.size <= MAX_COMPARE) {
      const ua = p.utility.utilities();
      const ub = q.utility.utilities();
      for (let k = 0; k < ua.length; k++) {
        if (!(Math.abs((ua[k] as number) - (ub[k] as number)) <= TOLERANCE)) {
          out.push(`${what}: ${p.id} outcome ${k}: ${ua[k]} became ${ub[k]}`);
          break;
        }
      }
    } else {
      const rng = Random.from(3, p.id);
      for (let s = 0; s < 5000; s++) {
        const o = a.space.sample(rng);
        const x = p.utility.evaluate(o);
        const y = q.utility.evaluate(o);
        if (!(Math.abs(x - y) <= TOLERANCE)) {
          out.push(`${what}: ${p.id} outcome ${JSON.stringify(o)}: ${x} became ${y}`);
          break;
        }
      }
    }
  });
  return out;
}

function unsupported(e: unknown): boolean {
  return e instanceof LancasterError && e.problems.every((p) => p.code === 'EXPORT_UNSUPPORTED');
}

/** Round-trips one GENIUS folder through both export formats, writing the GENIUS export to `outDir`. */
export function roundTrip(folder: string, outDir: string): RoundTripReport {
  const counts = {
    genius: 0,
    geniusUnsupported: 0,
    yaml: 0,
    yamlUnsupported: 0,
    failed: 0,
    notEnumerable: 0,
  };
  const failures: string[] = [];
  const { scenario } = loadGeniusFolder(folder);
  if (!(scenario.space.enumerable && scenario.space.size <= MAX_COMPARE)) counts.notEnumerable++;
  try {
    writeGeniusFolder(scenario, outDir);
    const back = loadGeniusFolder(outDir).scenario;
    const diff = compareUtilities(scenario, back, 'GENIUS XML');
    if (diff.length > 0) {
      counts.failed++;
      failures.push(...diff);
    } else counts.genius++;
  } catch (e) {
    if (unsupported(e)) counts.geniusUnsupported++;
    else {
      counts.failed++;
      failures.push(`GENIUS XML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    const text = toNativeYaml(scenario);
    const back = parseScenarioText(text, 'export.yaml');
    const diff = compareUtilities(scenario, back, 'native YAML');
    if (diff.length > 0) {
      counts.failed++;
      failures.push(...diff);
    } else counts.yaml++;
  } catch (e) {
    if (unsupported(e)) counts.yamlUnsupported++;
    else {
      counts.failed++;
      failures.push(`native YAML: ${(e as Error).message.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return { counts, failures };
}
