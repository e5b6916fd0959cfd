/**
 * The scenario studio's endpoints (src/server/studio.ts) through `app.request`: a shipped file to
 * edit; a run and a forecast of a document, equal to what the library gives for the same file and
 * seed; every problem of a bad document at once, with its field; a draft refused with its todos;
 * the hardening every write of the API has (JSON only, no prototype keys, limits by address), and
 * the studio's own bounds (body size, rounds, runs, one forecast at a time); GENIUS and GeniusWeb
 * imports read by `lancaster import`'s readers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toNativeYaml } from '../../src/formats/export/native-yaml.ts';
import { loadGeniusFolder } from '../../src/formats/genius/folder.ts';
import { validateScenarioData } from '../../src/formats/native/load.ts';
import { resolveScenarioPath } from '../../src/formats/scenario-files.ts';
import { loadScenarioTemplate } from '../../src/formats/scenario-template.ts';
import { runForecast } from '../../src/run/forecast.ts';
import { simulate } from '../../src/run/simulate.ts';
import { API_ERROR_STATUS } from '../../src/server/api.ts';
import { shippedScenarios } from '../../src/server/sessions.ts';
import { commonStem } from '../../src/server/studio.ts';
import { STUDIO_LIMITS } from '../../src/server/studio-api.ts';
import { InlineStudioRunner, ThreadedStudioRunner } from '../../src/server/studio-jobs.ts';
import { call, testApp } from './helpers.ts';

const SMALL = 'test/fixtures/good/small.yaml';
const small = () => parse(readFileSync(SMALL, 'utf8')) as Record<string, unknown>;
/** A scenario whose runs are quick (one discrete issue), for forecasts. */
const KNOWN = 'test/fixtures/forecast/known.yaml';
const known = () => parse(readFileSync(KNOWN, 'utf8')) as Record<string, unknown>;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON in tests
function expectError(r: { status: number; body: any; text: string }, code: string) {
  expect(r.body?.error?.code, r.text).toBe(code);
  expect(r.status).toBe(API_ERROR_STATUS[code as keyof typeof API_ERROR_STATUS]);
}

describe('GET /api/studio/scenarios/:id', () => {
  it("hands out a shipped scenario's own file, comments and all", async () => {
    const { app } = testApp({ scenarios: shippedScenarios() });
    const r = await call(app, 'GET', '/api/studio/scenarios/london-2025');
    expect(r.status).toBe(200);
    expect(r.body.file).toBe('london-2025.yaml');
    expect(r.body.text).toBe(readFileSync(resolveScenarioPath('london-2025'), 'utf8'));
    expectError(await call(app, 'GET', '/api/studio/scenarios/nowhere'), 'SCENARIO_NOT_FOUND');
    expectError(await call(app, 'GET', '/api/studio/scenarios/..%2Fx'), 'BAD_REQUEST');
  });

  it('writes a scenario without a file of its own as native YAML that validates', async () => {
    const { app } = testApp();
    const r = await call(app, 'GET', '/api/studio/scenarios/pair');
    expect(r.status).toBe(200);
    expect(validateScenarioData(parse(r.body.text), 'pair.yaml').ok).toBe(true);
  });
});

describe('POST /api/studio/simulate', () => {
  it('runs the document as the library runs the file, with the same seed', async () => {
    const { app } = testApp();
    const r = await call(app, 'POST', '/api/studio/simulate', { body: { scenario: small(), seed: 7 } });
    expect(r.status, r.text).toBe(200);
    const checked = validateScenarioData(small(), SMALL);
    if (!checked.ok) throw new Error('fixture');
    const sim = simulate(checked.scenario, { seed: 7 });
    expect(r.body.status).toBe(sim.result.status);
    expect(r.body.agreement).toEqual(
      sim.result.agreement ? checked.scenario.space.toRecord(sim.result.agreement) : null,
    );
    expect(r.body.parties.map((p: { id: string }) => p.id)).toEqual(['buyer', 'seller']);
    expect(r.body.offers.length).toBe(sim.result.events.filter((e) => e.type === 'offer').length);
    expect(r.body.offers[0].utilities).toHaveLength(2);
    // Another seed, other negotiators: the request's settings are used.
    const other = await call(app, 'POST', '/api/studio/simulate', {
      body: { scenario: small(), seed: 7, negotiators: { buyer: 'conceder' } },
    });
    expect(other.body.negotiators.buyer).toBe('conceder');
  });

  it('answers every problem of a bad document at once, each with its field', async () => {
    const { app } = testApp();
    const doc = small();
    const parties = doc.parties as Record<string, unknown>[];
    (parties[1] as { weights: Record<string, number> }).weights.price = 0.9;
    (parties[0] as Record<string, unknown>).reservationValue = 1.5;
    const r = await call(app, 'POST', '/api/studio/simulate', { body: { scenario: doc } });
    expectError(r, 'INVALID_SCENARIO');
    const paths = r.body.error.problems.map((p: { path?: string }) => p.path);
    expect(paths).toContain('parties.seller.weights');
    expect(paths).toContain('parties.buyer.reservationValue');
    expect(r.body.error.message).toContain('2 problems');
  });

  it('refuses a draft with its open todos', async () => {
    const { app } = testApp();
    const doc = {
      ...small(),
      status: 'draft',
      todos: [
        { id: 'w', kind: 'weights', task: 'Weigh the issues for the buyer', evidence: [] },
        { id: 'done-one', kind: 'parties', task: 'Check the parties', evidence: [], done: true },
      ],
    };
    const r = await call(app, 'POST', '/api/studio/simulate', { body: { scenario: doc } });
    expectError(r, 'SCENARIO_DRAFT');
    expect(r.body.error.message).toContain('1 open todo');
    expect(r.body.error.problems).toEqual([
      expect.objectContaining({ path: 'todos.w', message: expect.stringContaining('Weigh the issues') }),
    ]);
  });

  it('keeps to the studio bounds and to the rules of every write', async () => {
    const { app } = testApp();
    const long = {
      ...small(),
      protocol: { type: 'saop', deadline: { rounds: STUDIO_LIMITS.maxRounds + 1 } },
    };
    const r = await call(app, 'POST', '/api/studio/simulate', { body: { scenario: long } });
    expectError(r, 'BAD_REQUEST');
    expect(r.body.error.path).toBe('protocol.deadline.rounds');
    expectError(
      await call(app, 'POST', '/api/studio/simulate', {
        raw: JSON.stringify({ scenario: small() }),
        headers: { 'content-type': 'text/plain' },
      }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await call(app, 'POST', '/api/studio/simulate', { raw: '{"scenario":{"__proto__":{"x":1}}}' }),
      'FORBIDDEN_KEY',
    );
    expectError(
      await call(app, 'POST', '/api/studio/simulate', { body: { scenario: small(), extra: 1 } }),
      'BAD_REQUEST',
    );
    // A document above the session API's 64 KiB is fine here; above the studio's cap it is not.
    const big = { ...small(), description: 'x'.repeat(200_000) };
    expect((await call(app, 'POST', '/api/studio/simulate', { body: { scenario: big } })).status).toBe(200);
    const huge = { ...small(), description: 'x'.repeat(STUDIO_LIMITS.maxBodyBytes) };
    expectError(
      await call(app, 'POST', '/api/studio/simulate', { body: { scenario: huge } }),
      'BODY_TOO_LARGE',
    );
    expectError(
      await call(app, 'POST', '/api/sessions', {
        raw: JSON.stringify({ scenario: 'pair', x: 'y'.repeat(70_000) }),
      }),
      'BODY_TOO_LARGE',
    );
  });

  it('is rate-limited by client address', async () => {
    const { app } = testApp({ rateLimit: { perSecond: 1, burst: 2 } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await call(app, 'POST', '/api/studio/simulate', { body: { scenario: small() } })).status);
    expect(codes).toEqual([200, 200, 429]);
  });
});

describe('POST /api/studio/forecast', () => {
  it('forecasts the document as the library forecasts the file', async () => {
    const { app } = testApp();
    const r = await call(app, 'POST', '/api/studio/forecast', {
      body: { scenario: known(), runs: 300, seed: 3 },
    });
    expect(r.status, r.text).toBe(200);
    const { template } = loadScenarioTemplate(KNOWN);
    const direct = await runForecast(template, { runs: 300, seed: 3, threads: 1 });
    expect(r.body.runs).toBe(300);
    expect(r.body.agreement).toEqual(JSON.parse(JSON.stringify(direct.agreement)));
    expect(r.body.packages).toEqual(JSON.parse(JSON.stringify(direct.packages)));
    expect(r.body.sensitivity.firstOrder.length).toBeGreaterThan(0);
  });

  it('runs one forecast at a time and bounds the runs', async () => {
    const { app } = testApp();
    const body = { scenario: known(), runs: 1000, sensitivity: false };
    const first = call(app, 'POST', '/api/studio/forecast', { body });
    const second = await call(app, 'POST', '/api/studio/forecast', { body });
    expectError(second, 'STUDIO_BUSY');
    expect(second.headers.get('retry-after')).toBe('2');
    expect((await first).status).toBe(200);
    expectError(
      await call(app, 'POST', '/api/studio/forecast', {
        body: { scenario: small(), runs: STUDIO_LIMITS.maxRuns + 1 },
      }),
      'BAD_REQUEST',
    );
  });
});

describe('ThreadedStudioRunner', () => {
  it('runs jobs in a thread of their own, as in this thread, and stops one past its time', {
    timeout: 120_000,
  }, async () => {
    const runner = new ThreadedStudioRunner({ seconds: { simulate: 60, forecast: 60 } });
    const hasty = new ThreadedStudioRunner({ seconds: { simulate: 60, forecast: 0.05 } });
    try {
      const request = { scenario: known(), runs: 200, seed: 5, sensitivity: false };
      const threaded = await runner.forecast(request);
      const inline = await new InlineStudioRunner().forecast(request);
      expect(JSON.parse(JSON.stringify(threaded))).toEqual(JSON.parse(JSON.stringify(inline)));
      // A user's mistake comes back with its problems.
      const draft = runner.simulate({ scenario: { ...known(), status: 'draft' } });
      await expect(draft).rejects.toMatchObject({ code: 'SCENARIO_DRAFT' });
      // Over its time: stopped, and the next job gets a fresh thread.
      await expect(hasty.forecast({ ...request, runs: 5000 })).rejects.toMatchObject({
        code: 'STUDIO_TOO_LONG',
      });
      expect(hasty.busy).toBe(false);
      expect((await runner.simulate({ scenario: known(), seed: 2 })).status).toBeDefined();
    } finally {
      await runner.close();
      await hasty.close();
    }
  });
});

const LAPTOP = '../shared/data/genius/anac2011_Laptop';
const FLIGHTS = '../shared/data/geniusweb/FlightBooking';

describe('POST /api/studio/import', () => {
  it.skipIf(!existsSync(LAPTOP))(
    'reads a GENIUS folder as lancaster import does, without its path',
    async () => {
      const { app } = testApp();
      const files = readdirSync(LAPTOP)
        .filter((n) => n.endsWith('.xml'))
        .map((name) => ({ name, text: readFileSync(join(LAPTOP, name), 'utf8') }));
      const r = await call(app, 'POST', '/api/studio/import', { body: { files, name: 'anac2011_Laptop' } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.file).toBe('anac2011-laptop.yaml');
      expect(r.body.text).not.toContain('lancaster-import-');
      const mine = validateScenarioData(parse(r.body.text), 'import');
      const theirs = validateScenarioData(parse(toNativeYaml(loadGeniusFolder(LAPTOP).scenario)), 'cli');
      if (!mine.ok || !theirs.ok) throw new Error('import does not validate');
      expect(mine.scenario.parties.map((p) => p.utility.weights)).toEqual(
        theirs.scenario.parties.map((p) => p.utility.weights),
      );
      expect(mine.scenario.parties.map((p) => p.id)).toEqual(theirs.scenario.parties.map((p) => p.id));
    },
  );

  it.skipIf(!existsSync(FLIGHTS))('reads GeniusWeb files', async () => {
    const { app } = testApp();
    const files = readdirSync(FLIGHTS).map((name) => ({
      name,
      text: readFileSync(join(FLIGHTS, name), 'utf8'),
    }));
    const r = await call(app, 'POST', '/api/studio/import', { body: { files, name: 'FlightBooking' } });
    expect(r.status, r.text).toBe(200);
    expect(validateScenarioData(parse(r.body.text), 'import').ok).toBe(true);
  });

  it('names files sent without their folder after what their names share', () => {
    expect(commonStem(['laptop_domain.xml', 'laptop_buyer_utility.xml', 'laptop_seller_utility.xml'])).toBe(
      'laptop',
    );
    expect(commonStem(['a.xml', 'b.xml'])).toBe('a');
    expect(commonStem(['flightbooking.json', 'flightbooking1.json'])).toBe('flightbooking');
  });

  it('answers what is wrong with files it cannot import, without the server folder', async () => {
    const { app } = testApp();
    const r = await call(app, 'POST', '/api/studio/import', {
      body: { files: [{ name: 'broken.xml', text: '<utility_space><objective></utility_space>' }] },
    });
    expectError(r, 'INVALID_SCENARIO');
    expect(r.body.error.problems.length).toBeGreaterThan(0);
    expect(r.text).not.toContain('lancaster-import-');
    expectError(
      await call(app, 'POST', '/api/studio/import', { body: { files: [{ name: '../x.xml', text: '' }] } }),
      'BAD_REQUEST',
    );
  });
});
