/**
 * Talking at the table, beside offers (as IAGO's agents do): structured messages (state or ask a
 * priority, ask whether an issue is a deal-breaker, signal a red line or that an issue is none,
 * justify an offer, decline to say) and, between people only, free text. Messages are notes of the
 * session's log, public to every seat and the observer like offers; what a person says is theirs
 * to say (true or not), and nothing private of another party is ever added to it.
 *
 * Software seats answer questions about their preferences by a policy declared when the session is
 * created (shown to every seat), documented in src/negotiators/README.md:
 *   - `honest`: the true answer (its most important issue; whether a red line names the issue);
 *   - `silent`: always declines to say;
 *   - `strategic`: reveals only what raises its expected utility under its opponent model (the
 *     frequency model of the asker, learned from the asker's offers): its most important issue
 *     only when the model puts the asker's own top issue elsewhere (then the disclosure invites a
 *     trade: the asker can concede on it at little cost to itself); a red line when it has one on
 *     that issue (an offer crossing it is worth nothing to it, so telling saves offers both would
 *     waste); otherwise it declines.
 * Pure: no I/O; the session manager logs what these return.
 */
import type { Issue } from '../model/issues.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { FrequencyOne } from '../negotiators/opponent-models/frequency.ts';
import type { SessionEvent, SessionState } from '../protocols/types.ts';
import type { AnswerPolicy, MessageBody, OpponentEstimateView } from './api.ts';
import { apiError, DEFAULT_ANSWER_POLICY, isHumanSeat, type Table } from './machine.ts';

/** Whether free text may be sent at this table: every seat is a person's. */
export function freeTextAllowed(table: Table): boolean {
  return table.parties.every((_, i) => isHumanSeat(table, i));
}

function issueIndex(scenario: Scenario, id: string): number {
  return scenario.space.issues.findIndex((i) => i.id === id);
}

/** Refuses a message that names no issue of the scenario, or free text at a table with software (BAD_REQUEST). */
export function checkMessage(table: Table, _index: number, body: MessageBody): void {
  if ('issue' in body && issueIndex(table.scenario, body.issue) < 0) {
    throw apiError(
      'BAD_REQUEST',
      `'${body.issue}' is not an issue of this scenario; use one of ${table.scenario.space.issues.map((i) => i.id).join(', ')}`,
      'message.issue',
    );
  }
  if (body.kind === 'text' && !freeTextAllowed(table)) {
    throw apiError(
      'BAD_REQUEST',
      'free text is for tables of people only: a software negotiator cannot read it; use a structured message (priority, ask-priority, ask-red-line, red-line, no-red-line, justify)',
      'message.kind',
    );
  }
}

const JUSTIFICATIONS: Record<Extract<MessageBody, { kind: 'justify' }>['reason'], string> = {
  concession: 'I have moved a long way with this offer; it is a real concession.',
  fair: 'This offer splits the difference fairly.',
  principal: 'My principal will not ratify anything less than this.',
  deadline: 'Time is short; this is what can be agreed before the talks end.',
};

/** A message in plain words, with the scenario's issue labels. */
export function messageText(scenario: Scenario, body: MessageBody): string {
  const label = (id: string) =>
    (scenario.space.issues.find((i) => i.id === id) as Issue | undefined)?.label ?? id;
  switch (body.kind) {
    case 'priority':
      return `${label(body.issue)} matters most to me.`;
    case 'ask-priority':
      return 'What matters most to you?';
    case 'ask-red-line':
      return `Is ${label(body.issue)} a deal-breaker for you?`;
    case 'red-line':
      return `${label(body.issue)} is a red line for me.`;
    case 'no-red-line':
      return `${label(body.issue)} is not a red line for me.`;
    case 'justify':
      return JUSTIFICATIONS[body.reason];
    case 'decline':
      return "I'd rather not say.";
    default:
      return body.text;
  }
}

type OfferEvent = Extract<SessionEvent, { type: 'offer' }>;

/** The frequency model of `party` learned from its offers so far, and those offers. */
function modelOf(
  table: Table,
  state: SessionState,
  party: number,
): { model: FrequencyOne; offers: OfferEvent[] } {
  const model = new FrequencyOne(table.scenario.space, 0.2);
  const offers: OfferEvent[] = [];
  for (const e of state.events) {
    if (e.type === 'offer' && e.party === party) {
      model.observe(e.outcome, e.t);
      offers.push(e);
    }
  }
  return { model, offers };
}

function topIssue(weights: readonly number[]): number {
  let best = 0;
  weights.forEach((w, i) => {
    if (w > (weights[best] as number)) best = i;
  });
  return best;
}

/** The answer of a software seat's party to a question, under its policy (null: not a question). */
export function answerOf(
  table: Table,
  state: SessionState,
  party: number,
  policy: AnswerPolicy,
  asker: number,
  question: MessageBody,
): MessageBody | null {
  if (question.kind !== 'ask-priority' && question.kind !== 'ask-red-line') return null;
  if (policy === 'silent') return { kind: 'decline' };
  const me = table.parties[party] as Party;
  const issues = table.scenario.space.issues;
  if (question.kind === 'ask-priority') {
    const mine = topIssue(me.utility.weights);
    const answer: MessageBody = { kind: 'priority', issue: (issues[mine] as Issue).id };
    if (policy === 'honest') return answer;
    const { model, offers } = modelOf(table, state, asker);
    if (offers.length < 2) return { kind: 'decline' };
    return topIssue(model.estimatedWeights()) !== mine ? answer : { kind: 'decline' };
  }
  const k = issueIndex(table.scenario, question.issue);
  const has = me.utility.redLines.some((r) => r.conditions.some((c) => c.issue === k));
  if (has) return { kind: 'red-line', issue: question.issue };
  return policy === 'honest' ? { kind: 'no-red-line', issue: question.issue } : { kind: 'decline' };
}

/** The answers of every software seat (other than the asker) to a person's message, in turn order. */
export function softwareAnswers(
  table: Table,
  state: SessionState,
  asker: number,
  body: MessageBody,
): { party: number; message: MessageBody }[] {
  const out: { party: number; message: MessageBody }[] = [];
  table.seats.forEach((seat, i) => {
    if (i === asker || seat.kind !== 'negotiator') return;
    const answer = answerOf(table, state, i, seat.answers ?? DEFAULT_ANSWER_POLICY, asker, body);
    if (answer) out.push({ party: i, message: answer });
  });
  return out;
}

/** One party's offers read into its frequency model so far (kept per transcript). */
interface EstimateCache {
  scanned: number;
  readonly model: FrequencyOne;
  readonly offers: { step: number; round: number; utility: number }[];
}

const estimateCache = new WeakMap<readonly SessionEvent[], Map<number, EstimateCache>>();

/**
 * The other parties' concession as seat `index` may see it: the frequency opponent model learned
 * from each one's public offers, its estimated issue priorities, and the estimated utility to that
 * party of each of its offers, valued by the model as it stood once that offer was seen (so the
 * curve is built as the talks go, and a view's cost does not grow with the session). An estimate:
 * the true curve is in the debrief after the end.
 */
export function opponentEstimates(table: Table, state: SessionState, index: number): OpponentEstimateView[] {
  const issues = table.scenario.space.issues;
  let byParty = estimateCache.get(state.events);
  if (!byParty) {
    byParty = new Map();
    estimateCache.set(state.events, byParty);
  }
  return table.parties.flatMap((p, i) => {
    if (i === index) return [];
    let c = byParty.get(i);
    if (!c || c.scanned > state.events.length) {
      c = { scanned: 0, model: new FrequencyOne(table.scenario.space, 0.2), offers: [] };
      byParty.set(i, c);
    }
    for (; c.scanned < state.events.length; c.scanned++) {
      const e = state.events[c.scanned] as SessionEvent;
      if (e.type !== 'offer' || e.party !== i) continue;
      c.model.observe(e.outcome, e.t);
      c.offers.push({ step: e.step, round: e.round, utility: c.model.utility(e.outcome) });
    }
    const weights = c.model.estimatedWeights();
    return [
      {
        party: p.id,
        priorities: issues
          .map((issue, k) => ({ issue: issue.id, weight: weights[k] as number }))
          .sort((a, b) => b.weight - a.weight),
        offers: c.offers.slice(),
      },
    ];
  });
}
