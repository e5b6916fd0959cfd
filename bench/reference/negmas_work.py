"""The NegMAS side of bench/startup.bench.ts: the same work as a Lancaster command, in one process.

  analyze <genius-folder>               load the domain and compute its stats (Pareto frontier, Nash,
                                        Kalai and the rest of NegMAS's calc_stats)
  negotiate <genius-folder> <n> <steps> n SAO negotiations, Boulware (first profile) against Conceder
                                        (second), each with a deadline of <steps> NegMAS steps

Run with Debian's Python and NegMAS from ../shared/anchors/python on PYTHONPATH (see its README).
Discounting is ignored, as Lancaster's analysis of these domains does. Prints one line of JSON.
"""

import json
import sys


def main() -> None:
    from negmas.inout import Scenario

    kind, folder = sys.argv[1], sys.argv[2]
    scenario = Scenario.from_genius_folder(folder, ignore_discount=True)
    if kind == "analyze":
        stats = scenario.calc_stats()
        print(json.dumps({"frontier": len(stats.pareto_utils), "nash": [float(u) for u in stats.nash_utils[0]] if stats.nash_utils else None}))
    elif kind == "negotiate":
        from negmas.sao import SAOMechanism
        from negmas.gb.negotiators.timebased import BoulwareTBNegotiator, ConcederTBNegotiator

        n, steps = int(sys.argv[3]), int(sys.argv[4])
        agreements = 0
        for _ in range(n):
            m = SAOMechanism(issues=scenario.outcome_space.issues, n_steps=steps)
            m.add(BoulwareTBNegotiator(name="boulware"), ufun=scenario.ufuns[0])
            m.add(ConcederTBNegotiator(name="conceder"), ufun=scenario.ufuns[1])
            agreements += m.run().agreement is not None
        print(json.dumps({"negotiations": n, "agreements": agreements}))
    else:
        raise SystemExit(f"unknown work {kind!r}")


if __name__ == "__main__":
    main()
