"""Seats any NegMAS ``SAONegotiator`` at a Lancaster table, as an external negotiator.

    lancaster simulate DOMAIN --negotiators 'a=external:python3 clients/python/negmas_adapter.py negmas.sao.BoulwareTBNegotiator'
    ... negmas_adapter.py negmas_genius_agents.HardHeaded
    ... negmas_adapter.py negmas.sao.AspirationNegotiator aspiration_type=conceder

NegMAS must be importable (PYTHONPATH); this file only uses its public API. Arguments: the
negotiator's class as ``module.Class`` (or a bare name looked up in ``negmas.sao`` then
``negmas_genius_agents``), then ``key=value`` keyword arguments (values read as JSON when they
parse, else as strings).

How Lancaster's view becomes NegMAS's (docs/fidelity.md states what that does to comparisons):

- Issues: a discrete issue becomes a categorical issue of its value ids, an integer issue a
  contiguous one, a real issue a continuous one. Outcomes map by value id.
- Utility: built from the ``setup`` message, i.e. Lancaster's utility as Lancaster computes it (GENIUS
  files normalised as GENIUS does). Without regions and red lines it is a
  ``LinearAdditiveUtilityFunction`` of per-issue tables (so agents reading weights find them);
  otherwise a utility function that evaluates the wire description (red lines give 0, so such an
  agent may still offer one and be cut off with INVALID_ACTION). The reservation value is passed as
  NegMAS's ``reserved_value``. No discounting: a discount factor below 1 is not passed on.
- Time: the negotiator sits in a real ``SAOMechanism`` with ``n_steps`` = Lancaster's rounds (one NegMAS
  step is one round: each side acts once), against a proxy negotiator that plays the other side's
  moves as Lancaster reports them. NegMAS's relative time is then (step + 1) / (rounds + 1) where
  Lancaster's is step / (2·rounds); the deadline is Lancaster's (if NegMAS's mechanism runs out
  first, the negotiator's last offer is repeated until Lancaster ends the session).
- Python's and numpy's random generators are seeded from the session's seed and the party's index.
- Bilateral only (one proxy stands for the other party).
"""

from __future__ import annotations

import importlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lancaster_client import Connection, Party, Turn, _evaluate  # noqa: E402


def _load_class(name: str):
    if "." in name:
        module, _, cls = name.rpartition(".")
        return getattr(importlib.import_module(module), cls)
    for module in ("negmas.sao", "negmas_genius_agents"):
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    raise SystemExit(f"negmas_adapter: no negotiator class {name!r} in negmas.sao or negmas_genius_agents")


def _kwargs(args):
    out = {}
    for a in args:
        k, _, v = a.partition("=")
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out


class _Outcomes:
    """Lancaster outcomes (value indices) <-> NegMAS outcomes (value ids)."""

    def __init__(self, party: Party):
        self.issues = party.issues

    def to_negmas(self, o):
        return tuple(
            i["values"][int(v)]["id"] if i["kind"] == "discrete" else (int(v) if i["kind"] == "integer" else float(v))
            for i, v in zip(self.issues, o)
        )

    def to_lancaster(self, o):
        out = []
        for i, v in zip(self.issues, o):
            if i["kind"] == "discrete":
                out.append(next(k for k, x in enumerate(i["values"]) if x["id"] == v))
            else:
                out.append(v)
        return out


def _negmas_space_and_ufun(party: Party, outcomes: _Outcomes):
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.base_ufun import BaseUtilityFunction  # noqa: F401
    from negmas.preferences.crisp_ufun import UtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = []
    for i in party.issues:
        if i["kind"] == "discrete":
            issues.append(make_issue([v["id"] for v in i["values"]], name=i["id"]))
        elif i["kind"] == "integer":
            issues.append(make_issue((i["min"], i["max"]), name=i["id"]))
        else:
            issues.append(make_issue((float(i["min"]), float(i["max"])), name=i["id"]))
    os_ = make_os(issues)
    u = party.setup["you"]["utility"]
    simple = not u["regions"] and not u["redLines"] and all(
        ev["kind"] == "table" and i["kind"] != "real" for ev, i in zip(u["evaluators"], party.issues)
    )
    if simple:
        values = []
        for ev, i in zip(u["evaluators"], party.issues):
            if i["kind"] == "discrete":
                values.append(TableFun({v["id"]: ev["values"][k] for k, v in enumerate(i["values"])}))
            else:
                values.append(TableFun({x: _evaluate(ev, i, x) for x in range(i["min"], i["max"] + 1)}))
        ufun = LinearAdditiveUtilityFunction(
            values=values, weights=list(u["weights"]), outcome_space=os_,
            reserved_value=party.reservation_value,
        )
    else:

        class _WireUtility(UtilityFunction):
            def eval(self, offer):
                if offer is None:
                    return self.reserved_value
                o = outcomes.to_lancaster(offer)
                return party.utility(o) if party.acceptable(o) else 0.0

        ufun = _WireUtility(outcome_space=os_, reserved_value=party.reservation_value)
    return os_, ufun


def main(argv):
    if len(argv) < 1:
        raise SystemExit("usage: negmas_adapter.py NEGOTIATOR_CLASS [key=value ...]")
    cls = _load_class(argv[0])
    kwargs = _kwargs(argv[1:])

    from negmas.gb.common import ResponseType
    from negmas.sao import SAOMechanism, SAONegotiator

    conn = Connection()
    party = conn.setup(name=f"negmas:{cls.__name__}")
    if len(party.parties) != 2:
        conn.send({"type": "error", "message": "the NegMAS adapter plays bilateral sessions only"})
        return
    # Seeded from the session's seed and this party's place, so a run can be replayed.
    import random

    random.seed(party.setup["seed"] * 2 + party.index)
    try:
        import numpy

        numpy.random.seed((party.setup["seed"] * 2 + party.index) % 2**32)
    except ImportError:
        pass
    outcomes = _Outcomes(party)
    os_, ufun = _negmas_space_and_ufun(party, outcomes)

    first = conn.next()
    if first is None:
        return
    if not isinstance(first, Turn):
        conn.send({"type": "error", "message": "the NegMAS adapter plays alternating offers only"})
        return

    class Done(Exception):
        pass

    shared = {"pending": first}

    class Proxy(SAONegotiator):
        """The other side, as Lancaster reports its moves."""

        def propose(self, state, dest=None):
            turn = shared["pending"]
            return outcomes.to_negmas(turn.offer) if turn.offer is not None else None

        def respond(self, state, source=None):
            # Our negotiator's offer is the answer to the pending turn; the next turn tells what
            # the other side did with it (a counter-offer: reject; nothing more: the session is over).
            offer = state.current_offer
            shared["last"] = offer
            conn.answer({"type": "offer", "outcome": outcomes.to_lancaster(offer)})
            nxt = conn.next()
            if nxt is None:
                raise Done()
            shared["pending"] = nxt
            return ResponseType.REJECT_OFFER

    mine = cls(name=party.id, **kwargs)
    proxy = Proxy(name="lancaster-opponent")
    mech = SAOMechanism(outcome_space=os_, n_steps=party.rounds)
    if party.index == 0:
        mech.add(mine, ufun=ufun)
        mech.add(proxy)
    else:
        mech.add(proxy)
        mech.add(mine, ufun=ufun)
    try:
        result = mech.run()
    except Done:
        return
    if result.agreement is not None:
        conn.answer({"type": "accept"})
    elif result.broken:
        conn.answer({"type": "end"})
    else:
        # NegMAS's deadline came first: hold the last offer until Lancaster's ends the session.
        last = shared.get("last")
        while True:
            if last is None:
                conn.answer({"type": "end"})
            else:
                conn.answer({"type": "offer", "outcome": outcomes.to_lancaster(last)})
            if conn.next() is None:
                return
    while conn.next() is not None:
        conn.answer({"type": "end"})


if __name__ == "__main__":
    main(sys.argv[1:])
