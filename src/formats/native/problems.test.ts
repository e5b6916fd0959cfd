/**
 * One test per rule of the format: each takes the good fixture, breaks one thing in its text, and
 * checks the problem reported (code, field path, line and column found in the broken text itself,
 * message details). Together with load.test.ts this covers every problem code the loader emits.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../errors.ts';
import { fixtureText, positionIn, problemsOfText, replaceOnce } from './test-support.ts';

const GOOD = fixtureText('good/small.yaml');

interface Case {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** The problem that must be among those reported. */
  readonly problem: Partial<Problem>;
  /** Line marker (and needle) in the broken text where the problem must point. */
  readonly at?: readonly [string, string?];
  /** Text the formatted problem (message and expectation) must contain. */
  readonly says?: string;
  /** When set, exactly this many problems are reported. */
  readonly count?: number;
}

const cases: Case[] = [
  {
    name: 'an unsupported version',
    from: 'version: 1',
    to: 'version: 2',
    problem: { code: 'UNSUPPORTED_VERSION', path: 'version' },
    at: ['version: 2', '2'],
    count: 1,
  },
  {
    name: 'a missing version',
    from: 'version: 1\n',
    to: '',
    problem: { code: 'SCHEMA', path: 'version', expected: '1' },
    says: 'missing required field `version`',
    count: 1,
  },
  {
    name: 'a repeated value id',
    from: '{ id: medium, label: Medium tariffs }',
    to: '{ id: high, label: Medium tariffs }',
    problem: { code: 'DUPLICATE_ID', path: 'issues.tariffs.values.1.id' },
    at: ['label: Medium tariffs', 'high'],
  },
  {
    name: 'a repeated party id',
    from: '  - id: seller',
    to: '  - id: buyer # again',
    problem: { code: 'DUPLICATE_ID', path: 'parties.1.id' },
    at: ['- id: buyer # again', 'buyer'],
  },
  {
    name: 'sittings that do not add up to the deadline',
    from: '{ label: Day 2, rounds: 4 }',
    to: '{ label: Day 2, rounds: 5 }',
    problem: { code: 'SCHEDULE_MISMATCH', path: 'protocol.schedule' },
    at: ['schedule:'],
    says: 'add up to 11 rounds, but deadline.rounds is 10',
    count: 1,
  },
  {
    name: 'a piecewise point outside the issue range',
    from: '[[0, 1], [5, 0.8], [10, 0]]',
    to: '[[0, 1], [5, 0.8], [12, 0]]',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.buyer.evaluators.price.piecewise.2.0' },
    at: ['[12, 0]', '12'],
    count: 1,
  },
  {
    name: 'piecewise points out of order',
    from: '[[0, 1], [5, 0.8], [10, 0]]',
    to: '[[0, 1], [7, 0.8], [5, 0]]',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.buyer.evaluators.price.piecewise.2.0' },
    at: ['[5, 0]', '5, 0]'],
    says: 'ascending',
    count: 1,
  },
  {
    name: 'a table evaluator for a real issue',
    from: 'price: { linear: { atMin: 0, atMax: 1 } }',
    to: 'price: { low: 1 }',
    problem: { code: 'SCHEMA', path: 'parties.seller.evaluators.price' },
    at: ['price: { low: 1 }', 'price'],
    says: 'linear, piecewise or peak',
    count: 1,
  },
  {
    name: 'a linear end point above 1',
    from: 'atMax: 0.5',
    to: 'atMax: 1.5',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.seller.evaluators.horizon_days.linear.atMax' },
    at: ['atMax: 1.5', '1.5'],
    count: 1,
  },
  {
    name: 'a range with lo > hi',
    from: 'range: [0.2, 0.4]',
    to: 'range: [0.4, 0.2]',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.buyer.weights.horizon_days.range' },
    at: ['range: [0.4, 0.2]', 'range'],
    says: 'lo <= hi',
    count: 1,
  },
  {
    name: 'an integer issue with min > max',
    from: 'type: integer, min: 0, max: 90',
    to: 'type: integer, min: 90, max: 0',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'issues.horizon_days.max' },
    at: ['max: 0 }', '0 }'],
    count: 1,
  },
  {
    name: 'a misspelt issue type',
    from: 'type: integer',
    to: 'type: integr',
    problem: { code: 'SCHEMA', path: 'issues.horizon_days.type' },
    at: ['type: integr', 'integr'],
    says: 'did you mean `integer`?',
  },
  {
    name: 'a red line with both require and forbid',
    from: '        forbid:\n          tariffs: [high]\n',
    to: '        forbid:\n          tariffs: [high]\n        require:\n          price: { min: 1 }\n',
    problem: { code: 'SCHEMA', path: 'parties.buyer.redLines.no_high_tariffs' },
    // A list item has no key: the problem points at its first field.
    at: ['- id: no_high_tariffs', 'id'],
    says: 'exactly one of require or forbid',
    count: 1,
  },
  {
    name: 'a missing evaluator',
    from: '    evaluators:\n      tariffs: { high: 1, medium: 0.6, low: 0 }\n      horizon_days: { linear: { atMin: 1, atMax: 0.5 } }\n      price: { linear: { atMin: 0, atMax: 1 } }\n',
    to: '    evaluators: # seller\n      tariffs: { high: 1, medium: 0.6, low: 0 }\n      horizon_days: { linear: { atMin: 1, atMax: 0.5 } }\n',
    problem: { code: 'SCHEMA', path: 'parties.seller.evaluators' },
    at: ['evaluators: # seller', 'evaluators'],
    says: 'no evaluator for issue `price`',
    count: 1,
  },
  {
    name: 'a missing weight',
    from: '{ tariffs: 0.6, horizon_days: 0.1, price: 0.3 }',
    to: '{ tariffs: 0.7, horizon_days: 0.3 }',
    problem: { code: 'SCHEMA', path: 'parties.seller.weights' },
    at: ['{ tariffs: 0.7, horizon_days: 0.3 }', 'weights'],
    says: 'no weight for issue `price`',
    count: 1,
  },
  {
    name: 'a weight for an issue that does not exist',
    from: '{ tariffs: 0.6, horizon_days: 0.1, price: 0.3 }',
    to: '{ tariffs: 0.6, horizon_days: 0.1, pricee: 0.3 }',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'parties.seller.weights.pricee' },
    at: ['pricee: 0.3', 'pricee'],
    says: 'did you mean `price`?',
  },
  {
    name: 'a region condition on an issue that does not exist',
    from: '          horizon_days: { min: 0, max: 30 }',
    to: '          horizon: { min: 0, max: 30 }',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'parties.buyer.regions.0.when.horizon' },
    at: ['horizon: { min: 0', 'horizon'],
    count: 1,
  },
  {
    name: 'a misspelt provenance field',
    from: 'note: Current supplier',
    to: 'nte: Current supplier',
    problem: { code: 'UNKNOWN_FIELD', path: 'parties.buyer.reservationValue.nte' },
    at: ['nte: Current supplier', 'nte'],
    says: 'did you mean `note`?',
    count: 1,
  },
  {
    name: 'a misspelt `value` in a number with provenance',
    from: 'value: { value: -0.1,',
    to: 'value: { valeu: -0.1,',
    problem: { code: 'UNKNOWN_FIELD', path: 'parties.buyer.regions.0.value.valeu' },
    at: ['valeu: -0.1', 'valeu'],
    says: 'did you mean `value`?',
    count: 1,
  },
  {
    name: 'both value and range in one number',
    from: 'range: [0.2, 0.4]',
    to: 'value: 0.3, range: [0.2, 0.4]',
    problem: { code: 'SCHEMA', path: 'parties.buyer.weights.horizon_days' },
    at: ['value: 0.3, range: [0.2, 0.4]', 'horizon_days'],
    says: 'exactly one of value, range, triangular, normal and choice',
    count: 1,
  },
  {
    name: 'text where a number is expected',
    from: 'reservationValue: 0.25',
    to: 'reservationValue: high',
    problem: { code: 'SCHEMA', path: 'parties.seller.reservationValue' },
    at: ['reservationValue: high', 'high'],
    says: 'expected a number',
    count: 1,
  },
  {
    name: 'a missing required field',
    from: 'title: A small trade negotiation\n',
    to: '',
    problem: { code: 'SCHEMA', path: 'title' },
    at: ['version: 1'],
    says: 'missing required field `title`',
    count: 1,
  },
  {
    name: 'an unknown top-level field',
    from: 'title: A small trade negotiation',
    to: 'title: A small trade negotiation\ntitel: Again',
    problem: { code: 'UNKNOWN_FIELD', path: 'titel' },
    at: ['titel: Again', 'titel'],
    says: 'did you mean `title`?',
    count: 1,
  },
  {
    name: 'a region value below -1',
    from: 'value: { value: -0.1,',
    to: 'value: { value: -1.5,',
    problem: {
      code: 'VALUE_OUT_OF_RANGE',
      path: 'parties.buyer.regions.0.value.value',
      expected: 'a number in [-1, 1]',
    },
    at: ['value: { value: -1.5', '-1.5'],
    count: 1,
  },
  {
    name: 'a discount factor of 0 (the interval is open at 0)',
    from: 'discountFactor: 0.9',
    to: 'discountFactor: 0',
    problem: {
      code: 'VALUE_OUT_OF_RANGE',
      path: 'parties.buyer.discountFactor',
      expected: 'a number in (0, 1]',
    },
    at: ['discountFactor: 0', '0'],
    count: 1,
  },
  {
    name: 'a list condition on an integer issue',
    from: '          horizon_days: { min: 0, max: 30 }',
    to: '          horizon_days: [short]',
    problem: { code: 'SCHEMA', path: 'parties.buyer.regions.0.when.horizon_days' },
    // A collection value is pointed at by its key.
    at: ['horizon_days: [short]', 'horizon_days'],
    count: 1,
  },
  {
    name: 'a range condition with min > max',
    from: '          horizon_days: { min: 0, max: 30 }',
    to: '          horizon_days: { min: 40, max: 30 }',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.buyer.regions.0.when.horizon_days.max' },
    at: ['horizon_days: { min: 40, max: 30 }', '30'],
    count: 1,
  },
  {
    name: 'an unknown protocol type',
    from: 'type: saop',
    to: 'type: auction',
    problem: { code: 'SCHEMA', path: 'protocol.type' },
    at: ['type: auction', 'auction'],
    count: 1,
  },
  {
    name: 'a mediator at an alternating-offers table',
    from: 'type: saop',
    to: 'type: saop\n  mediator: { type: annealing }',
    problem: { code: 'SCHEMA', path: 'protocol.mediator' },
    at: ['mediator: { type: annealing }', 'mediator'],
    count: 1,
  },
  {
    name: 'an unknown mediator',
    from: 'type: saop',
    to: 'type: mediated\n  mediator: { type: oracle }',
    problem: { code: 'SCHEMA', path: 'protocol.mediator.type' },
    at: ['type: oracle', 'oracle'],
    count: 1,
  },
  {
    name: 'a party twice in the turn order',
    from: 'order: [seller, buyer]',
    to: 'order: [seller, buyer, seller]',
    problem: { code: 'DUPLICATE_ID', path: 'protocol.order.2' },
    at: ['order: [seller, buyer, seller]', 'seller]'],
    count: 1,
  },
];

describe('each rule of the format is reported where it is broken', () => {
  it.each(cases)('$name', (c) => {
    const text = replaceOnce(GOOD, c.from, c.to);
    const problems = problemsOfText(text, 'broken.yaml');
    const found = problems.find((p) => p.code === c.problem.code && p.path === c.problem.path);
    expect(found, JSON.stringify(problems, null, 2)).toMatchObject({ ...c.problem, file: 'broken.yaml' });
    if (c.at) expect(found).toMatchObject(positionIn(text, c.at[0], c.at[1]));
    if (c.says) expect(formatProblem(found as Problem)).toContain(c.says);
    if (c.count !== undefined) expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(c.count);
  });
});

describe('whole-file problems', () => {
  it('an empty file says so, at line 1', () => {
    for (const text of ['', '# only a comment\n']) {
      expect(problemsOfText(text, 'empty.yaml')).toEqual([
        expect.objectContaining({ code: 'SCHEMA', line: 1, column: 1, message: 'the file has no content' }),
      ]);
    }
  });

  it('a list at the top level is a schema problem, not a crash', () => {
    expect(problemsOfText('- 1\n- 2\n', 'list.yaml').map((p) => p.code)).toEqual(['SCHEMA']);
  });

  it('several YAML documents in one file are a syntax error', () => {
    expect(problemsOfText(`${GOOD}\n---\nversion: 1\n`).map((p) => p.code)).toContain('YAML_SYNTAX');
  });

  it('problems in a JSON file point at JSON lines and columns', () => {
    const text = replaceOnce(
      fixtureText('good/minimal.json'),
      '"reservationValue": 0,',
      '"reservationValue": 2,',
    );
    const problems = problemsOfText(text, 'minimal.json');
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'VALUE_OUT_OF_RANGE',
        path: 'parties.a.reservationValue',
        ...positionIn(text, '"reservationValue": 2', '2'),
      }),
    ]);
  });

  it('JSON that YAML would accept but JSON does not (unquoted key) is JSON_SYNTAX', () => {
    const text = replaceOnce(fixtureText('good/minimal.json'), '"title":', 'title:');
    expect(problemsOfText(text, 'minimal.json')).toEqual([
      expect.objectContaining({ code: 'JSON_SYNTAX', ...positionIn(text, 'title:', 'title') }),
    ]);
  });

  it('the problems are sorted by position and formatted with file:line:column', () => {
    const text = replaceOnce(replaceOnce(GOOD, 'version: 1', 'version: 3'), 'atMax: 0.5', 'atMax: 7');
    const problems = problemsOfText(text, 'two.yaml');
    expect(problems.map((p) => p.code)).toEqual(['UNSUPPORTED_VERSION', 'VALUE_OUT_OF_RANGE']);
    expect((problems[0]?.line ?? 0) < (problems[1]?.line ?? 0)).toBe(true);
  });
});
