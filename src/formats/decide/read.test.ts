/**
 * The Decide reader on small fixtures of both variants (test/fixtures/decide: `;`-separated with
 * the meaning of scale points, and tab-separated with quoted fields), each quirk of real files as a
 * warning with its line, malformed input as errors with line and column, and the native scenario
 * it becomes: real issues over their scales, parties with power, absolute saliences and peaks, the
 * spatial negotiator, and ranges around the data's values marked as judgements. Where the shared
 * data are present, both COP21 variants give the same numbers.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, LancasterError, type Problem } from '../../errors.ts';
import { fixturePath, fixtureText } from '../native/test-support.ts';
import { loadDecideFile } from './load.ts';
import { DECIDE_UNCERTAINTY, decideNativeData } from './native.ts';
import { looksLikeDecide, parseDecideText, splitDecideLine } from './read.ts';

const SEMI = fixtureText('decide/three-blocs.csv');
const TAB = fixtureText('decide/three-blocs.tab.csv');

function problemsOf(text: string): readonly Problem[] {
  try {
    parseDecideText(text, 'x.csv');
  } catch (e) {
    if (e instanceof LancasterError) return e.problems;
    throw e;
  }
  throw new Error('expected a LancasterError');
}

const lineOf = (text: string, marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

describe('splitting a line', () => {
  it('reads both variants, quotes removed, with each field’s column', () => {
    expect(splitDecideLine('#D;USA;legal;40;1;1').map((f) => f.text)).toEqual([
      '#D',
      'USA',
      'legal',
      '40',
      '1',
      '1',
    ]);
    expect(splitDecideLine("'#A'\t'EU (incl Norway)'\t'EU'\t''").map((f) => f.text)).toEqual([
      '#A',
      'EU (incl Norway)',
      'EU',
      '',
    ]);
    expect(splitDecideLine("'#D'\t'EU'\t'x'\t10.0").map((f) => f.column)).toEqual([1, 6, 11, 15]);
    expect(splitDecideLine("#M;x;50;'Binding; with targets'").map((f) => f.text)[3]).toBe(
      'Binding; with targets',
    );
  });

  it('recognises a Decide file by its first record', () => {
    expect(looksLikeDecide(SEMI)).toBe(true);
    expect(looksLikeDecide(TAB)).toBe(true);
    expect(looksLikeDecide('version: 1\nid: x\n')).toBe(false);
  });
});

describe('reading both variants', () => {
  const semi = parseDecideText(SEMI, 'three-blocs.csv');
  const tab = parseDecideText(TAB, 'three-blocs.tab.csv');

  it('gives the same actors, issues and data in both', () => {
    for (const r of [semi, tab]) {
      expect(r.data.actors.map((a) => a.id)).toEqual(['North', 'South', 'Islands']);
      expect(r.data.issues.map((i) => [i.id, i.min, i.max])).toEqual([
        ['ambition', 0, 100],
        ['fund', 0, 100],
      ]);
      expect(r.data.rows.find((x) => x.actor === 'South' && x.issue === 'fund')).toMatchObject({
        position: 100,
        salience: 1,
        power: 0.5,
      });
      expect(r.data.power.get('Islands')).toBe(0.25);
    }
    expect(semi.data.title).toBe('Three blocs on two issues (invented test data)');
    expect(semi.data.issues[0]?.scale.map((p) => p.meaning)).toEqual([
      'No target',
      'A non-binding target',
      'A binding target',
    ]);
    expect(tab.data.issues[0]?.scale.map((p) => p.meaning)).toEqual([undefined, undefined]);
    // Long comments become notes; column headings do not.
    expect(semi.data.comments).toEqual([
      'A test fixture of the Decide format: the semicolon-separated variant with the meaning of scale points',
    ]);
  });

  it('warns, with the line, about an actor with data rows but no #A line, and reads it', () => {
    expect(tab.warnings).toEqual([]);
    expect(semi.warnings).toEqual([
      expect.objectContaining({
        code: 'DECIDE_QUIRK',
        severity: 'warning',
        line: lineOf(SEMI, '#D;Islands;ambition'),
        message: expect.stringContaining('"Islands" has data rows but no #A line'),
      }),
    ]);
  });
});

describe('quirks read by rule, each a warning with its line', () => {
  const warningsOf = (text: string) =>
    parseDecideText(text, 'x.csv').warnings.map((w) => [w.line, w.message]);

  it('an issue without #P, a repeated row, a position outside the scale, powers that differ', () => {
    const text = `${SEMI}#D;North;ambition;25;0.8;1\n#D;North;speed;120;0.5;0.9\n#D;South;speed;10;0.5;0.5\n`;
    const w = warningsOf(text);
    const again = lineOf(text, '#D;North;ambition;25');
    const speed = lineOf(text, '#D;North;speed');
    expect(w).toEqual(
      expect.arrayContaining([
        [again, expect.stringContaining('a second #D row for North on ambition')],
        [speed, expect.stringContaining('issue "speed" has no #P line')],
        [speed, expect.stringContaining('the position 120 on speed lies outside its scale 0–100')],
        [again, expect.stringContaining('different powers on different issues (1, 0.9)')],
      ]),
    );
    const r = parseDecideText(text, 'x.csv');
    expect(r.data.rows.find((x) => x.actor === 'North' && x.issue === 'ambition')?.position).toBe(25);
    expect(r.data.issues.find((i) => i.id === 'speed')).toMatchObject({ min: 0, max: 120 });
    expect(r.data.power.get('North')).toBeCloseTo(2.9 / 3, 12);
  });

  it('saliences in percent, powers above 1, an actor declared without data, an unknown record', () => {
    const text = `${SEMI.replaceAll(';0.8;1', ';80;4').replace('#A;South', '#A;Nobody;Nobody;;;\n#A;South')}#X;what\n`;
    const r = parseDecideText(text, 'x.csv');
    expect(r.data.rows.find((x) => x.actor === 'North' && x.issue === 'ambition')).toMatchObject({
      salience: 0.8,
      power: 1,
    });
    expect(r.data.power.get('South')).toBe(0.125);
    expect(r.data.actors.map((a) => a.id)).toEqual(['North', 'South', 'Islands']);
    const messages = r.warnings.map((w) => w.message).join('\n');
    expect(messages).toContain('read as percentages');
    expect(messages).toContain('divided by the largest, 4');
    expect(messages).toContain('"Nobody" has no #D data rows: it is left out');
    expect(messages).toContain('unknown record "#X"');
  });
});

describe('errors, with line and column', () => {
  it('a position that is not a number (with a hint for a decimal comma)', () => {
    const text = SEMI.replace('#D;North;fund;0;0.5;1', '#D;North;fund;0;0,5;1');
    expect(problemsOf(text).filter((p) => p.code === 'DECIDE_FORMAT')).toEqual([
      expect.objectContaining({
        code: 'DECIDE_FORMAT',
        line: lineOf(text, '#D;North;fund'),
        column: '#D;North;fund;0;'.length + 1,
        message: 'the salience "0,5" is not a number',
        expected: 'a decimal point, not a comma: 0.5',
      }),
    ]);
  });

  it('a data row with fields missing, and a file with fewer than two actors', () => {
    const short = SEMI.replace('#D;North;fund;0;0.5;1', '#D;North;fund;0');
    expect(problemsOf(short).map((p) => [p.line, p.message])).toEqual(
      expect.arrayContaining([
        [lineOf(short, '#D;North;fund'), 'no salience'],
        [lineOf(short, '#D;North;fund'), 'no power'],
      ]),
    );
    const lonely = '#A;North;North\n#P;x;x\n#D;North;x;10;0.5;1\n';
    expect(problemsOf(lonely)[0]?.message).toBe('the file has data for 1 actor');
    expect(formatProblem(problemsOf(lonely)[0] as Problem)).toContain('at least two actors');
  });
});

describe('the native scenario of Decide data', () => {
  const { data } = parseDecideText(SEMI, '/some/where/three-blocs.csv');

  it('has real issues over their scales, and one party per actor with power, saliences, peaks and the spatial negotiator', () => {
    const { native } = decideNativeData(data);
    expect(native.id).toBe('three-blocs');
    expect(native.issues).toEqual([
      expect.objectContaining({
        id: 'ambition',
        type: 'real',
        min: 0,
        max: 100,
        scale: [
          { at: 0, label: 'No target' },
          { at: 50, label: 'A non-binding target' },
          { at: 100, label: 'A binding target' },
        ],
      }),
      expect.objectContaining({ id: 'fund', label: 'Size of the fund' }),
    ]);
    const [north] = native.parties as Record<string, unknown>[];
    expect(north).toMatchObject({
      id: 'north',
      label: 'The North',
      negotiator: 'spatial',
      power: { triangular: [0.8, 1, 1], judgement: DECIDE_UNCERTAINTY.power.judgement },
      salience: { ambition: { triangular: [0.7, 0.8, 0.9] } },
      evaluators: { ambition: { peak: { at: { triangular: [10, 20, 30] } } } },
    });
  });

  it('writes the data’s values alone with uncertainty: false', () => {
    const { native } = decideNativeData(data, { uncertainty: false });
    expect((native.parties as Record<string, unknown>[])[2]).toMatchObject({
      id: 'islands',
      power: 0.25,
      salience: { ambition: 1, fund: 0.6 },
      evaluators: { fund: { peak: { at: 60 } } },
    });
  });

  it('loads as a scenario that passes the native checks, with the positions as parameters', () => {
    const { scenario, warnings, nativeData } = loadDecideFile(fixturePath('decide/three-blocs.csv'));
    expect(warnings).toHaveLength(1);
    expect(nativeData).toBeDefined();
    expect(scenario.parties.map((p) => [p.id, p.power])).toEqual([
      ['north', 1],
      ['south', 0.5],
      ['islands', 0.25],
    ]);
    const at = scenario.parameters.find((p) => p.path === 'parties.south.evaluators.fund.peak.at');
    expect(at).toMatchObject({ value: 100, range: [90, 100] });
    expect(scenario.forecast?.runs).toBe(1000);
  });

  const shared = resolve(import.meta.dirname, '../../../../shared/data/decide');
  it.skipIf(!existsSync(shared))('reads both COP21 variants of the shared data to the same numbers', () => {
    const a = loadDecideFile(`${shared}/cop21-paris-2015.csv`).scenario;
    const b = loadDecideFile(`${shared}/cop21-paris-2015.tab.csv`).scenario;
    expect(a.parties).toHaveLength(15);
    expect(a.space.issues).toHaveLength(13);
    const key = (s: typeof a) =>
      s.parties
        .map((p) => `${p.power}|${p.salience?.join(',')}`)
        .sort()
        .join(';');
    expect(key(a)).toBe(key(b));
  });
});
