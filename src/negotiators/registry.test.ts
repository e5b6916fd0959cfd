import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import { negotiatorContext, negotiatorSetup, twoIssueScenario } from '../run/test-scenarios.ts';
import { createNegotiator, isBuiltInSpec, listNegotiators, registerNegotiator } from './registry.ts';
import { TimeDependentNegotiator } from './time-dependent.ts';

const scenario = twoIssueScenario();
const setup = negotiatorSetup(scenario, 'seller');

function problemOf(f: () => unknown) {
  try {
    f();
  } catch (err) {
    if (err instanceof LancasterError) return err.problems[0];
    throw err;
  }
  throw new Error('expected a LancasterError');
}

describe('the negotiator registry', () => {
  it('lists the built-ins with docs and parameters', () => {
    const list = listNegotiators();
    const names = list.map((n) => n.name);
    expect(names).toEqual(
      expect.arrayContaining(['boulware', 'linear', 'conceder', 'hardliner', 'timedep', 'random']),
    );
    for (const n of list) expect(n.doc.length).toBeGreaterThan(5);
    const boulware = list.find((n) => n.name === 'boulware');
    expect(boulware?.params.map((p) => p.name)).toEqual(['e', 'k', 'accept']);
    expect(boulware?.params.find((p) => p.name === 'e')?.default).toBe(0.2);
    expect(list.find((n) => n.name === 'timedep')?.params.find((p) => p.name === 'e')?.required).toBe(true);
    expect(list.find((n) => n.name === 'random')?.params.map((p) => p.name)).toEqual(['p']);
  });

  it.each([
    ['boulware', 0.2],
    ['linear', 1],
    ['conceder', 2],
    ['hardliner', 0],
    ['timedep:e=0.7', 0.7],
    ['boulware:e=3', 3],
  ])('%s bids on the curve with e = %f', (spec, e) => {
    const made = createNegotiator(spec, setup);
    const reference = new TimeDependentNegotiator(setup, { e, k: 0 });
    for (const t of [0, 0.2, 0.5, 0.8, 0.95, 1]) {
      expect(made.act(negotiatorContext(t, null, 9))).toEqual(reference.act(negotiatorContext(t, null, 9)));
    }
  });

  it('reports the canonical spec', () => {
    expect(createNegotiator('boulware', setup).spec).toBe('boulware');
    expect(createNegotiator(' linear : k = 0.1 , accept = any( next , time(t=0.9) ) ', setup).spec).toBe(
      'linear:k=0.1,accept=any(next,time(t=0.9))',
    );
  });

  it('uses the acceptance condition given', () => {
    const generous = createNegotiator('hardliner:accept=const(c=0.5)', setup);
    const strict = createNegotiator('hardliner', setup);
    const offer = [3, 2]; // seller: 0.6·0.6 + 0.4·0.8 = 0.68
    expect(generous.act(negotiatorContext(0.1, offer)).type).toBe('accept');
    expect(strict.act(negotiatorContext(0.1, offer)).type).toBe('offer');
  });

  it('names the known negotiators when the name is unknown', () => {
    const p = problemOf(() => createNegotiator('tit-for-tat', setup));
    expect(p?.code).toBe('UNKNOWN_NEGOTIATOR');
    expect(p?.message).toContain("'tit-for-tat'");
    expect(p?.expected).toContain('boulware');
    expect(p?.expected).toContain('random');
  });

  it.each([
    ['boulware:z=1', /unknown parameter 'z'/],
    ['boulware:1', /without a name/],
    ['timedep', /'e' is required/],
    ['timedep:k=0.1', /'e' is required/],
    ['linear:e=-1', /e is -1/],
    ['linear:e=true', /e is true/],
    ['linear:k=2', /k is 2/],
    ['random:p=1.5', /p is 1.5/],
    ['random:e=1', /unknown parameter 'e'/],
    ['conceder:accept=maybe', /unknown acceptance condition 'maybe'/],
    ['conceder:accept=const', /'c' is required/],
    ['conceder:e=', /value/],
  ])('rejects %s', (spec, message) => {
    const p = problemOf(() => createNegotiator(spec, setup));
    expect(p?.code).toBe('BAD_NEGOTIATOR_SPEC');
    expect(`${p?.message} ${p?.expected ?? ''}`).toMatch(message);
  });

  it('registers new negotiators and checks their declared parameters', () => {
    registerNegotiator(
      'test-fixed',
      (params) => ({
        spec: 'ignored',
        act: () => (params.quit === true ? { type: 'end' } : { type: 'offer', outcome: [3, 3] }),
      }),
      'always the same',
      [{ name: 'quit', doc: 'walk away instead', type: 'boolean', default: false }],
    );
    expect(listNegotiators().find((n) => n.name === 'test-fixed')?.doc).toBe('always the same');
    const n = createNegotiator('test-fixed', setup);
    expect(n.spec).toBe('test-fixed');
    expect(n.act(negotiatorContext(0, null))).toEqual({ type: 'offer', outcome: [3, 3] });
    expect(createNegotiator('test-fixed:quit=true', setup).act(negotiatorContext(0, null))).toEqual({
      type: 'end',
    });
    expect(problemOf(() => createNegotiator('test-fixed:quit=1', setup))?.message).toMatch(/quit is 1/);
    expect(
      problemOf(() => registerNegotiator('bad name', () => createNegotiator('linear', setup), 'x'))?.code,
    ).toBe('BAD_NEGOTIATOR_SPEC');
  });

  it('tells Lancaster’s own negotiators from external and registered ones', () => {
    expect(isBuiltInSpec('boulware:e=0.1')).toBe(true);
    expect(isBuiltInSpec('boa:bid=time(e=0.2),model=frequency,accept=next')).toBe(true);
    expect(isBuiltInSpec('external:python3 agent.py')).toBe(false);
    expect(isBuiltInSpec('test-fixed')).toBe(false);
    expect(isBuiltInSpec('boulware:(')).toBe(false);
    registerNegotiator('test-builtin-replaced', () => createNegotiator('linear', setup), 'x');
    expect(isBuiltInSpec('test-builtin-replaced')).toBe(false);
  });
});
