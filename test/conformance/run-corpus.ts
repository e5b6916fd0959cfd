/**
 * The whole-corpus conformance run (not part of the test suite): every GENIUS folder, every
 * outcome of every enumerable space (no size cap), seeded samples of the rest, the brute-force
 * frontier check up to 20,000 outcomes, pareto.xml, and the export round trips (GENIUS XML and
 * native YAML) with their counts. Run: `npx tsx test/conformance/run-corpus.ts [--no-roundtrip]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFolder, GENIUS_ROOT, geniusFolders, HAS_DATA } from './corpus.ts';
import { roundTrip } from './roundtrip.ts';

if (!HAS_DATA) {
  console.log(`no corpus at ${GENIUS_ROOT}: nothing to do`);
  process.exit(0);
}
const counts = { clean: 0, warnings: 0, failed: 0 };
const t0 = Date.now();
for (const folder of geniusFolders()) {
  const r = checkFolder(folder, {
    maxEnumerate: 2 ** 31 - 1,
    samples: 20_000,
    maxFrontier: 20_000,
    searchRestarts: 200,
  });
  counts[r.status]++;
  const extra =
    r.paretoPoints > 0
      ? `, pareto.xml: ${r.paretoReached}/${r.paretoPoints} points reached by search, ${r.paretoDominated} beaten`
      : '';
  console.log(
    `${r.status.padEnd(8)} ${folder}: ${r.compared} outcomes compared, max |diff| ${r.maxDiff.toExponential(2)}, ${r.warnings} warnings${r.frontierChecked ? ', frontier = brute force' : ''}${extra}${r.error ? `\n         ${r.error}` : ''}`,
  );
}
console.log(
  `GENIUS corpus: ${counts.clean} clean, ${counts.warnings} with warnings, ${counts.failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);
if (!process.argv.includes('--no-roundtrip')) {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-rt-'));
  try {
    const rt = { genius: 0, geniusUnsupported: 0, yaml: 0, yamlUnsupported: 0, failed: 0, notEnumerable: 0 };
    for (const folder of geniusFolders()) {
      const r = roundTrip(join(GENIUS_ROOT, folder), join(dir, folder));
      for (const [k, v] of Object.entries(r.counts)) rt[k as keyof typeof rt] += v;
      if (r.failures.length > 0) console.log(`round trip ${folder}: ${r.failures.join('; ')}`);
    }
    console.log(
      `round trips: GENIUS XML ${rt.genius} equal (${rt.geniusUnsupported} refused as unsupported), native YAML ${rt.yaml} equal (${rt.yamlUnsupported} refused as unsupported), ${rt.notEnumerable} non-enumerable compared by sample, ${rt.failed} failed`,
    );
    if (rt.failed > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (counts.failed > 0) process.exitCode = 1;
