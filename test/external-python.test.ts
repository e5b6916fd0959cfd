/**
 * The Python side of external negotiators: the one-file standard-library client
 * (clients/python/lancaster_client.py) plays a session, and NegMAS negotiators sit at Lancaster's
 * table through the adapter (clients/python/negmas_adapter.py), NegMAS run from the anchors with
 * Debian's python3. Missing python or NegMAS skips locally with a message and fails in CI.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGeniusFolder } from '../src/formats/genius/folder.ts';
import { partyUtility } from '../src/model/party.ts';
import { runSession } from '../src/run/session.ts';
import { twoIssueScenario } from '../src/run/test-scenarios.ts';
import { dataPath, hasData } from './support/data.ts';
import { CLIENTS, hasNegmas, hasPython, negmasSpec, PYTHON } from './support/python.ts';

describe('the Python client (standard library only)', () => {
  it.runIf(hasPython())('plays a session to an agreement that crosses none of its red lines', () => {
    const s = twoIssueScenario();
    const spec = `external:${PYTHON} ${join(CLIENTS, 'lancaster_client.py')}`;
    const { result } = runSession(s, { seed: 3, negotiators: { buyer: spec, seller: 'conceder' } });
    expect(result?.error).toBeFalsy();
    expect(result?.status).toBe('agreement');
    const buyer = s.parties.find((p) => p.id === 'buyer');
    expect(buyer?.utility.acceptable(result?.agreement as number[])).toBe(true);
    // Its time-dependent target: it asks for at least 1 − 0.5·t³ of its own utility.
    expect(result?.utilities.buyer).toBeGreaterThanOrEqual(1 - 0.5 * (result?.t ?? 1) ** 3 - 1e-9);
  });

  it.runIf(hasPython())('plays either role, and votes at a mediated table by its default rule', () => {
    const s = twoIssueScenario();
    const spec = `external:${PYTHON} ${join(CLIENTS, 'lancaster_client.py')}`;
    const { result } = runSession(s, { seed: 4, negotiators: { buyer: 'linear', seller: spec } });
    expect(result?.error).toBeFalsy();
    expect(['agreement', 'deadline']).toContain(result?.status);
  });
});

describe('NegMAS negotiators through the adapter', () => {
  it.runIf(hasPython() && hasNegmas())('BoulwareTBNegotiator plays both roles against our boulware', () => {
    const s = twoIssueScenario({ actionBudgetMs: 20_000 });
    for (const [buyer, seller] of [
      [negmasSpec('BoulwareTBNegotiator'), 'conceder'],
      ['conceder', negmasSpec('BoulwareTBNegotiator')],
    ] as const) {
      const { result } = runSession(s, { seed: 1, negotiators: { buyer, seller } });
      expect(result?.error, JSON.stringify(result?.error)).toBeFalsy();
      expect(['agreement', 'deadline']).toContain(result?.status);
      if (result?.agreement) {
        for (const p of s.parties) expect(p.utility.acceptable(result.agreement)).toBe(true);
      }
    }
  });

  it.runIf(hasPython() && hasNegmas() && hasData('genius', 'anac2011_Camera'))(
    "negmas_genius_agents' HardHeaded reaches an agreement with our HardHeaded on Camera",
    () => {
      const { scenario } = loadGeniusFolder(dataPath('genius', 'anac2011_Camera'));
      const s = { ...scenario, protocol: { ...scenario.protocol, rounds: 60, actionBudgetMs: 20_000 } };
      const [a, b] = s.protocol.order as [string, string];
      const { result } = runSession(s, {
        seed: 2,
        negotiators: { [a]: negmasSpec('HardHeaded'), [b]: 'hardheaded' },
      });
      expect(result?.error, JSON.stringify(result?.error)).toBeFalsy();
      expect(result?.status).toBe('agreement');
      const pa = s.parties.find((p) => p.id === a);
      expect(partyUtility(pa as (typeof s.parties)[number], result?.agreement as number[])).toBeGreaterThan(
        0.5,
      );
    },
  );
});
