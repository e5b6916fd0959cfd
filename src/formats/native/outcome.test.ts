/**
 * The `outcome` block: read into a `RecordedOutcome` and taken out of the scenario (no run can see
 * it, not even through its sources), and every mistake in it reported like any other field, with
 * line, column, field path and the ids that would have been right.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../errors.ts';
import { readScenarioText } from './load.ts';
import { fixtureText, positionIn, problemsOfText, replaceOnce } from './test-support.ts';

const WITH = fixtureText('outcome/small-with-outcome.yaml');
const WITHOUT = fixtureText('good/small.yaml');

function read(text: string) {
  const r = readScenarioText(text, 'talks.yaml');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r;
}

describe('a recorded outcome', () => {
  it('is read with the agreed values as engine values in issue order', () => {
    const r = read(WITH);
    expect(r.outcome).toEqual({
      date: '2025-05-12',
      agreement: [1, 90, 4.5],
      notes: { tariffs: 'The joint statement halves the tariff: the middle value of the issue.' },
      sources: ['https://example.org/recorded-outcome'],
      note: 'Invented for the tests.',
    });
  });

  it('is taken out of the scenario: the file, the raw data and the sources never hold it', () => {
    const r = read(WITH);
    expect('outcome' in r.file).toBe(false);
    expect(Object.hasOwn(r.raw as object, 'outcome')).toBe(false);
    expect(r.scenario.sources).not.toContain('https://example.org/recorded-outcome');
    const plain = read(WITHOUT);
    expect(plain.outcome).toBeUndefined();
    expect(r.scenario.sources).toEqual(plain.scenario.sources);
    expect(r.scenario.parameters).toEqual(plain.scenario.parameters);
    expect(r.raw).toEqual(plain.raw);
  });

  it('may record talks that ended without agreement', () => {
    const text = replaceOnce(
      WITH,
      'agreement: true\n  values: # the agreed package\n    tariffs: medium\n    horizon_days: 90\n    price: 4.5\n',
      'agreement: false\n',
    );
    expect(read(text).outcome?.agreement).toBeNull();
  });
});

interface Case {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly problem: Partial<Problem>;
  /** Line marker (and needle) in the broken text where the problem must point. */
  readonly at: readonly [string, string?];
  readonly says?: string;
}

const cases: Case[] = [
  {
    name: 'an unknown issue id among the values',
    from: '    horizon_days: 90\n',
    to: '    horizon_days: 90\n    tarifs_us: low\n',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'outcome.values.tarifs_us' },
    at: ['tarifs_us: low', 'tarifs_us'],
    says: 'an issue id: tariffs, horizon_days or price',
  },
  {
    name: 'an unknown value id',
    from: 'tariffs: medium',
    to: 'tariffs: mediun',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'outcome.values.tariffs' },
    at: ['tariffs: mediun', 'mediun'],
    says: 'did you mean `medium`?',
  },
  {
    name: 'a number for a discrete issue',
    from: 'tariffs: medium',
    to: 'tariffs: 2',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'outcome.values.tariffs' },
    at: ['tariffs: 2', '2'],
    says: 'a value id of `tariffs`: high, medium or low',
  },
  {
    name: 'an issue left out',
    from: '    price: 4.5\n',
    to: '',
    problem: { code: 'SCHEMA', path: 'outcome.values' },
    at: ['values: # the agreed', 'values'],
    says: 'no value for issue `price`',
  },
  {
    name: 'a number outside the issue range',
    from: 'horizon_days: 90\n',
    to: 'horizon_days: 120\n',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'outcome.values.horizon_days' },
    at: ['horizon_days: 120', '120'],
    says: 'a number in [0, 90]',
  },
  {
    name: 'a fraction for an integer issue',
    from: 'horizon_days: 90\n',
    to: 'horizon_days: 30.5\n',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'outcome.values.horizon_days' },
    at: ['horizon_days: 30.5', '30.5'],
    says: 'a whole number',
  },
  {
    name: 'a value id for a real issue',
    from: 'price: 4.5',
    to: 'price: cheap',
    problem: { code: 'SCHEMA', path: 'outcome.values.price' },
    at: ['price: cheap', 'cheap'],
    says: 'is real: its agreed value is a number',
  },
  {
    name: 'values without an agreement',
    from: 'agreement: true',
    to: 'agreement: false',
    problem: { code: 'SCHEMA', path: 'outcome.values' },
    at: ['values: # the agreed', 'values'],
    says: 'without agreement',
  },
  {
    name: 'an agreement without values',
    from: '  values: # the agreed package\n    tariffs: medium\n    horizon_days: 90\n    price: 4.5\n',
    to: '',
    problem: { code: 'SCHEMA', path: 'outcome.agreement' },
    at: ['agreement: true', 'agreement'],
    says: 'the agreed value of every issue',
  },
  {
    name: 'a date that is not a calendar date',
    from: 'date: "2025-05-12"',
    to: 'date: "2025-02-30"',
    problem: { code: 'SCHEMA', path: 'outcome.date' },
    at: ['date: "2025-02-30"', '"2025'],
    says: 'YYYY-MM-DD',
  },
  {
    name: 'no sources',
    from: '  sources: [https://example.org/recorded-outcome]\n',
    to: '',
    problem: { code: 'SCHEMA', path: 'outcome.sources' },
    at: ['outcome:'],
  },
  {
    name: 'an empty list of sources',
    from: 'sources: [https://example.org/recorded-outcome]',
    to: 'sources: []',
    problem: { code: 'SCHEMA', path: 'outcome.sources' },
    at: ['sources: []', 'sources'],
    says: 'at least 1',
  },
  {
    name: 'a note on an unknown issue',
    from: '    tariffs: "The joint',
    to: '    tarrifs: "The joint',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'outcome.notes.tarrifs' },
    at: ['tarrifs: "The joint', 'tarrifs'],
    says: 'did you mean `tariffs`?',
  },
  {
    name: 'a misspelt field',
    from: '  note: Invented',
    to: '  notez: Invented',
    problem: { code: 'UNKNOWN_FIELD', path: 'outcome.notez' },
    at: ['notez:', 'notez'],
  },
];

describe('mistakes in an outcome block', () => {
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const text = replaceOnce(WITH, c.from, c.to);
      const problems = problemsOfText(text, 'talks.yaml');
      const hit = problems.find((p) => p.code === c.problem.code && p.path === c.problem.path);
      expect(hit, problems.map(formatProblem).join('\n')).toBeDefined();
      expect(hit).toMatchObject({ file: 'talks.yaml', ...c.problem, ...positionIn(text, ...c.at) });
      if (c.says) expect(formatProblem(hit as Problem)).toContain(c.says);
    });
  }
});
