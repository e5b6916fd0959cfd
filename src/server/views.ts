/**
 * What each client is shown, as pure functions of (table, state): a seat's private view, the
 * observer's view, the debrief and the event list for playback. Privacy is decided here and only
 * here: a seat view is built from public facts (issues, schedule, the offers made, other parties'
 * names and delegations) plus the seat's own party's preferences, and every utility in it is the
 * seat's own. Nothing of another party's utility function, reservation value, red lines, principal
 * threshold or negotiator reaches a seat until the debrief, which is refused before the end. Error
 * messages of other seats (which may name their red lines) are never copied into a seat view.
 *
 * A view is built after every action, for every client, so what it derives from the transcript
 * (the offers with their utilities, the ratification) is kept per transcript and extended with
 * what is new since the last view: a session's transcript only ever grows, in place. A view's cost
 * then no longer grows with the session's length, apart from copying the list of offers it holds.
 */
import { analyzeDomain, utilityMatrix } from '../analysis/analyze.ts';
import type { UtilityPoint } from '../analysis/types.ts';
import type { Issue } from '../model/issues.ts';
import type { Outcome } from '../model/outcome-space.ts';
import { type Party, partyUtility, ratifies } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Condition } from '../model/utility.ts';
import { currentTime, isFinished } from '../protocols/protocol.ts';
import type { SessionEvent, SessionState } from '../protocols/types.ts';
import type {
  ChairView,
  Debrief,
  DebriefPoint,
  EventView,
  HistoryEntryView,
  ImprovementView,
  IssueView,
  MessageView,
  ObserverOfferView,
  ObserverView,
  OutcomeRecord,
  PartyPublicView,
  PublicView,
  RatificationView,
  ScheduleEntryView,
  SeatOfferView,
  SeatView,
  SessionStatusView,
  UtilitySpecView,
  YouView,
} from './api.ts';
import { IMPROVEMENT_RULE, type Improvement } from './improve.ts';
import { DEFAULT_ANSWER_POLICY, DEFAULT_HUMAN_TURN_SECONDS, isHumanSeat, type Table } from './machine.ts';
import type { LoggedNote } from './store.ts';
import { freeTextAllowed, messageText, opponentEstimates } from './talk.ts';

/** What views show beside the protocol's state (from the session's notes). */
export interface TableNotes {
  readonly lapse: 'pass' | 'end';
  /** Whether each seat (turn order) has opened the table. */
  readonly opened: readonly boolean[];
  readonly notes: readonly LoggedNote[];
  readonly improvement: Improvement | null;
}

/** Notes of a session that has none (tests, tools). */
const NO_NOTES: TableNotes = { lapse: 'pass', opened: [], notes: [], improvement: null };

/** Spaces with more outcomes than this are sampled for the debrief's outcome cloud. */
export const DEBRIEF_MAX_OUTCOMES = 20_000;

/** What every view is built from. */
export interface ViewInput {
  readonly sessionId: string;
  readonly table: Table;
  readonly state: SessionState;
  /** When the current person's turn times out (ISO time), or null. */
  readonly turnDeadline: string | null;
  /** The session's notes (clock, messages, improvement); none when absent. */
  readonly notes?: TableNotes;
}

/** The status shown to clients: `timeout` when a person's turn ran out, else the protocol's. */
export function statusOf(table: Table, state: SessionState): SessionStatusView {
  if (
    state.status === 'error' &&
    state.error?.code === 'ACTION_TIMEOUT' &&
    isHumanSeat(table, state.error.party)
  )
    return 'timeout';
  return state.status;
}

const record = (scenario: Scenario, o: Outcome): OutcomeRecord => scenario.space.toRecord(o);

function issueView(issue: Issue): IssueView {
  const base = {
    id: issue.id,
    label: issue.label,
    ...(issue.description ? { description: issue.description } : {}),
  };
  if (issue.kind === 'discrete') {
    return {
      ...base,
      kind: 'discrete',
      values: issue.values.map((v) => ({
        id: v.id,
        label: v.label,
        ...(v.description ? { description: v.description } : {}),
      })),
    };
  }
  return { ...base, kind: issue.kind, min: issue.min, max: issue.max };
}

function publicParty(p: Party, seat?: Table['seats'][number]): PartyPublicView {
  return {
    id: p.id,
    label: p.label,
    delegation: p.delegation.map((m) => ({ name: m.name, role: m.role, ...(m.lead ? { lead: true } : {}) })),
    ...(p.principal
      ? { principal: { name: p.principal.name, ...(p.principal.title ? { title: p.principal.title } : {}) } }
      : {}),
    ...(seat?.kind === 'negotiator' ? { answers: seat.answers ?? DEFAULT_ANSWER_POLICY } : {}),
  };
}

/** The session's messages, as everyone at the table sees them. */
function messagesOf(table: Table, state: SessionState, notes: TableNotes): MessageView[] {
  const out: MessageView[] = [];
  for (const n of notes.notes) {
    if (n.note.kind !== 'message') continue;
    out.push({
      seq: n.seq,
      party: state.parties[n.note.party] as string,
      step: n.note.step,
      round: Math.floor(n.note.step / state.parties.length),
      at: new Date(n.at).toISOString(),
      message: n.note.message,
      ...(n.note.answers !== undefined ? { answers: n.note.answers } : {}),
      text: messageText(table.scenario, n.note.message),
    });
  }
  return out;
}

/** The improvement as a viewer sees it, with `rate` giving the viewer's utilities of it. */
function improvementView<U>(
  table: Table,
  state: SessionState,
  imp: Improvement | null,
  rate: (o: Outcome) => U,
) {
  if (imp === null) return null;
  const view: ImprovementView = {
    rule: IMPROVEMENT_RULE,
    outcome: record(table.scenario, imp.outcome),
    status: imp.status,
    decisions: Object.fromEntries(imp.decisions.map((d, i) => [state.parties[i] as string, d])),
  };
  return { ...view, ...rate(imp.outcome) };
}

/** The deal in force: the improvement once adopted, else the protocol's agreement. */
function dealOf(state: SessionState, notes: TableNotes): Outcome | null {
  return notes.improvement?.status === 'adopted' ? notes.improvement.outcome : state.agreement;
}

function describeCondition(scenario: Scenario, c: Condition): string {
  const issue = scenario.space.issues[c.issue] as Issue;
  const parts: string[] = [];
  if (c.values !== undefined) {
    const labels = c.values.map((v) =>
      issue.kind === 'discrete' ? (issue.values[v]?.label ?? `#${v}`) : String(v),
    );
    parts.push(labels.length === 1 ? `is ${labels[0]}` : `is one of ${labels.join(', ')}`);
  }
  if (c.min !== undefined) parts.push(`≥ ${c.min}`);
  if (c.max !== undefined) parts.push(`≤ ${c.max}`);
  return `${issue.label} ${parts.join(' and ')}`;
}

function youView(scenario: Scenario, p: Party): YouView {
  const u = p.utility;
  // A deep plain copy: the view never shares an object with the model.
  const utility = JSON.parse(
    JSON.stringify({
      weights: u.weights,
      evaluators: u.evaluators,
      regions: u.regions,
      redLines: u.redLines,
    }),
  ) as UtilitySpecView;
  const principal = p.principal
    ? {
        principal: {
          name: p.principal.name,
          ...(p.principal.title ? { title: p.principal.title } : {}),
          ratificationThreshold: p.principal.ratificationThreshold,
        },
      }
    : {};
  return {
    party: { id: p.id, label: p.label, delegation: publicParty(p).delegation, ...principal },
    reservationValue: p.reservationValue,
    discountFactor: p.discountFactor,
    utility,
    redLines: u.redLines.map((r) => {
      const conds = r.conditions.map((c) => describeCondition(scenario, c)).join(' and ');
      return {
        id: r.id,
        label: r.label,
        kind: r.kind,
        text: r.kind === 'forbid' ? `never: ${conds}` : `always: ${conds}`,
      };
    }),
    priorities: scenario.space.issues
      .map((issue, i) => ({ issue: issue.id, weight: u.weights[i] as number }))
      .sort((a, b) => b.weight - a.weight),
  };
}

function schedule(table: Table, state: SessionState): ScheduleEntryView[] {
  return table.scenario.protocol.schedule.map((s, i) => ({
    label: s.label,
    rounds: s.rounds,
    ...(s.start ? { start: s.start } : {}),
    ...(s.end ? { end: s.end } : {}),
    firstRound: state.sittings[i]?.firstRound ?? 0,
  }));
}

function sittingLabel(state: SessionState, round: number): string {
  let label = '';
  for (const s of state.sittings) if (s.firstRound <= round) label = s.label;
  return label;
}

type OfferEvent = Extract<SessionEvent, { type: 'offer' }>;

/** What views derive from one transcript, up to `scanned` events. */
interface Derived {
  scanned: number;
  readonly offers: OfferEvent[];
  /** The last `delegations-agree` event, and the principals' decisions after it. */
  agreed: Extract<SessionEvent, { type: 'delegations-agree' }> | null;
  decisions: { party: string; approve: boolean }[];
  /** Offers as each seat (by turn index) and the observer see them, built so far. */
  readonly seat: SeatOfferView[][];
  readonly observer: ObserverOfferView[];
}

const derivedByTranscript = new WeakMap<readonly SessionEvent[], Derived>();

/** The derived parts of `state`'s transcript, brought up to date with its new events. */
function derivedOf(state: SessionState): Derived {
  const events = state.events;
  let d = derivedByTranscript.get(events);
  // A shorter transcript than last time was rolled back (a failed write): start again.
  if (d === undefined || d.scanned > events.length) {
    d = { scanned: 0, offers: [], agreed: null, decisions: [], seat: [], observer: [] };
    derivedByTranscript.set(events, d);
  }
  for (; d.scanned < events.length; d.scanned++) {
    const e = events[d.scanned] as SessionEvent;
    if (e.type === 'offer') d.offers.push(e);
    else if (e.type === 'delegations-agree') {
      d.agreed = e;
      d.decisions = [];
    } else if (e.type === 'ratify' && d.agreed !== null)
      d.decisions.push({ party: state.parties[e.party] as string, approve: e.approve });
  }
  return d;
}

function ratificationOf(table: Table, state: SessionState): RatificationView | null {
  const d = derivedOf(state);
  if (d.agreed === null) return null;
  return {
    agreed: record(table.scenario, d.agreed.outcome),
    pending: state.pendingRatification.map((i) => state.parties[i] as string),
    decisions: d.decisions.slice(),
  };
}

/**
 * `list` (a cached mapping of the transcript's offers) extended with the offers made since, and
 * returned as a copy: the cached list grows with the session.
 */
function extended<T>(list: T[], offers: readonly OfferEvent[], view: (e: OfferEvent) => T): T[] {
  for (let k = list.length; k < offers.length; k++) list.push(view(offers[k] as OfferEvent));
  return list.slice();
}

/** The offers as the seat at `index` sees them. */
function seatOffers(table: Table, state: SessionState, index: number): SeatOfferView[] {
  const d = derivedOf(state);
  const me = table.parties[index] as Party;
  d.seat[index] ??= [];
  return extended(d.seat[index], d.offers, (e) => ({
    step: e.step,
    round: e.round,
    by: state.parties[e.party] as string,
    outcome: record(table.scenario, e.outcome),
    utilityToYou: partyUtility(me, e.outcome, 0),
  }));
}

/** The offers as the observer sees them. */
function observerOffers(table: Table, state: SessionState): ObserverOfferView[] {
  const d = derivedOf(state);
  return extended(d.observer, d.offers, (e) => ({
    step: e.step,
    round: e.round,
    by: state.parties[e.party] as string,
    outcome: record(table.scenario, e.outcome),
    utilities: utilitiesOf(table, e.outcome),
  }));
}

/**
 * The parts of a view that never change during a session (issues, each seat's own brief), built
 * once per table: a view is built after every action, for every client, and these are its bulk.
 */
interface StaticParts {
  readonly issues: readonly IssueView[];
  readonly you: (YouView | undefined)[];
}

const staticParts = new WeakMap<Table, StaticParts>();

function partsOf(table: Table): StaticParts {
  let parts = staticParts.get(table);
  if (!parts) {
    parts = { issues: table.scenario.space.issues.map(issueView), you: [] };
    staticParts.set(table, parts);
  }
  return parts;
}

function youOf(table: Table, index: number): YouView {
  const parts = partsOf(table);
  parts.you[index] ??= youView(table.scenario, table.parties[index] as Party);
  return parts.you[index];
}

/** The parts of a view that every client may see. */
function baseView(input: ViewInput, index: number | null) {
  const { table, state, sessionId } = input;
  const notes = input.notes ?? NO_NOTES;
  const s = table.scenario;
  const round = Math.floor(state.step / state.parties.length);
  return {
    sessionId,
    protocol: state.protocol,
    scenario: { id: s.id, title: s.title, ...(s.description ? { description: s.description } : {}) },
    status: statusOf(table, state),
    step: state.step,
    round,
    rounds: state.rounds,
    time: currentTime(state),
    schedule: schedule(table, state),
    sitting: sittingLabel(state, round),
    turn: state.status === 'running' ? (state.parties[state.turn] as string) : null,
    turnDeadline: input.turnDeadline,
    issues: partsOf(table).issues,
    ratification: ratificationOf(table, state),
    firstMover: state.protocol === 'saop' ? (state.parties[0] as string) : null,
    clock: {
      lapse: notes.lapse,
      turnSeconds: s.protocol.humanTurnSeconds ?? DEFAULT_HUMAN_TURN_SECONDS,
      started: index === null ? null : notes.opened[index] === true,
    },
    messages: messagesOf(table, state, notes),
    freeText: freeTextAllowed(table),
  };
}

/** A seat's timeline built so far: how many events and notes it has read. */
interface HistoryCache {
  events: number;
  notes: number;
  readonly notesRef: readonly LoggedNote[];
  readonly list: HistoryEntryView[];
}

const historyCache = new WeakMap<readonly SessionEvent[], Map<number, HistoryCache>>();

/**
 * The public events and lapses in order, with `rate` giving the viewer's utility of an outcome.
 * Kept per transcript and seat, and extended with what is new (events and notes only grow), so a
 * view's cost does not grow with the session's length beyond copying the list.
 */
function historyOf(
  table: Table,
  state: SessionState,
  notes: TableNotes,
  index: number,
  rate: (o: Outcome) => number,
): HistoryEntryView[] {
  const s = table.scenario;
  const id = (i: number) => state.parties[i] as string;
  let bySeat = historyCache.get(state.events);
  if (!bySeat) {
    bySeat = new Map();
    historyCache.set(state.events, bySeat);
  }
  let c = bySeat.get(index);
  // A shorter transcript than last time was rolled back (a failed write): start again.
  if (!c || c.events > state.events.length || c.notesRef !== notes.notes || c.notes > notes.notes.length) {
    c = { events: 0, notes: 0, notesRef: notes.notes, list: [] };
    bySeat.set(index, c);
  }
  const cache = c;
  const out = cache.list;
  const flushLapses = (step: number) => {
    for (; cache.notes < notes.notes.length; cache.notes++) {
      const n = notes.notes[cache.notes]?.note as LoggedNote['note'];
      if (n.kind !== 'lapse') continue;
      if (n.step > step) break;
      out.push({
        type: 'lapse',
        step: n.step,
        round: Math.floor(n.step / state.parties.length),
        party: id(n.party),
        passed: n.passed,
      });
    }
  };
  for (; cache.events < state.events.length; cache.events++) {
    const e = state.events[cache.events] as SessionEvent;
    flushLapses(e.step);
    const at = { step: e.step, round: e.round };
    switch (e.type) {
      case 'offer':
      case 'accept':
        out.push({
          type: e.type,
          ...at,
          party: id(e.party),
          outcome: record(s, e.outcome),
          utilityToYou: rate(e.outcome),
        });
        break;
      case 'delegations-agree':
        out.push({ type: e.type, ...at, outcome: record(s, e.outcome), utilityToYou: rate(e.outcome) });
        break;
      case 'tally':
        out.push({ type: e.type, ...at, outcome: record(s, e.outcome), utilityToYou: rate(e.outcome) });
        break;
      case 'end':
        out.push({ type: 'end', ...at, party: id(e.party) });
        break;
      case 'break':
        out.push({ type: 'break', ...at, after: e.after, next: e.next });
        break;
      case 'ratify':
        out.push({ type: 'ratify', ...at, party: id(e.party), approve: e.approve });
        break;
      case 'error': {
        // Only that it happened: another seat's error message may name its red lines.
        const timeout = e.code === 'ACTION_TIMEOUT' && isHumanSeat(table, e.party);
        out.push({
          type: timeout ? 'timeout' : 'error',
          ...at,
          party: e.party === index || timeout ? id(e.party) : undefined,
        } as HistoryEntryView);
        break;
      }
      case 'deadline':
        out.push({ type: 'deadline', ...at });
        break;
      default:
        break;
    }
  }
  flushLapses(Number.POSITIVE_INFINITY);
  return out.slice();
}

const offerEvents = (state: SessionState) => derivedOf(state).offers;
/**
 * The mediated table as a viewer sees it, with `rate` giving the viewer's utilities of a text;
 * null at an SAOP table. Only tallied votes are shown: a ballot under way stays secret.
 */
function chairOf<U>(table: Table, state: SessionState, rate: (o: Outcome) => U): ChairView<U> | null {
  if (state.protocol !== 'mediated') return null;
  const s = table.scenario;
  const text = (round: number, o: Outcome) => ({ round, outcome: record(s, o), ...rate(o) });
  const texts: ChairView<U>['texts'][number][] = [];
  for (const e of state.events) {
    if (e.type !== 'tally') continue;
    const votes: Record<string, boolean> = {};
    e.votes.forEach((v, i) => {
      votes[state.parties[i] as string] = v;
    });
    texts.push({ ...text(e.round, e.outcome), votes, adopted: e.adopted });
  }
  return {
    mediator: state.mediator.kind,
    text: state.text ? text(Math.floor(state.step / state.parties.length), state.text) : null,
    standing: state.standing ? text(state.standing.round, state.standing.outcome) : null,
    texts,
  };
}

/** The offer on the table at an SAOP table (none at a mediated one). */
const tableOf = (state: SessionState) => (state.protocol === 'saop' ? state.table : null);

/**
 * What the seat at `index` sees: public facts, its own party's preferences, and utilities to itself.
 *
 * @example
 * seatView({ sessionId, table, state, turnDeadline: null }, 0).you.reservationValue;
 */
export function seatView(input: ViewInput, index: number): SeatView {
  const { table, state } = input;
  const s = table.scenario;
  const me = table.parties[index] as Party;
  const u = (o: Outcome) => partyUtility(me, o, 0);
  const finished = isFinished(state);
  const onTable = tableOf(state);
  const mediated = chairOf(table, state, (o) => ({ utilityToYou: u(o) }));
  const notes = input.notes ?? NO_NOTES;
  const deal = dealOf(state, notes);
  const improved = deal !== state.agreement && state.agreement !== null;
  return {
    role: 'seat',
    ...baseView(input, index),
    others: table.parties.flatMap((p, i) => (i === index ? [] : [publicParty(p, table.seats[i])])),
    yourTurn: state.status === 'running' && state.turn === index,
    you: youOf(table, index),
    offers: seatOffers(table, state, index),
    table: onTable
      ? {
          outcome: record(s, onTable.outcome),
          by: state.parties[onTable.by] as string,
          utilityToYou: u(onTable.outcome),
        }
      : null,
    chair: mediated
      ? {
          ...mediated,
          // Your own ballot on the text under vote, once cast (in turn order, so it is cast when the turn has passed you).
          yourVote:
            state.protocol === 'mediated' && state.text && index < state.ballot.length
              ? (state.ballot[index] as boolean)
              : null,
        }
      : null,
    result: finished
      ? {
          status: statusOf(table, state),
          agreement: deal ? record(s, deal) : null,
          utilityToYou: deal ? u(deal) : me.reservationValue,
          rounds: Math.ceil(state.step / state.parties.length),
          ...(improved && state.agreement
            ? { before: { agreement: record(s, state.agreement), utilityToYou: u(state.agreement) } }
            : {}),
        }
      : null,
    history: historyOf(table, state, notes, index, u),
    estimates: opponentEstimates(table, state, index),
    improvement: improvementView(table, state, notes.improvement, (o) => ({ utilityToYou: u(o) })),
  };
}

/** Every party's undiscounted utility of an outcome (red lines give 0). */
function utilitiesOf(table: Table, o: Outcome): Record<string, number> {
  const r: Record<string, number> = {};
  for (const p of table.parties) r[p.id] = partyUtility(p, o, 0);
  return r;
}

/** What an observer sees: the seat view's public part plus every party's utilities and negotiator. */
export function observerView(input: ViewInput): ObserverView {
  const { table, state } = input;
  const s = table.scenario;
  const onTable = tableOf(state);
  const notes = input.notes ?? NO_NOTES;
  const deal = dealOf(state, notes);
  const improved = deal !== state.agreement && state.agreement !== null;
  return {
    role: 'observer',
    ...baseView(input, null),
    others: table.parties.map((p, i) => publicParty(p, table.seats[i])),
    parties: table.parties.map((p, i) => {
      const seat = table.seats[i];
      return {
        id: p.id,
        label: p.label,
        reservationValue: p.reservationValue,
        ...(seat?.kind === 'negotiator' ? { negotiator: seat.spec } : {}),
      };
    }),
    offers: observerOffers(table, state),
    table: onTable
      ? {
          outcome: record(s, onTable.outcome),
          by: state.parties[onTable.by] as string,
          utilities: utilitiesOf(table, onTable.outcome),
        }
      : null,
    chair: chairOf(table, state, (o) => ({ utilities: utilitiesOf(table, o) })),
    result: isFinished(state)
      ? {
          status: statusOf(table, state),
          agreement: deal ? record(s, deal) : null,
          utilities: deal
            ? utilitiesOf(table, deal)
            : Object.fromEntries(table.parties.map((p) => [p.id, p.reservationValue])),
          rounds: Math.ceil(state.step / state.parties.length),
          ...(improved && state.agreement
            ? {
                before: {
                  agreement: record(s, state.agreement),
                  utilities: utilitiesOf(table, state.agreement),
                },
              }
            : {}),
        }
      : null,
    improvement: improvementView(table, state, notes.improvement, (o) => ({
      utilities: utilitiesOf(table, o),
    })),
  };
}

/**
 * What a spectator sees: the public facts every seat sees, and the packages offered, with no
 * utility of anyone's and nothing private (preferences, reservation values, thresholds, negotiators).
 *
 * @example
 * publicView({ sessionId, table, state, turnDeadline: null }).offers[0]?.outcome;
 */
export function publicView(input: ViewInput): PublicView {
  const { table, state } = input;
  const s = table.scenario;
  const onTable = tableOf(state);
  return {
    role: 'public',
    ...baseView(input, null),
    others: table.parties.map((p, i) => publicParty(p, table.seats[i])),
    offers: observerOffers(table, state).map((o) => ({
      step: o.step,
      round: o.round,
      by: o.by,
      outcome: o.outcome,
    })),
    table: onTable ? { outcome: record(s, onTable.outcome), by: state.parties[onTable.by] as string } : null,
    chair: chairOf(table, state, () => ({})),
    result: isFinished(state)
      ? {
          status: statusOf(table, state),
          agreement: state.agreement ? record(s, state.agreement) : null,
          rounds: Math.ceil(state.step / state.parties.length),
        }
      : null,
  };
}

/** Every protocol event with each party's utility of its outcome, for playback (observers only). */
export function eventsView(
  table: Table,
  state: SessionState,
  notes: readonly LoggedNote[] = [],
): EventView[] {
  const s = table.scenario;
  const id = (i: number) => state.parties[i] as string;
  // Messages go in at their step, after the events of the steps before it.
  const messages = notes.filter((n) => n.note.kind === 'message');
  let next = 0;
  const out: EventView[] = [];
  const flush = (step: number) => {
    for (; next < messages.length; next++) {
      const n = messages[next] as LoggedNote;
      const m = n.note as Extract<LoggedNote['note'], { kind: 'message' }>;
      if (m.step >= step) break;
      out.push({
        type: 'message',
        step: m.step,
        round: Math.floor(m.step / state.parties.length),
        t: 0,
        party: id(m.party),
        message: messageText(s, m.message),
      });
    }
  };
  for (const e of state.events) {
    flush(e.step + 1);
    out.push(eventView(e));
  }
  flush(Number.POSITIVE_INFINITY);
  return out;

  function eventView(e: SessionEvent): EventView {
    const at = { step: e.step, round: e.round, t: e.t };
    switch (e.type) {
      case 'propose':
        return {
          type: e.type,
          ...at,
          outcome: record(s, e.outcome),
          utilities: utilitiesOf(table, e.outcome),
        };
      case 'tally':
        return {
          type: e.type,
          ...at,
          outcome: record(s, e.outcome),
          utilities: utilitiesOf(table, e.outcome),
          votes: Object.fromEntries(e.votes.map((v, i) => [id(i), v])),
          adopted: e.adopted,
        };
      case 'offer':
      case 'accept':
        return {
          type: e.type,
          ...at,
          party: id(e.party),
          outcome: record(s, e.outcome),
          utilities: utilitiesOf(table, e.outcome),
        };
      case 'delegations-agree':
        return {
          type: e.type,
          ...at,
          outcome: record(s, e.outcome),
          utilities: utilitiesOf(table, e.outcome),
        };
      case 'end':
        return { type: 'end', ...at, party: id(e.party) };
      case 'break':
        return { type: 'break', ...at, after: e.after, next: e.next };
      case 'ratify':
        return { type: 'ratify', ...at, party: id(e.party), approve: e.approve };
      case 'error': {
        const timeout = e.code === 'ACTION_TIMEOUT' && isHumanSeat(table, e.party);
        return {
          type: timeout ? 'timeout' : 'error',
          ...at,
          party: id(e.party),
          code: e.code,
          message: e.message,
        };
      }
      default:
        return { type: 'deadline', ...at };
    }
  }
}

/** The domain analysis a debrief needs, computed once per scenario. */
export interface DebriefAnalysis {
  readonly frontier: readonly UtilityPoint[];
  readonly nash: UtilityPoint | null;
  readonly kalai: UtilityPoint | null;
  /** Utilities of the feasible outcomes (or of a sample's), one array per party in scenario order. */
  readonly cloud: readonly number[][];
  readonly sampled: boolean;
}

const analyses = new WeakMap<Scenario, DebriefAnalysis>();

/** The analysis behind every debrief of `scenario` (cached per scenario object). */
export function debriefAnalysis(scenario: Scenario): DebriefAnalysis {
  const cached = analyses.get(scenario);
  if (cached) return cached;
  const a = analyzeDomain(scenario);
  const m = utilityMatrix(scenario, { maxOutcomes: DEBRIEF_MAX_OUTCOMES, sampleSize: DEBRIEF_MAX_OUTCOMES });
  const cloud = scenario.parties.map(() => [] as number[]);
  for (let k = 0; k < m.feasible.length; k++) {
    if (m.feasible[k] !== 1) continue;
    m.utils.forEach((u, i) => {
      (cloud[i] as number[]).push(u[k] as number);
    });
  }
  const result = { frontier: a.frontier, nash: a.nash, kalai: a.kalai, cloud, sampled: m.sample !== null };
  analyses.set(scenario, result);
  return result;
}

/**
 * The debrief: the outcome cloud, frontier, Nash and Kalai points, reservation values, each
 * party's offers in utility space, the agreement and (for a seat) what was left on the table.
 * Only for finished sessions or observers: the caller checks that.
 */
export function debrief(
  sessionId: string,
  table: Table,
  state: SessionState,
  analysis: DebriefAnalysis,
  you: number | null,
  notes: TableNotes = NO_NOTES,
): Debrief {
  const s = table.scenario;
  // Analysis arrays follow the scenario's party order, which may differ from the turn order.
  const ids = s.parties.map((p) => p.id);
  const point = (p: UtilityPoint): DebriefPoint => ({
    outcome: record(s, p.outcome),
    utilities: Object.fromEntries(ids.map((id, i) => [id, p.utilities[i] as number])),
  });
  const trajectories: Record<string, { step: number; utilities: Record<string, number> }[]> = {};
  for (const p of table.parties) trajectories[p.id] = [];
  for (const e of offerEvents(state)) {
    trajectories[state.parties[e.party] as string]?.push({
      step: e.step,
      utilities: utilitiesOf(table, e.outcome),
    });
  }
  const deal = dealOf(state, notes);
  const results: Record<string, number> = deal
    ? utilitiesOf(table, deal)
    : Object.fromEntries(table.parties.map((p) => [p.id, p.reservationValue]));
  // A package a principal would veto was never on the table: only those every principal ratifies.
  const ratified = (o: Outcome) => table.parties.every((p) => p.utility.acceptable(o) && ratifies(p, o));
  const me = you === null ? null : (table.parties[you] as Party).id;
  let leftOnTable: Debrief['leftOnTable'] = null;
  if (me !== null) {
    const mine = ids.indexOf(me);
    let best: UtilityPoint | null = null;
    for (const f of analysis.frontier) {
      const othersContent = ids.every(
        (id, i) => i === mine || (f.utilities[i] as number) >= (results[id] as number) - 1e-12,
      );
      if (
        othersContent &&
        ratified(f.outcome as Outcome) &&
        (best === null || (f.utilities[mine] as number) > (best.utilities[mine] as number))
      )
        best = f;
    }
    const gain = best === null ? 0 : (best.utilities[mine] as number) - (results[me] as number);
    if (best !== null && gain > 1e-9) leftOnTable = { ...point(best), gainToYou: gain };
  }
  return {
    sessionId,
    you: me,
    outcomes: {
      utilities: Object.fromEntries(ids.map((id, i) => [id, analysis.cloud[i] as number[]])),
      count: analysis.cloud[0]?.length ?? 0,
      sampled: analysis.sampled,
    },
    frontier: analysis.frontier.map(point),
    nash: analysis.nash ? point(analysis.nash) : null,
    kalai: analysis.kalai ? point(analysis.kalai) : null,
    reservationValues: Object.fromEntries(table.parties.map((p) => [p.id, p.reservationValue])),
    trajectories,
    agreement: deal ? { outcome: record(s, deal), utilities: utilitiesOf(table, deal) } : null,
    agreementBefore:
      deal !== state.agreement && state.agreement
        ? { outcome: record(s, state.agreement), utilities: utilitiesOf(table, state.agreement) }
        : null,
    improvement: notes.improvement
      ? {
          ...(improvementView(table, state, notes.improvement, () => ({})) as ImprovementView),
          utilities: utilitiesOf(table, notes.improvement.outcome),
        }
      : null,
    status: statusOf(table, state),
    leftOnTable,
    thresholds: Object.fromEntries(
      table.parties.flatMap((p) => (p.principal ? [[p.id, p.principal.ratificationThreshold]] : [])),
    ),
  };
}
