"""NegMAS's numbers for GENIUS domains Lancaster's conformance tests compare against.

Usage: PYTHONPATH=../shared/anchors/python /usr/bin/python3 test/conformance/negmas/genius_numbers.py <genius-folder> [profile.xml ...]

NegMAS reads a GENIUS folder without GENIUS's normalisation (its discrete utilities are
weight * evaluation as written; see ../shared/anchors/python/README.md), so this script rescales
what NegMAS read to GENIUS's convention before comparing: each discrete value function divided by
its largest value on the issue (0 when that is below 1e-5), the weighted sum capped at 1. It reads
the folder with safe_parsing=False (other_inheritancedomain numbers its issues from 2) or, when
profile files are named, those files only against the folder's domain (building_construction's
util1-10 carry no evaluations, which NegMAS refuses). Prints one line of JSON: per profile, the
utility of every outcome in mixed-radix order (first issue most significant), the number of distinct
Pareto points and NegMAS's Nash point of the first two profiles.
"""

import json
import sys
from pathlib import Path


def main() -> None:
    from negmas.inout import Scenario, load_genius_domain
    from negmas.preferences import UtilityFunction
    from negmas.preferences.crisp.linear import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun
    from negmas.preferences.ops import pareto_frontier, nash_points

    folder = Path(sys.argv[1])
    names = sys.argv[2:]
    if names:
        domain_file = next(f for f in sorted(folder.glob("*.xml")) if "<negotiation_template" in f.read_text())
        domain = load_genius_domain(domain_file, safe_parsing=False)
        issues = domain.outcome_space.issues
        raw = [UtilityFunction.from_genius(folder / n, issues=issues, safe_parsing=False)[0] for n in names]
    else:
        s = Scenario.load(folder, safe_parsing=False, ignore_discount=True)
        issues = s.outcome_space.issues
        raw = list(s.ufuns)
    ufuns = []
    for u in raw:
        assert isinstance(u, LinearAdditiveUtilityFunction), type(u)
        values, weights = [], []
        for issue, vf, w in zip(issues, u.values, u.weights):
            # NegMAS's lenient parsing adds a one-value DUMMY_ISSUE (weight 1, value 1) where the
            # file numbers its issues from 2; it is not part of the domain, so it counts 0 here.
            weights.append(0.0 if issue.name == "DUMMY_ISSUE" else float(w))
            table = {v: float(vf(v)) for v in issue.all}
            top = max(table.values())
            values.append(TableFun({v: (x / top if top >= 1e-5 else 0.0) for v, x in table.items()}))
        ufuns.append(LinearAdditiveUtilityFunction(values=values, weights=weights, issues=issues))
    outcomes = list(s.outcome_space.enumerate() if not names else domain.outcome_space.enumerate())
    utils = [[min(1.0, float(u(o))) for o in outcomes] for u in ufuns]
    points = list(zip(*utils[:2]))
    front, _ = pareto_frontier(ufuns[:2], outcomes=outcomes, sort_by_welfare=True)
    distinct = sorted(set(tuple(round(x, 12) for x in p) for p in front))
    nash = nash_points(ufuns[:2], frontier=front, ranges=[(0.0, 1.0), (0.0, 1.0)])
    print(json.dumps({
        "outcomes": len(outcomes),
        "utilities": utils,
        "frontier_distinct": len(distinct),
        "nash": [float(x) for x in nash[0][0]] if nash else None,
        "points": len(points),
    }))


if __name__ == "__main__":
    main()
