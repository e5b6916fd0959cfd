import { loadScenarioAny } from '../src/formats/load-any.ts';
import { runSession, SimulatedClock } from '../src/run/session.ts';
const domains = ['anac2011_Camera', 'anac2012_AcquisitionC', 'anac2015_group9-vacation', 'anac2016_Grandma'];
for (const d of domains) {
  const sc = loadScenarioAny(`../shared/data/genius/${d}`, { rounds: 100 }).scenario;
  const ids = sc.protocol.order;
  for (const agent of ['atlas3', 'caduceus', 'caduceus:mode=crossover', 'ponpoko', 'agentgg', 'hardheaded']) {
    for (const opp of ['boulware', 'conceder', 'hardheaded', 'atlas3']) {
      let deals = 0, util = 0, oppU = 0, rounds = 0; const t0 = performance.now();
      for (const seed of [1, 2, 3]) {
        const negotiators = Object.fromEntries(ids.map((id, i) => [id, i === 0 ? agent : opp]));
        const r = runSession(sc, { seed, clock: new SimulatedClock(0), negotiators }).result!;
        if (r.status === 'agreement') { deals++; util += r.utilities[ids[0]!]!; oppU += r.utilities[ids[1]!]!; }
        rounds += r.rounds;
        if (r.error) console.log(r.error);
      }
      console.log(d.padEnd(26), agent.padEnd(24), 'vs', opp.padEnd(10), `deals ${deals}/3 u=${(util / Math.max(1, deals)).toFixed(3)} opp=${(oppU / Math.max(1, deals)).toFixed(3)} rounds=${(rounds / 3).toFixed(0)} ${((performance.now() - t0) / 3).toFixed(0)}ms`);
    }
  }
}
