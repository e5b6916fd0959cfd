/**
 * Fuzzing the three loaders with random mutations of real files (GENIUS XML from the corpus,
 * GeniusWeb JSON, the shipped native YAML): byte flips, truncation, duplicated and deleted spans,
 * inserted junk (including DTD and entity fragments). Whatever the input, a loader either returns
 * a model or throws a `LancasterError`; anything else (a TypeError, a RangeError, a hang) fails.
 * Runs are bounded (a fixed number per loader and a time limit) to keep the suite fast.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LancasterError } from '../../src/errors.ts';
import { readGeniusDomain, readGeniusProfile, Warnings } from '../../src/formats/genius/read.ts';
import { parseXml } from '../../src/formats/genius/xml.ts';
import { geniusWebScenario, parseGeniusWebText } from '../../src/formats/geniusweb/read.ts';
import { parseScenarioText } from '../../src/formats/native/load.ts';
import { OutcomeSpace } from '../../src/model/outcome-space.ts';
import { Random } from '../../src/model/random.ts';
import { GENIUS_ROOT, GENIUSWEB_ROOT, HAS_DATA, REPO_ROOT } from './corpus.ts';

const JUNK = [
  '<',
  '>',
  '/>',
  '"',
  '&',
  '&amp;',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
  '&a;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"x"',
  'null',
  '-1e400',
  'NaN',
  '\u0000',
  '\uffff',
  '\n',
  '  ',
  'index="99"',
  'value=""',
  'evaluation="-3"',
  'lowerbound="9" upperbound="1"',
  '*a',
  '&x',
  '!!binary',
  '? ',
];

/** One mutation of a text, as data (so fast-check can shrink it). */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), code: fc.integer({ min: 0, max: 0x2ff }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), junk: fc.constantFrom(...JUNK) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    switch (m.kind) {
      case 'flip':
        t = t.slice(0, at) + String.fromCharCode(m.code) + t.slice(at + 1);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.length);
        break;
      case 'duplicate':
        t = t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at + m.length);
        break;
      case 'insert':
        t = t.slice(0, at) + m.junk + t.slice(at);
        break;
    }
  }
  return t;
}

/** Runs `f`; passes when it returns or throws a LancasterError. */
function onlyLancasterErrors(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof LancasterError)) throw e;
    // Every reported problem names the file.
    expect(e.problems.every((p) => typeof p.file === 'string')).toBe(true);
  }
}

/** Loads a GENIUS domain + profile pair from texts and evaluates a few outcomes. */
function loadGeniusPair(domainText: string, profileText: string): void {
  const w = new Warnings();
  const domain = readGeniusDomain(parseXml(domainText, 'domain.xml'), w);
  const space = new OutcomeSpace(domain.issues.map((gi) => gi.issue));
  const profile = readGeniusProfile(parseXml(profileText, 'profile.xml'), domain, space, w);
  const rng = Random.from(1);
  for (let k = 0; k < 5; k++) {
    const u = profile.utility.evaluate(space.sample(rng));
    expect(u >= 0 && u <= 1).toBe(true);
  }
}

// LANCASTER_FUZZ_RUNS / LANCASTER_FUZZ_SEED widen a local fuzzing session; CI keeps the defaults.
const RUNS = Number(process.env.LANCASTER_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.LANCASTER_FUZZ_SEED ?? 20251127);
const LIMIT_MS = process.env.LANCASTER_FUZZ_RUNS ? 600_000 : 6000;

describe.skipIf(!HAS_DATA)('fuzzed GENIUS XML', () => {
  const pairs = HAS_DATA
    ? [
        ['anac2011_Laptop/laptop_domain.xml', 'anac2011_Laptop/laptop_buyer_utility.xml'],
        ['other_S-1NIKFRT-1/S-1NIKFRT-1-domain.xml', 'other_S-1NIKFRT-1/profile-1.xml'],
        ['other_IntegerDomain/IntegerDomain.xml', 'other_IntegerDomain/IntegerDomain-prof1.xml'],
        ['genius_SON/son_domain.xml', 'genius_SON/son_buyer.xml'],
        // A constraint profile (ranks, zero and sum constraints).
        ['genius_Railway/Railway.xml', 'genius_Railway/Minister.xml'],
      ].map(
        ([d, p]) =>
          [
            readFileSync(join(GENIUS_ROOT, d as string), 'utf8'),
            readFileSync(join(GENIUS_ROOT, p as string), 'utf8'),
          ] as const,
      )
    : [];

  test('mutated domain and profile files: a model or a LancasterError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Math.max(0, pairs.length - 1) }),
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (which, mutateDomain, ms) => {
          const [d, p] = pairs[which] as readonly [string, string];
          onlyLancasterErrors(() =>
            loadGeniusPair(mutateDomain ? mutate(d, ms) : d, mutateDomain ? p : mutate(p, ms)),
          );
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: LIMIT_MS, seed: SEED },
    );
  });

  test('DOCTYPE and ENTITY declarations are refused before parsing', () => {
    const [d] = pairs[0] as readonly [string, string];
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n${d}`;
    expect(() => parseXml(bomb, 'bomb.xml')).toThrow(LancasterError);
    try {
      parseXml(bomb, 'bomb.xml');
    } catch (e) {
      expect((e as LancasterError).code).toBe('XML_UNSAFE');
      expect((e as LancasterError).problems[0]?.line).toBe(2);
    }
    const xxe = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><utility_space>&e;</utility_space>';
    expect(() => parseXml(xxe, 'xxe.xml')).toThrow(/DOCTYPE/);
  });

  test('malformed XML reports file, line and column', () => {
    try {
      parseXml('<utility_space>\n  <objective>\n</utility_space>', 'broken.xml');
      expect.unreachable();
    } catch (e) {
      const p = (e as LancasterError).problems[0];
      expect(p?.code).toBe('XML_SYNTAX');
      expect(p?.file).toBe('broken.xml');
      expect(p?.line).toBe(3);
      expect(p?.column).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(!HAS_DATA)('fuzzed GeniusWeb JSON', () => {
  const texts = HAS_DATA
    ? ['FlightBooking/flightbooking1.json', 'Party/party2.json', 'Fitness/fitness.json'].map((f) =>
        readFileSync(join(GENIUSWEB_ROOT, f), 'utf8'),
      )
    : [];

  test('mutated files: a model or a LancasterError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Math.max(0, texts.length - 1) }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (which, ms) => {
          const text = mutate(texts[which] as string, ms);
          onlyLancasterErrors(() => {
            const parsed = parseGeniusWebText(text, 'x.json');
            if (parsed.kind === 'profile')
              geniusWebScenario('x', 'x', [{ file: 'x.json', text, parsed }], 10);
          });
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: LIMIT_MS, seed: SEED },
    );
  });
});

describe('fuzzed native YAML', () => {
  const text = readFileSync(join(REPO_ROOT, 'scenarios', 'london-2025.yaml'), 'utf8');

  test('mutated london-2025.yaml: a model or a LancasterError, nothing else', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        onlyLancasterErrors(() => parseScenarioText(mutate(text, ms), 'london-2025.yaml'));
      }),
      { numRuns: Math.ceil(RUNS / 2), interruptAfterTimeLimit: LIMIT_MS, seed: SEED },
    );
  });
});
