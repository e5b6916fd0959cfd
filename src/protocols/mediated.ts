/**
 * The mediated single negotiating text protocol, for two or more parties, as a pure state machine
 * in the style of saop.ts: `step(state, action)` returns a new `MediatedState` and never touches
 * its input; `stepInPlace` applies the same rules to a private draft (`draftOf`), which the runner
 * keeps for a whole run.
 *
 * The rules. A chair (the mediator, part of the protocol and seeded by the session's seed; see
 * mediators.ts) tables a text: one value for every issue. The parties vote on it in turn order,
 * accept or reject (or walk away, which ends the talks with no agreement); ballots are secret
 * until the last vote is in, and then the tally is published. A text every party accepts is
 * adopted: it becomes the standing text, the one the talks end with unless a later text is
 * adopted in its place. The chair then tables its next text, a variation of its working draft. One
 * round is one text (every party votes once), so time is `step / (rounds × parties)` as in SAOP.
 * The text is closed at the deadline (rounds or time limit), or earlier when the mediator's
 * `patience` runs out (that many texts in a row fail once a text stands): if a text stands, the
 * delegations agree on it and parties answering to a principal ratify or veto, exactly as in
 * SAOP (a veto ends the talks, or with `onVeto: reopen` drops the text and lets the chair go on
 * while rounds remain); if none stands, the talks end at the deadline with no agreement.
 * Red lines are the runner's business, as in SAOP: a party that votes to accept a text crossing
 * one of its own red lines is refused (INVALID_ACTION), so an adopted text crosses nobody's.
 * An action the current state does not allow (an act, a vote out of turn, a vote while
 * principals ratify) throws `BAD_STATE` and changes nothing.
 *
 * @example
 * let s = initialState({ parties: ['a', 'b'], rounds: 10, schedule: [], onVeto: 'end', seed: 1,
 *   issues: [{ kind: 'discrete', size: 3 }], mediator: mediatorSettings({ kind: 'hill-climb' }) });
 * s = step(s, { type: 'vote', party: 0, vote: { type: 'accept' } });
 * s = step(s, { type: 'vote', party: 1, vote: { type: 'accept' } });
 * s.standing?.outcome; // the chair's first text, adopted
 */
import { MEDIATOR_KINDS, type MediatorSettings } from '../model/scenario.ts';
import { freshMemory, nextText, openingText, rememberTally } from './mediators.ts';
import {
  badSettings,
  badState,
  breakBetween,
  checkElapsed,
  checkParty,
  copyOutcome,
  deadlineDue,
  draftCopy,
  fail,
  hasEnded,
  refuseAfterEnd,
  roundOf,
  type SessionSettings,
  startFields,
  stepCopy,
  timeAt,
} from './rules.ts';
import type { DraftOf, IssueShape, MediatedState, ProtocolAction } from './types.ts';

/** What `initialState` needs: the settings every protocol has, the issues and the chair. */
export interface MediatedSettings extends SessionSettings {
  /** The issues as the chair sees them. */
  readonly issues: readonly IssueShape[];
  readonly mediator: MediatorSettings;
}

/** A mediated state that the in-place core may change (see `DraftOf`). */
export type MediatedDraft = DraftOf<MediatedState>;

function checkIssues(issues: readonly IssueShape[]): IssueShape[] {
  if (!Array.isArray(issues) || issues.length === 0)
    badSettings('issues', 'the chair has no issues to write a text over', 'one or more issues');
  return issues.map((shape, i) => {
    if (shape?.kind === 'discrete') {
      if (!Number.isInteger(shape.size) || shape.size < 1)
        badSettings(`issues.${i}.size`, `${shape.size} is not a number of values`, 'a whole number >= 1');
      return { kind: 'discrete', size: shape.size };
    }
    if (shape?.kind === 'integer' || shape?.kind === 'real') {
      const ok =
        Number.isFinite(shape.min) &&
        Number.isFinite(shape.max) &&
        shape.max >= shape.min &&
        (shape.kind === 'real' || (Number.isInteger(shape.min) && Number.isInteger(shape.max)));
      if (!ok) badSettings(`issues.${i}`, `[${shape.min}, ${shape.max}] is not a range`, 'min <= max');
      return { kind: shape.kind, min: shape.min, max: shape.max };
    }
    return badSettings(
      `issues.${i}.kind`,
      `'${(shape as { kind?: unknown })?.kind}' is not an issue kind`,
      'discrete, integer or real',
    );
  });
}

function checkMediator(m: MediatorSettings): MediatorSettings {
  if (!MEDIATOR_KINDS.includes(m?.kind))
    badSettings('mediator.kind', `'${m?.kind}' is not a mediator`, MEDIATOR_KINDS.join(', '));
  if (!(m.stepSize > 0 && m.stepSize <= 1))
    badSettings('mediator.stepSize', `${m.stepSize} is not a step size`, 'a number in (0, 1]');
  if (!(m.temperature >= 0 && Number.isFinite(m.temperature)))
    badSettings('mediator.temperature', `${m.temperature} is not a temperature`, 'a number >= 0');
  if (!Number.isInteger(m.patience) || m.patience < 0)
    badSettings('mediator.patience', `${m.patience} is not a patience`, 'a whole number >= 0');
  return { kind: m.kind, stepSize: m.stepSize, temperature: m.temperature, patience: m.patience };
}

/**
 * The state before anyone has voted: the chair's opening text is on the table.
 *
 * @example
 * initialState({ parties: ['a', 'b', 'c'], rounds: 20, schedule: [], onVeto: 'end', seed: 7,
 *   issues: [{ kind: 'integer', min: 0, max: 10 }], mediator: mediatorSettings({ kind: 'frontier' }) });
 */
export function initialState(settings: MediatedSettings): MediatedState {
  const start = startFields(settings, 'the mediated protocol');
  const issues = checkIssues(settings.issues);
  const mediator = checkMediator(settings.mediator);
  const text = openingText({ seed: start.seed, issues });
  return {
    version: 1,
    protocol: 'mediated',
    seed: start.seed,
    parties: start.parties,
    rounds: start.rounds,
    timeLimitMs: start.timeLimitMs,
    sittings: start.sittings,
    onVeto: start.onVeto,
    principals: start.principals,
    step: 0,
    elapsedMs: 0,
    turn: 0,
    mediator,
    issues,
    text,
    ballot: [],
    standing: null,
    chair: freshMemory(mediator.kind, issues, start.parties.length),
    pendingRatification: [],
    status: 'running',
    agreement: null,
    vetoes: 0,
    events: [{ type: 'propose', step: 0, round: 0, t: 0, outcome: copyOutcome(text) }],
    error: null,
  };
}

/** Normalised time of the session now, in [0, 1]. */
export function currentTime(state: MediatedState): number {
  return timeAt(state, state.step, state.elapsedMs);
}

/** Index of the party that must vote now, or null when nobody may (ratifying or finished). */
export function whoseTurn(state: MediatedState): number | null {
  return state.status === 'running' ? state.turn : null;
}

/** Whether the session has ended (agreement, veto, deadline, walk-away or error). */
export function isFinished(state: MediatedState): boolean {
  return hasEnded(state);
}

/** A private, writable copy of `state` for `stepInPlace`. */
export function draftOf(state: MediatedState): MediatedDraft {
  return draftCopy(state);
}

/**
 * Applies one action and returns the new state (the input is never modified). Throws `BAD_STATE`
 * for an action the current state does not allow.
 *
 * @example
 * const next = step(state, { type: 'vote', party: whoseTurn(state) ?? 0, vote: { type: 'reject' } });
 */
export function step(state: MediatedState, action: ProtocolAction): MediatedState {
  return stepCopy(state, action, stepInPlace);
}

/**
 * Applies one action to a draft in place (the rules of the mediated protocol): new events are
 * appended to `draft.events`, nothing the draft shares with an earlier state is modified. Throws
 * `BAD_STATE` for an action the current state does not allow, before changing anything.
 */
export function stepInPlace(draft: MediatedDraft, action: ProtocolAction): void {
  refuseAfterEnd(draft, action);
  switch (action?.type) {
    case 'vote':
      vote(draft, action);
      break;
    case 'ratify':
      ratify(draft, action);
      break;
    case 'fail':
      fail(draft, action);
      break;
    case 'tick':
      tick(draft, action);
      break;
    case 'act':
      badState(
        `party ${action.party} made an offer; at a mediated table the chair writes the text and parties vote`,
      );
      break;
    default:
      badState(`unknown protocol action '${(action as { type?: unknown })?.type}'`);
  }
}

/**
 * Closes the text at `step`: the delegations agree on the standing text (principals then ratify),
 * or, with none standing, the talks end at the deadline.
 */
function close(s: MediatedDraft, step: number): void {
  const round = roundOf(s, step);
  const t = timeAt(s, step, s.elapsedMs);
  s.text = null;
  s.ballot = [];
  if (s.standing === null) {
    s.events.push({ type: 'deadline', step, round, t });
    s.status = 'deadline';
    return;
  }
  s.events.push({ type: 'delegations-agree', step, round, t, outcome: copyOutcome(s.standing.outcome) });
  if (s.principals.length === 0) {
    s.status = 'agreement';
    s.agreement = copyOutcome(s.standing.outcome);
  } else {
    s.status = 'ratifying';
    s.pendingRatification = [...s.principals];
  }
}

/** The chair tables its next text at `step`. */
function propose(s: MediatedDraft, step: number): void {
  const round = roundOf(s, step);
  const text = nextText(s, round);
  s.text = text;
  s.ballot = [];
  s.turn = 0;
  s.events.push({
    type: 'propose',
    step,
    round,
    t: timeAt(s, step, s.elapsedMs),
    outcome: copyOutcome(text),
  });
}

function vote(s: MediatedDraft, action: Extract<ProtocolAction, { type: 'vote' }>): void {
  if (s.status !== 'running') badState(`party ${action.party} voted while principals are ratifying`);
  checkParty(s, action.party);
  if (action.party !== s.turn) badState(`it is party ${s.turn}'s vote, not party ${action.party}'s`);
  const kind = action.vote?.type;
  if (kind !== 'accept' && kind !== 'reject' && kind !== 'end')
    badState(`unknown vote '${String(kind)}'; a vote is accept, reject or end`);
  const text = s.text as number[];
  const elapsedMs = s.elapsedMs + checkElapsed(action.elapsedMs);
  const step = s.step;
  // A vote that lands after the time limit is discarded: the limit struck while it was being cast.
  if (s.timeLimitMs !== null && elapsedMs > s.timeLimitMs) {
    s.elapsedMs = elapsedMs;
    close(s, step);
    return;
  }
  const round = roundOf(s, step);
  const t = timeAt(s, step, elapsedMs);
  const nextStep = step + 1;
  s.step = nextStep;
  s.elapsedMs = elapsedMs;
  if (kind === 'end') {
    s.events.push({ type: 'end', step, round, t, party: action.party });
    s.text = null;
    s.ballot = [];
    s.status = 'walked-away';
    return;
  }
  const ballot = [...s.ballot, kind === 'accept'];
  const n = s.parties.length;
  if (ballot.length < n) {
    s.ballot = ballot;
    s.turn = ballot.length;
    return;
  }
  const adopted = ballot.every(Boolean);
  s.events.push({ type: 'tally', step, round, t, outcome: copyOutcome(text), votes: ballot, adopted });
  const before = s.standing?.outcome ?? null;
  if (adopted) s.standing = { outcome: copyOutcome(text), round };
  s.chair = rememberTally(s, text, ballot, before, round, timeAt(s, nextStep, elapsedMs));
  s.ballot = [];
  s.turn = 0;
  const patience = s.mediator.patience;
  if (
    deadlineDue(s, nextStep, elapsedMs) ||
    (patience > 0 && s.standing !== null && s.chair.failures >= patience)
  ) {
    close(s, nextStep);
    return;
  }
  const pause = breakBetween(s, round, roundOf(s, nextStep), nextStep, elapsedMs);
  if (pause) s.events.push(pause);
  propose(s, nextStep);
}

function ratify(s: MediatedDraft, action: Extract<ProtocolAction, { type: 'ratify' }>): void {
  if (s.status !== 'ratifying') badState(`party ${action.party} ratified while the talks are ${s.status}`);
  checkParty(s, action.party);
  if (!s.pendingRatification.includes(action.party))
    badState(`party ${action.party} has no ratification pending`);
  if (typeof action.approve !== 'boolean') badState('a ratification must approve (true) or veto (false)');
  const step = s.step;
  const round = roundOf(s, step);
  const t = timeAt(s, step, s.elapsedMs);
  s.events.push({ type: 'ratify', step, round, t, party: action.party, approve: action.approve });
  const standing = s.standing as NonNullable<MediatedState['standing']>;
  if (action.approve) {
    s.pendingRatification = s.pendingRatification.filter((p) => p !== action.party);
    if (s.pendingRatification.length === 0) {
      s.status = 'agreement';
      s.agreement = copyOutcome(standing.outcome);
    }
    return;
  }
  s.vetoes += 1;
  s.pendingRatification = [];
  if (s.onVeto === 'end') {
    s.status = 'vetoed';
    return;
  }
  // Reopen: the vetoed text no longer stands; the chair goes on while rounds remain.
  s.standing = null;
  s.chair = { ...s.chair, failures: 0 };
  if (deadlineDue(s, step, s.elapsedMs)) {
    s.events.push({ type: 'deadline', step, round, t });
    s.status = 'deadline';
    return;
  }
  s.status = 'running';
  propose(s, step);
}

function tick(s: MediatedDraft, action: Extract<ProtocolAction, { type: 'tick' }>): void {
  s.elapsedMs = s.elapsedMs + checkElapsed(action.elapsedMs);
  // Delegations that agreed in time keep their agreement while principals deliberate.
  if (s.status === 'running' && s.timeLimitMs !== null && s.elapsedMs >= s.timeLimitMs) close(s, s.step);
}
