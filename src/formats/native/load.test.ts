/**
 * Loader tests against the fixtures in `test/fixtures/`: a good scenario becomes the right model
 * (utilities computed by hand), and each kind of bad file is reported with the right code, field
 * path, line and column, all problems of a file at once.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../errors.ts';
import { partyUtility, ratifies } from '../../model/party.ts';
import { listShippedScenarios, resolveScenarioPath } from '../scenario-files.ts';
import { parseScenarioText } from './load.ts';
import { loadScenarioFile } from './load-file.ts';
import { fixturePath, fixtureText, positionIn, problemsOf, replaceOnce } from './test-support.ts';

describe('a good YAML scenario', () => {
  const scenario = loadScenarioFile(fixturePath('good/small.yaml'));
  const [buyer, seller] = scenario.parties;
  if (!buyer || !seller) throw new Error('the fixture has two parties');
  // Issue order: tariffs (high, medium, low), horizon_days 0..90, price 0..10.

  it('has the header, issues and parties of the file', () => {
    expect(scenario.id).toBe('small-trade');
    expect(scenario.title).toBe('A small trade negotiation');
    expect(scenario.notes).toEqual(['Test fixture; the numbers are invented.']);
    expect(scenario.space.issues.map((i) => `${i.id}:${i.kind}`)).toEqual([
      'tariffs:discrete',
      'horizon_days:integer',
      'price:real',
    ]);
    const tariffs = scenario.space.issues[0];
    expect(tariffs?.kind === 'discrete' && tariffs.values[2]?.description).toBe('Close to zero.');
    expect(scenario.parties.map((p) => p.id)).toEqual(['buyer', 'seller']);
  });

  it('computes utilities as worked out by hand', () => {
    // buyer, [medium, 45, 5]: 0.5·0.5 + 0.3·(45/90) + 0.2·0.8 = 0.56 (horizon weight is the midpoint of [0.2, 0.4]).
    expect(buyer.utility.evaluate([1, 45, 5])).toBeCloseTo(0.56, 12);
    // seller, same outcome: 0.6·0.6 + 0.1·(1 − 0.5·45/90) + 0.3·(5/10) = 0.585.
    expect(seller.utility.evaluate([1, 45, 5])).toBeCloseTo(0.585, 12);
    // buyer, [low, 18, 7.5]: 0.5·1 + 0.3·0.2 + 0.2·0.4 = 0.64, and the region (low, ≤ 30 days) adds −0.1.
    expect(buyer.utility.evaluate([2, 18, 7.5])).toBeCloseTo(0.54, 12);
    // Outside the region (31 days): 0.5 + 0.3·31/90 + 0.08, no region term.
    expect(buyer.utility.evaluate([2, 31, 7.5])).toBeCloseTo(0.5 + (0.3 * 31) / 90 + 0.08, 12);
    // seller, [low, 18, 7.5]: 0 + 0.1·0.9 + 0.3·0.75 = 0.315.
    expect(seller.utility.evaluate([2, 18, 7.5])).toBeCloseTo(0.315, 12);
  });

  it('builds evaluators as the format says: linear over the engine value without clamping', () => {
    expect(seller.utility.evaluators[1]).toEqual({
      kind: 'linear',
      intercept: 1,
      slope: -0.5 / 90,
      clamp: false,
    });
    expect(buyer.utility.evaluators[2]).toEqual({ kind: 'piecewise', xs: [0, 5, 10], ys: [1, 0.8, 0] });
    expect(buyer.utility.evaluators[0]).toEqual({ kind: 'table', values: [0, 0.5, 1] });
  });

  it('turns red lines into hard constraints on the right values', () => {
    expect(buyer.utility.acceptable([0, 45, 5])).toBe(false); // high tariffs are forbidden
    expect(buyer.utility.acceptable([1, 45, 5])).toBe(true);
    expect(seller.utility.acceptable([1, 45, 1.5])).toBe(false); // price below the floor of 2
    expect(seller.utility.acceptable([1, 45, 2])).toBe(true);
    expect(partyUtility(buyer, [0, 45, 5])).toBe(0);
  });

  it('reads the party settings, using range midpoints', () => {
    expect(buyer.reservationValue).toBe(0.3);
    expect(buyer.discountFactor).toBe(0.9);
    expect(seller.discountFactor).toBe(1);
    expect(buyer.negotiator).toBe('boulware:e=0.2');
    expect(buyer.delegation).toEqual([
      { name: 'Ann Example', role: 'Lead negotiator', lead: true },
      { name: 'Bob Example', role: 'Adviser' },
    ]);
    expect(buyer.principal).toEqual({
      name: 'Carol Example',
      title: 'Chief executive',
      ratificationThreshold: 0.4,
    });
    expect(seller.principal).toBeUndefined();
    // The principal (threshold 0.4) ratifies 0.56 but not 0.315-like deals of the buyer.
    expect(ratifies(buyer, [1, 45, 5])).toBe(true);
    expect(ratifies(buyer, [1, 0, 10])).toBe(false); // 0.25 + 0 + 0
  });

  it('reads the protocol settings', () => {
    expect(scenario.protocol).toEqual({
      kind: 'saop',
      order: ['seller', 'buyer'],
      rounds: 10,
      timeLimitSeconds: 120,
      schedule: [
        { label: 'Day 1', rounds: 6, start: '2025-06-09T13:00+01:00', end: '2025-06-09T20:00+01:00' },
        { label: 'Day 2', rounds: 4 },
      ],
      onVeto: 'reopen',
      actionBudgetMs: 2000,
    });
  });

  it('lists every numeric parameter with its provenance', () => {
    const byPath = new Map(scenario.parameters.map((p) => [p.path, p]));
    expect(byPath.get('parties.buyer.weights.horizon_days')).toEqual({
      path: 'parties.buyer.weights.horizon_days',
      value: 0.30000000000000004,
      range: [0.2, 0.4],
      distribution: { kind: 'uniform', min: 0.2, max: 0.4 },
      sources: [],
      judgement: 'Stated priorities differ',
    });
    expect(byPath.get('parties.buyer.reservationValue')).toEqual({
      path: 'parties.buyer.reservationValue',
      value: 0.3,
      sources: ['https://example.org/batna'],
      note: 'Current supplier',
    });
    expect(byPath.get('parties.buyer.principal.ratificationThreshold')?.range).toEqual([0.3, 0.5]);
    expect(byPath.get('parties.buyer.regions.0.value')?.value).toBe(-0.1);
    expect(byPath.get('parties.buyer.evaluators.tariffs.medium')?.value).toBe(0.5);
    expect(byPath.get('parties.seller.evaluators.horizon_days.linear.atMax')?.value).toBe(0.5);
    expect(byPath.get('parties.buyer.evaluators.price.piecewise.1.1')?.value).toBe(0.8);
    expect(byPath.has('parties.seller.discountFactor')).toBe(false); // not written, default 1
    // buyer: threshold, reservation, discount, 3 weights, 3 + 2 + 3 evaluator values, 1 region = 15;
    // seller: reservation, 3 weights, 3 + 2 + 2 evaluator values = 11.
    expect(scenario.parameters).toHaveLength(26);
  });

  it('lists every cited source once, in order of first use', () => {
    expect(scenario.sources).toEqual([
      'https://example.org/tariffs',
      'https://example.org/batna',
      'https://example.org/survey',
      'https://example.org/statement',
    ]);
  });
});

describe('a good JSON scenario', () => {
  it('loads with defaults for the protocol', () => {
    const s = loadScenarioFile(fixturePath('good/minimal.json'));
    expect(s.parties[1]?.reservationValue).toBeCloseTo(0.15, 15);
    // a, [red, m]: 0.25·1 + 0.75·0.5; b: 0.5·0 + 0.5·0.5.
    expect(s.parties[0]?.utility.evaluate([0, 1])).toBeCloseTo(0.625, 12);
    expect(s.parties[1]?.utility.evaluate([0, 1])).toBeCloseTo(0.25, 12);
    expect(s.protocol).toEqual({
      kind: 'saop',
      order: ['a', 'b'],
      rounds: 20,
      schedule: [{ label: 'Session', rounds: 20 }],
      onVeto: 'end',
      actionBudgetMs: 5000,
    });
  });

  it('gives the same scenario whether the text is read as JSON or as YAML', () => {
    const text = fixtureText('good/minimal.json');
    const asJson = parseScenarioText(text, 'a.json');
    const asYaml = parseScenarioText(text, 'a.yaml');
    expect(asYaml.parameters).toEqual(asJson.parameters);
    expect(Array.from(asYaml.parties[0]?.utility.utilities() ?? [])).toEqual(
      Array.from(asJson.parties[0]?.utility.utilities() ?? []),
    );
  });
});

/** The single problem of a fixture, after checking there is exactly one. */
function onlyProblem(name: string): Problem {
  const problems = problemsOf(() => loadScenarioFile(fixturePath(name)));
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return problems[0] as Problem;
}

describe('bad files', () => {
  it('malformed YAML: syntax errors with positions, and no schema noise', () => {
    const problems = problemsOf(() => loadScenarioFile(fixturePath('bad/malformed.yaml')));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.code).toBe('YAML_SYNTAX');
      expect(p.file).toBe(fixturePath('bad/malformed.yaml'));
    }
    // The parser notices the unterminated `values: [` where the next item starts.
    expect(problems[0]).toMatchObject(positionIn(fixtureText('bad/malformed.yaml'), '- id: price', '-'));
    expect(problems[0]?.message).toContain('end with a ]');
  });

  it('an unknown field (typo) names the field, the allowed ones and the likely fix', () => {
    const text = fixtureText('bad/unknown-field.yaml');
    const problems = problemsOf(() => loadScenarioFile(fixturePath('bad/unknown-field.yaml')));
    const unknown = problems.find((p) => p.code === 'UNKNOWN_FIELD');
    expect(unknown).toMatchObject({
      path: 'parties.buyer.weigths',
      ...positionIn(text, 'weigths:'),
    });
    expect(unknown?.message).toContain('did you mean `weights`?');
    expect(unknown?.expected).toContain('evaluators');
    // The correctly spelt field is then missing, which is reported too.
    expect(problems.find((p) => p.code === 'SCHEMA')?.message).toBe('missing required field `weights`');
    expect(problems).toHaveLength(2);
  });

  it('weights that do not sum to 1 say the actual sum', () => {
    const p = onlyProblem('bad/weights-sum.yaml');
    const text = fixtureText('bad/weights-sum.yaml');
    const line = text.split('\n').findIndex((l) => l.includes('price: 0.1')) + 1;
    expect(p).toMatchObject({ code: 'WEIGHTS_SUM', path: 'parties.buyer.weights' });
    expect(p.message).toContain('sum to 0.9');
    // Points at the `weights:` key of the buyer, a few lines above its last weight.
    expect(p.line).toBe(line - 3);
    expect(p.column).toBe(5);
  });

  it('a red line naming a value that does not exist lists the valid values', () => {
    const p = onlyProblem('bad/red-line-unknown-value.yaml');
    expect(p).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      path: 'parties.buyer.redLines.no_high_tariffs.forbid.tariffs.0',
      ...positionIn(fixtureText('bad/red-line-unknown-value.yaml'), 'tariffs: [hihg]', 'hihg'),
    });
    expect(p.message).toContain('did you mean `high`?');
    expect(p.expected).toBe('a value id of `tariffs`: high, medium or low');
  });

  it('a red line with a numeric condition outside the issue range', () => {
    const p = onlyProblem('bad/red-line-out-of-range.yaml');
    expect(p).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      path: 'parties.seller.redLines.price_floor.require.price.max',
      expected: 'a number in [0, 10]',
      ...positionIn(fixtureText('bad/red-line-out-of-range.yaml'), 'max: 12', '12'),
    });
  });

  it('a missing file is FILE_NOT_FOUND with the path and a hint', () => {
    const path = fixturePath('bad/no-such-file.yaml');
    const problems = problemsOf(() => loadScenarioFile(path));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'FILE_NOT_FOUND',
        file: path,
        expected: expect.stringContaining('.yaml'),
      }),
    ]);
  });

  it('a directory is FILE_UNREADABLE', () => {
    expect(problemsOf(() => loadScenarioFile(fixturePath('bad')))[0]?.code).toBe('FILE_UNREADABLE');
  });

  it('duplicate keys are a syntax error at the second key', () => {
    const p = onlyProblem('bad/duplicate-keys.yaml');
    expect(p).toMatchObject({
      code: 'YAML_SYNTAX',
      ...positionIn(fixtureText('bad/duplicate-keys.yaml'), 'label: Tariffs again', 'label'),
    });
    expect(p.message).toContain('"label"');
  });

  it('a JSON syntax error (trailing comma) is JSON_SYNTAX at the offending place', () => {
    const p = onlyProblem('bad/syntax-error.json');
    expect(p).toMatchObject({
      code: 'JSON_SYNTAX',
      // The comma is accepted by YAML, so only the strict JSON check can catch it; it fails at the `]`.
      ...positionIn(fixtureText('bad/syntax-error.json'), '  ],', ']'),
    });
  });

  it('a file with several problems reports all of them, each at its own line and column', () => {
    const name = 'bad/several-problems.yaml';
    const text = fixtureText(name);
    const problems = problemsOf(() => loadScenarioFile(fixturePath(name)));
    const expected = [
      {
        code: 'VALUE_OUT_OF_RANGE',
        path: 'parties.buyer.reservationValue',
        ...positionIn(text, 'reservationValue: 1.5', '1.5'),
      },
      {
        code: 'WEIGHTS_SUM',
        path: 'parties.buyer.weights',
        ...positionIn(text, 'horizon_days: 0.4', 'weights'),
      },
      {
        code: 'UNKNOWN_REFERENCE',
        path: 'parties.buyer.regions.0.when.tariffs.0',
        ...positionIn(text, 'lowest'),
      },
      { code: 'UNKNOWN_FIELD', path: 'parties.seller.negotiater', ...positionIn(text, 'negotiater') },
      { code: 'SCHEMA', path: 'protocol.order', ...positionIn(text, 'order:') },
      { code: 'UNKNOWN_REFERENCE', path: 'protocol.order.1', ...positionIn(text, 'sellr') },
      { code: 'SCHEDULE_MISMATCH', path: 'protocol.schedule', ...positionIn(text, 'schedule:') },
    ];
    expect(problems.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual(expected);
    for (const p of problems) expect(p.file).toBe(fixturePath(name));
  });
});

describe('shipped scenarios', () => {
  // Every scenario in scenarios/ must load: the loader and the shipped files are checked together.
  const names = listShippedScenarios();
  it.each(names.length > 0 ? names : ['(none shipped yet)'])('%s loads without problems', (name) => {
    if (names.length === 0) return;
    const s = loadScenarioFile(resolveScenarioPath(name));
    expect(s.parties.length).toBeGreaterThanOrEqual(2);
  });
});

describe('a mediated protocol', () => {
  const text = replaceOnce(
    fixtureText('good/small.yaml'),
    'type: saop',
    'type: mediated\n  mediator: { type: frontier, patience: 3 }',
  );

  it('reads the chair with defaults for what is not given, and writes it back', async () => {
    const scenario = parseScenarioText(text, 'mediated.yaml');
    expect(scenario.protocol.kind).toBe('mediated');
    expect(scenario.protocol.mediator).toEqual({
      kind: 'frontier',
      stepSize: 0.1,
      temperature: 0.5,
      patience: 3,
    });
    const { toNativeYaml } = await import('../export/native-yaml.ts');
    const back = parseScenarioText(toNativeYaml(scenario), 'back.yaml');
    expect(back.protocol).toEqual(scenario.protocol);
  });

  it('defaults to the hill-climbing chair, and an SAOP scenario has none', () => {
    const plain = replaceOnce(fixtureText('good/small.yaml'), 'type: saop', 'type: mediated');
    expect(parseScenarioText(plain, 'plain.yaml').protocol.mediator?.kind).toBe('hill-climb');
    expect(parseScenarioText(fixtureText('good/small.yaml'), 'small.yaml').protocol.mediator).toBeUndefined();
  });
});
