"""A Lancaster external negotiator in Python: the client side of the JSON-lines protocol
``lancaster-external`` version 1 (docs/external-negotiators.md). One file, standard library only:
copy it beside your agent.

    from lancaster_client import run, Offer, Accept

    def act(party, turn):
        if turn.offer is not None and party.utility(turn.offer) >= 0.8:
            return Accept()
        return Offer(party.best_outcome())

    run(act)

Lancaster starts the process, sends ``setup`` (this party's private view), then one ``turn`` per
move (or ``vote`` at a mediated table), and reads one answer line for each. Outcomes are lists of
numbers, one per issue: a discrete issue's value index, an integer's or real's value.
"""

from __future__ import annotations

import itertools
import json
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional, Sequence

PROTOCOL = "lancaster-external"
VERSION = 1

Outcome = list  # one number per issue


@dataclass(frozen=True)
class Offer:
    outcome: Sequence[float]

    def message(self) -> dict:
        return {"type": "offer", "outcome": list(self.outcome)}


@dataclass(frozen=True)
class Accept:
    def message(self) -> dict:
        return {"type": "accept"}


@dataclass(frozen=True)
class Reject:
    def message(self) -> dict:
        return {"type": "reject"}


@dataclass(frozen=True)
class End:
    def message(self) -> dict:
        return {"type": "end"}


@dataclass(frozen=True)
class Turn:
    """A move at an alternating-offers table. ``offer`` is the outcome on the table (None when you
    open) and ``offered_by`` the index of the party that made it; ``events`` the public events since
    the last message; ``history`` all public events so far."""

    t: float
    step: int
    round: int
    offer: Optional[list]
    offered_by: Optional[int]
    events: list
    history: list


@dataclass(frozen=True)
class Vote:
    """A vote on the chair's text at a mediated table."""

    t: float
    step: int
    round: int
    text: list
    standing: Optional[list]
    events: list
    history: list


def _holds(c: dict, o: Sequence[float]) -> bool:
    v = o[c["issue"]]
    if "values" in c and v not in c["values"]:
        return False
    if "min" in c and v < c["min"]:
        return False
    if "max" in c and v > c["max"]:
        return False
    return True


def _evaluate(ev: dict, issue: dict, v: float) -> float:
    kind = ev["kind"]
    if kind == "table":
        k = int(v) if issue["kind"] == "discrete" else int(v - issue["min"])
        values = ev["values"]
        return values[k] if 0 <= k < len(values) else 0.0
    if kind == "linear":
        x = ev["intercept"] + ev["slope"] * v
        return min(1.0, max(0.0, x)) if ev["clamp"] else x
    xs, ys = ev["xs"], ev["ys"]
    if v <= xs[0]:
        return ys[0]
    if v >= xs[-1]:
        return ys[-1]
    for i in range(1, len(xs)):
        if v <= xs[i]:
            x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
            return y0 if x1 == x0 else y0 + (y1 - y0) * (v - x0) / (x1 - x0)
    return ys[-1]


@dataclass
class Party:
    """Your own side, from the ``setup`` message: nothing of any other party is in it."""

    setup: dict
    id: str = field(init=False)
    index: int = field(init=False)
    issues: list = field(init=False)
    parties: list = field(init=False)
    reservation_value: float = field(init=False)
    discount_factor: float = field(init=False)
    rounds: int = field(init=False)
    action_budget_ms: float = field(init=False)

    def __post_init__(self) -> None:
        s = self.setup
        self.id = s["you"]["id"]
        self.index = s["you"]["index"]
        self.issues = s["issues"]
        self.parties = s["parties"]
        self.reservation_value = s["you"]["reservationValue"]
        self.discount_factor = s["you"]["discountFactor"]
        self.rounds = s["rounds"]
        self.action_budget_ms = s["actionBudgetMs"]
        self._u = s["you"]["utility"]

    def utility(self, o: Sequence[float]) -> float:
        """Undiscounted utility in [0, 1] (red lines not applied: see ``acceptable``)."""
        u = 0.0
        for w, ev, issue, v in zip(self._u["weights"], self._u["evaluators"], self.issues, o):
            u += w * _evaluate(ev, issue, v)
        for r in self._u["regions"]:
            if all(_holds(c, o) for c in r["conditions"]) and not any(
                all(_holds(c, o) for c in box) for box in r.get("excludes", [])
            ):
                u += r["value"]
        return min(1.0, max(0.0, u))

    def discounted(self, o: Sequence[float], t: float) -> float:
        return self.utility(o) * self.discount_factor**t

    def acceptable(self, o: Sequence[float]) -> bool:
        """False when the outcome crosses one of your red lines (you may not offer or accept it)."""
        for r in self._u["redLines"]:
            inside = all(_holds(c, o) for c in r["conditions"])
            if (r["kind"] == "forbid" and inside) or (r["kind"] == "require" and not inside):
                return False
        return True

    def value_label(self, issue: int, v: float) -> str:
        i = self.issues[issue]
        return i["values"][int(v)]["id"] if i["kind"] == "discrete" else str(v)

    def outcomes(self) -> Iterator[list]:
        """Every outcome (discrete and integer issues only; raises on a real-valued issue)."""
        ranges = []
        for i in self.issues:
            if i["kind"] == "discrete":
                ranges.append(range(len(i["values"])))
            elif i["kind"] == "integer":
                ranges.append(range(i["min"], i["max"] + 1))
            else:
                raise ValueError(f"issue {i['id']} is real-valued: its outcomes cannot be listed")
        for o in itertools.product(*ranges):
            yield list(o)

    def best_outcome(self) -> list:
        """The acceptable outcome worth most to you (by enumeration)."""
        return max((o for o in self.outcomes() if self.acceptable(o)), key=self.utility)


def _read(stream) -> Optional[dict]:
    while True:
        line = stream.readline()
        if line == "":
            return None
        if line.strip():
            return json.loads(line)


def _write(stream, message: dict) -> None:
    stream.write(json.dumps(message, separators=(",", ":")) + "\n")
    stream.flush()


class Connection:
    """The protocol's messages, one at a time (for adapters that need to drive the conversation
    themselves, e.g. from inside another library's callbacks). ``run`` is the simple way."""

    def __init__(self, stdin=None, stdout=None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.history: list = []
        self.party: Optional[Party] = None

    def setup(self, name: str = "python") -> Party:
        m = _read(self.stdin)
        if m is None or m.get("type") != "setup":
            raise SystemExit("lancaster_client: expected a setup message first")
        if m.get("protocol") != PROTOCOL or m.get("version") != VERSION:
            self.send({"type": "error", "message": f"this client speaks {PROTOCOL} {VERSION}"})
            raise SystemExit(1)
        self.party = Party(m)
        self.send({"type": "ready", "name": name})
        return self.party

    def next(self) -> Optional[Turn | Vote]:
        """The next turn or vote; None when Lancaster says close (or closes the pipe)."""
        m = _read(self.stdin)
        if m is None or m["type"] == "close":
            return None
        self.history.extend(m["events"])
        if m["type"] == "turn":
            offer = m["offer"]
            return Turn(
                m["t"], m["step"], m["round"],
                offer["outcome"] if offer else None, offer["by"] if offer else None,
                m["events"], list(self.history),
            )
        if m["type"] == "vote":
            return Vote(m["t"], m["step"], m["round"], m["text"], m["standing"], m["events"], list(self.history))
        raise SystemExit(f"lancaster_client: unexpected message {m['type']!r}")

    def send(self, message: dict) -> None:
        _write(self.stdout, message)

    def answer(self, action: Any) -> None:
        self.send(action if isinstance(action, dict) else action.message())


def run(
    act: Callable[[Party, Turn], Any],
    vote: Optional[Callable[[Party, Vote], Any]] = None,
    name: str = "python",
    stdin=None,
    stdout=None,
) -> None:
    """Plays one session: ``act(party, turn)`` returns Offer, Accept or End; ``vote(party, vote)``
    returns Accept, Reject or End (by default: accept a text worth at least your reservation value
    that crosses none of your red lines). An exception is reported to Lancaster as an error."""
    conn = Connection(stdin, stdout)
    party = conn.setup(name)
    while True:
        msg = conn.next()
        if msg is None:
            return
        try:
            if isinstance(msg, Turn):
                answer = act(party, msg)
            elif vote is not None:
                answer = vote(party, msg)
            else:
                ok = party.acceptable(msg.text) and party.utility(msg.text) >= party.reservation_value
                answer = Accept() if ok else Reject()
        except Exception as e:  # reported, not hidden: the session records it
            traceback.print_exc(file=sys.stderr)
            conn.send({"type": "error", "message": f"{type(e).__name__}: {e}"})
            return
        conn.answer(answer)


def _example_act(party: Party, turn: Turn):
    """A time-dependent example: asks for less as time passes, accepts what meets its target."""
    target = 1.0 - 0.5 * turn.t**3
    if turn.offer is not None and party.acceptable(turn.offer) and party.utility(turn.offer) >= target:
        return Accept()
    candidates = [o for o in party.outcomes() if party.acceptable(o) and party.utility(o) >= target]
    if not candidates:
        return Offer(party.best_outcome())
    return Offer(min(candidates, key=party.utility))


if __name__ == "__main__":
    run(_example_act, name="lancaster_client example")
