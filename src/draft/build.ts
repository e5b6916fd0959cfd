/**
 * From items to a native scenario marked `status: draft`: the parties with their delegations and
 * principals, the issues with two values each (the measure stays, or it is eased), red lines and
 * linkage terms from the article, the sittings; every judgement a person must still make (values,
 * weights, evaluators, reservation values, thresholds, linkage sizes, rounds, strategies, impact
 * indicators) is filled with a placeholder that validates, noted as such, and listed as a `todo`
 * carrying the evidence that bears on it. The result passes `lancaster validate`; simulate and
 * forecast refuse it until a person has done the todos and removed `status: draft`.
 */
import {
  type DraftItemFile,
  type EvidenceFile,
  TODO_KINDS,
  type TodoFile,
} from '../formats/native/schema.ts';
import { dayLabel } from './extract.ts';

/** The two values every drafted issue starts with. */
export const STAYS = 'status_quo';
export const EASED = 'eased';

/** Rounds a drafted sitting gets until a person sets them. */
export const PLACEHOLDER_ROUNDS = 10;

const PLACEHOLDER = (todo: string) => `placeholder until todo ${todo} is done`;

function uniqueEvidence(list: readonly EvidenceFile[]): EvidenceFile[] {
  const out: EvidenceFile[] = [];
  for (const e of list) {
    if (!out.some((x) => x.file === e.file && x.start === e.start && x.quote === e.quote)) out.push(e);
  }
  return out.sort((x, y) => x.file.localeCompare(y.file) || x.start - y.start);
}

/** Equal weights that sum to exactly 1 when read back (the last takes the rounding). */
function equalWeights(n: number): number[] {
  const w = Math.round(10000 / n) / 10000;
  const out = Array.from({ length: n }, () => w);
  out[n - 1] = Math.round((1 - w * (n - 1)) * 10000) / 10000;
  return out;
}

function longDate(dates: readonly string[]): string | undefined {
  if (dates.length === 0) return undefined;
  const parts = dates.map((d) => dayLabel(d).split(' ').slice(1)); // [day, Month, year]
  const first = parts[0] as string[];
  const last = parts[parts.length - 1] as string[];
  if (dates.length === 1) return first.join(' ');
  if (first[1] === last[1] && first[2] === last[2]) return `${first[0]}–${last[0]} ${first[1]} ${first[2]}`;
  return `${first.join(' ')} – ${last.join(' ')}`;
}

export interface BuildInput {
  readonly items: DraftItemFile[];
  readonly parties: readonly { readonly id: string; readonly label: string }[];
  readonly articles: readonly {
    file: string;
    address?: string;
    date?: string;
    dateFrom?: 'option' | 'article';
    mended: readonly string[];
  }[];
  readonly method: string;
  /** People taken as a delegation's lead only because they were named first. */
  readonly inferredLeads?: readonly string[];
}

/**
 * The draft scenario as plain data (what `lancaster draft` writes as YAML or JSON).
 *
 * @example
 * const data = buildDraft({ items, parties, articles: [{ file: 'a.txt', mended: [] }], method: 'rules' });
 * data.status; // 'draft'
 */
export function buildDraft(input: BuildInput): Record<string, unknown> {
  const { items } = input;
  const todos: TodoFile[] = [];
  const todo = (t: TodoFile) => {
    todos.push({ ...t, evidence: uniqueEvidence(t.evidence) });
    return t.id;
  };
  const of = (kind: DraftItemFile['kind']) => items.filter((i) => i.kind === kind);
  const sourceList = [...new Set(input.articles.map((a) => a.address ?? a.file))];

  // Parties: at least two, so that the draft validates; a missing one is a todo.
  const parties = [...input.parties];
  const partyTodoEvidence = of('party').flatMap((i) => i.evidence);
  if (parties.length < 2) {
    while (parties.length < 2)
      parties.push({
        id: `party_${parties.length + 1}`,
        label: `Party ${parties.length + 1} (not found in the article)`,
      });
  }
  if (input.parties.length < 2 || of('party').some((p) => p.role === 'mediator')) {
    todo({
      id: 'parties',
      kind: 'parties',
      task:
        input.parties.length < 2
          ? 'The article names fewer than two negotiating parties: name the missing party (id, label) and check the sides.'
          : 'Check the parties: the draft took the ones with a delegation or named as negotiating, and left mediators out.',
      paths: ['parties'],
      evidence: partyTodoEvidence,
    });
  }

  // Issues: every candidate issue with two values; their values are a judgement.
  let issues = of('issue');
  if (issues.length === 0) {
    const placeholder: DraftItemFile = {
      kind: 'issue',
      label: 'Issue to be named',
      issue: 'issue_1',
      evidence: of('party')
        .flatMap((p) => p.evidence)
        .slice(0, 1),
    };
    if (placeholder.evidence.length === 0)
      placeholder.evidence.push(...input.items.flatMap((i) => i.evidence).slice(0, 1));
    issues = placeholder.evidence.length > 0 ? [placeholder] : [];
  }
  const labelOf = (id: string | undefined) => parties.find((p) => p.id === id)?.label ?? id ?? 'no party';
  const issueData = issues.map((i) => {
    const id = i.issue as string;
    const holder = i.holder !== undefined ? labelOf(i.holder) : undefined;
    const valuesTodo = todo({
      id: `${id}-values`,
      kind: 'values',
      task: `Define the values of "${i.label}": the draft has only "${STAYS}" (the measure stays) and "${EASED}" (eased or lifted); add the steps in between that the talks could agree on (case by case, partial, phased).`,
      paths: [`issues.${id}.values`],
      evidence: i.evidence,
    });
    i.paths = [`issues.${id}`];
    return {
      id,
      label: i.label,
      description: `Drafted from the article${holder ? `: a measure held by ${holder}` : ''}${
        (i.wantsChange ?? []).length > 0
          ? `, which ${(i.wantsChange ?? []).map(labelOf).join(' and ')} want${(i.wantsChange ?? []).length === 1 ? 's' : ''} changed`
          : ''
      }. Words read: ${(i.terms ?? [i.label]).join('; ')}. Values: see todo ${valuesTodo}.`,
      sources: sourceList,
      type: 'discrete',
      values: [
        { id: STAYS, label: 'Stays as on the article date' },
        { id: EASED, label: 'Eased or lifted' },
      ],
    };
  });
  const issueIds = issueData.map((i) => i.id);
  const weights = equalWeights(Math.max(1, issueIds.length));

  const partyData = parties.map((party, pi) => {
    const people = of('person').filter((p) => p.party === party.id);
    const delegation = people
      .filter((p) => p.role === 'lead' || p.role === 'member')
      .sort((x, y) => (x.role === 'lead' ? -1 : 0) - (y.role === 'lead' ? -1 : 0))
      .map((p) => ({
        name: p.label,
        role: p.title ?? 'member',
        ...(p.role === 'lead' ? { lead: true } : {}),
      }));
    delegation.forEach((d, k) => {
      const item = people.find((p) => p.label === d.name);
      if (item) item.paths = [`parties.${party.id}.delegation.${k}`];
    });
    const principal = people.find((p) => p.role === 'principal');
    const heldBy = (i: DraftItemFile) => i.holder === party.id;
    const stances = items.filter(
      (i) =>
        (i.kind === 'redLine' || i.kind === 'condition' || i.kind === 'linkage' || i.kind === 'signal') &&
        i.party === party.id,
    );
    const base = `parties.${party.id}`;

    if (delegation.length > 0 && !delegation.some((d) => 'lead' in d)) {
      todo({
        id: `${party.id}-lead`,
        kind: 'delegation',
        task: `Say who leads the ${party.label} delegation: the article lists its members but names no lead.`,
        paths: [`${base}.delegation`],
        evidence: people.flatMap((p) => p.evidence),
      });
    } else if (delegation.length >= 1) {
      const lead = people.find((p) => p.role === 'lead');
      const listed = lead?.evidence.some((e) => /led by [^.]*,/.test(e.sentence)) ?? false;
      if (listed || (lead !== undefined && (input.inferredLeads ?? []).includes(lead.label))) {
        todo({
          id: `${party.id}-lead`,
          kind: 'delegation',
          task: listed
            ? `Check the lead of the ${party.label} delegation: "led by" lists several people, and the draft took the first listed, ${lead?.label}.`
            : `Check the lead of the ${party.label} delegation: the article says no one leads it, and the draft took the first named, ${lead?.label}.`,
          paths: [`${base}.delegation`],
          evidence: lead?.evidence ?? [],
        });
      }
    }
    let principalData: Record<string, unknown> | undefined;
    if (principal) {
      const thresholdTodo = todo({
        id: `${party.id}-principal-threshold`,
        kind: 'ratificationThreshold',
        task: `Set ${principal.label}'s ratification threshold: the utility below which ${principal.label} would veto a deal the delegation accepts (above the delegation's reservation value if ${principal.label} is harder to satisfy). The draft took ${principal.label} (${principal.title ?? 'head of state or government'}, not in the delegation) as the principal whose approval any deal needs: check that too.`,
        paths: [`${base}.principal.ratificationThreshold`],
        evidence: [
          ...principal.evidence,
          ...stances.filter((s) => s.speaker === principal.label).flatMap((s) => s.evidence),
        ],
      });
      principal.paths = [`${base}.principal`];
      principalData = {
        name: principal.label,
        ...(principal.title !== undefined ? { title: principal.title } : {}),
        ratificationThreshold: { value: 0, note: PLACEHOLDER(thresholdTodo) },
      };
    }
    todo({
      id: `${party.id}-weights`,
      kind: 'weights',
      task: `Weigh the issues for ${party.label} (weights summing to 1): the draft gives them equal weights. What the article says ${party.label} holds, wants and will not give bears on it.`,
      paths: [`${base}.weights`],
      evidence: [
        ...issues
          .filter((i) => heldBy(i) || (i.wantsChange ?? []).includes(party.id))
          .flatMap((i) => i.evidence),
        ...stances.filter((s) => s.kind !== 'signal').flatMap((s) => s.evidence),
      ],
    });
    todo({
      id: `${party.id}-evaluators`,
      kind: 'evaluator',
      task: `Score each value of each issue for ${party.label} in [0, 1]: the draft scores 1 for keeping a measure ${party.label} holds and for easing one it wants changed, 0 for the opposite, and 0.5 where the article names no holder.`,
      paths: issueIds.map((id) => `${base}.evaluators.${id}`),
      evidence: issues.flatMap((i) => i.evidence),
    });
    todo({
      id: `${party.id}-reservation`,
      kind: 'reservationValue',
      task: `Set ${party.label}'s reservation value: the utility of no deal (its BATNA), from what the article says no deal would cost it.`,
      paths: [`${base}.reservationValue`],
      evidence: [
        ...stances.filter((s) => s.kind === 'signal').flatMap((s) => s.evidence),
        ...of('number').flatMap((n) => n.evidence),
      ],
    });
    todo({
      id: `${party.id}-strategy`,
      kind: 'strategy',
      task: `Choose how ${party.label} negotiates: a negotiator spec (e.g. boulware:e=0.2) and, for forecasts, a strategy mix; the tone of its statements bears on it.`,
      paths: [`${base}.negotiator`, `forecast.negotiators.${party.id}`],
      evidence: stances.filter((s) => s.kind === 'signal').flatMap((s) => s.evidence),
    });
    const evaluators: Record<string, Record<string, number>> = {};
    for (const i of issues) {
      const id = i.issue as string;
      const wants = (i.wantsChange ?? []).includes(party.id);
      const keeps = i.holder === party.id;
      evaluators[id] = keeps
        ? { [STAYS]: 1, [EASED]: 0 }
        : wants
          ? { [STAYS]: 0, [EASED]: 1 }
          : { [STAYS]: 0.5, [EASED]: 0.5 };
    }
    const redLines = of('redLine')
      .filter((r) => r.party === party.id && r.issue !== undefined && issueIds.includes(r.issue))
      .map((r, k) => {
        const id = `${r.issue}_stays${k > 0 ? `_${k + 1}` : ''}`.replace(/_/g, '-');
        const t = todo({
          id: `${party.id}-redline-${id}`,
          kind: 'redLine',
          task: `Check the red line "${r.label}"${r.speaker ? ` (${r.speaker})` : ''}: the draft forbids "${EASED}" of ${r.issue}; once the issue has more values, say which of them cross it${(r.terms ?? []).length > 0 ? ` (the article names ${(r.terms ?? []).join(', ')})` : ''}.`,
          paths: [`${base}.redLines.${id}`],
          evidence: r.evidence,
        });
        r.paths = [`${base}.redLines.${id}`];
        return {
          id,
          label: r.label.charAt(0).toUpperCase() + r.label.slice(1),
          sources: sourceList,
          note: `Drafted from the article${r.speaker ? ` (${r.speaker})` : ''}; see todo ${t}.`,
          forbid: { [r.issue as string]: [EASED] },
        };
      });
    const regions: Record<string, unknown>[] = [];
    for (const l of of('linkage').filter((x) => x.party === party.id)) {
      const gets = (l.gets ?? []).filter((g) => issueIds.includes(g));
      for (const give of (l.gives ?? []).filter((g) => issueIds.includes(g))) {
        if (gets.length === 0) continue;
        const k = regions.length;
        const t = todo({
          id: `${party.id}-linkage-${give}`.replace(/_/g, '-'),
          kind: 'linkage',
          task: `Size the linkage: easing ${give} while ${gets.join(' and ')} stay${gets.length === 1 ? 's' : ''} costs ${party.label} how much (a negative value in [-1, 0])? The article reports the exchange "${l.label}".`,
          paths: [`${base}.regions.${k}.value`],
          evidence: l.evidence,
        });
        l.paths = [...(l.paths ?? []), `${base}.regions.${k}`];
        regions.push({
          label: `Easing ${give} without ${gets.join(' and ')} (reported exchange)`,
          value: { value: 0, note: PLACEHOLDER(t) },
          when: { [give]: [EASED], ...Object.fromEntries(gets.map((g) => [g, [STAYS]])) },
        });
      }
    }
    for (const c of of('condition').filter((x) => x.party === party.id)) {
      todo({
        id: `${party.id}-condition-${todos.filter((t) => t.id.startsWith(`${party.id}-condition-`)).length + 1}`,
        kind: 'linkage',
        task: `The article states a condition: "${c.label}"${c.speaker ? ` (${c.speaker})` : ''}. Say on what ${party.label}'s concessions are conditional, as linkage terms (regions) or red lines.`,
        paths: [`${base}.regions`],
        evidence: c.evidence,
      });
      c.paths = [`${base}.regions`];
    }
    for (const s of stances.filter((x) => x.kind === 'signal')) s.paths = [`${base}.negotiator`];
    const item = of('party').find((p) => p.party === party.id);
    if (item) item.paths = [base];
    return {
      id: party.id,
      label: party.label,
      ...(delegation.length > 0 ? { delegation } : {}),
      ...(principalData !== undefined ? { principal: principalData } : {}),
      reservationValue: { value: 0, note: PLACEHOLDER(`${party.id}-reservation`) },
      weights: Object.fromEntries(
        issueIds.map((id, k) => [
          id,
          k === 0
            ? { value: weights[k] as number, note: PLACEHOLDER(`${party.id}-weights`) }
            : (weights[k] as number),
        ]),
      ),
      evaluators,
      ...(regions.length > 0 ? { regions } : {}),
      ...(redLines.length > 0 ? { redLines } : {}),
      _order: pi,
    };
  });

  // Sittings: dated when the article (or --date) gives a date; their rounds are a judgement.
  const sittings = of('sitting');
  const schedule = sittings.map((s, k) => {
    s.paths = [`protocol.schedule.${k}`];
    return {
      label: `Day ${k + 1} (${s.label}${s.time ? `, ${s.time}` : ''}${s.hours !== undefined ? `, ${s.hours} h reported` : ''})`,
      ...(s.date !== undefined ? { start: s.date } : {}),
      rounds: PLACEHOLDER_ROUNDS,
    };
  });
  todo({
    id: 'schedule',
    kind: 'schedule',
    task:
      schedule.length > 0
        ? `Set the rounds of offers that fit each sitting (the draft gives each ${PLACEHOLDER_ROUNDS}) and their start and end times; the deadline is their sum.`
        : input.articles.some((a) => a.date !== undefined)
          ? 'The article gives no dated sitting: set the deadline in rounds and, if known, the sittings.'
          : 'The article has no date, so its days ("on Tuesday") cannot be resolved: run lancaster draft with --date YYYY-MM-DD, or set the sittings and the deadline by hand.',
    paths:
      schedule.length > 0
        ? schedule.map((_, k) => `protocol.schedule.${k}.rounds`)
        : ['protocol.deadline.rounds'],
    evidence: sittings.flatMap((s) => s.evidence),
  });

  const numbers = of('number');
  if (numbers.length > 0) {
    todo({
      id: 'impacts',
      kind: 'impact',
      task: `Decide which context numbers are impact indicators (what the outcome moves outside the room) and how each issue moves them: ${numbers.map((n) => `"${n.label}"`).join(', ')}.`,
      paths: ['impacts'],
      evidence: numbers.flatMap((n) => n.evidence),
    });
  }

  const venues = of('venue').map((v) => v.label);
  const dates = sittings.map((s) => s.date).filter((d): d is string => d !== undefined);
  const when = longDate(dates);
  const names = parties.map((p) => p.label).join('–');
  const title = [`${names} talks`, ...venues, ...(when ? [when] : [])].join(', ');
  const year = dates[0]?.slice(0, 4) ?? input.articles.find((a) => a.date)?.date?.slice(0, 4);
  const id =
    `${parties.map((p) => p.id).join('-')}${year ? `-${year}` : ''}-draft`
      .replace(/_/g, '-')
      .replace(/[^a-z0-9-]/g, '') || 'draft';
  const mended = input.articles.flatMap((a) => a.mended);
  return {
    version: 1,
    id,
    title: `${title} (draft)`,
    description: `Drafted by lancaster draft (${input.method}) from ${sourceList.join(', ')}. Every judgement a person must still make is a todo with the article's evidence; numbers marked "placeholder" are not judgements yet.`,
    notes: [
      'Draft: facts from the article only; every weight, evaluator, reservation value, threshold, linkage size, rounds count and strategy is a placeholder listed in todos.',
      ...(mended.length > 0 ? [`Spelling mended while reading: ${mended.join(', ')}.`] : []),
    ],
    status: 'draft',
    issues: issueData,
    parties: partyData.map(({ _order, ...p }) => p),
    protocol: {
      type: 'saop',
      order: parties.map((p) => p.id),
      deadline: {
        rounds: schedule.length > 0 ? schedule.length * PLACEHOLDER_ROUNDS : 2 * PLACEHOLDER_ROUNDS,
      },
      ...(schedule.length > 0 ? { schedule } : {}),
    },
    todos: todos.sort((x, y) => TODO_KINDS.indexOf(x.kind) - TODO_KINDS.indexOf(y.kind)),
    draft: {
      method: input.method,
      articles: input.articles.map((a) => ({
        file: a.file,
        ...(a.address !== undefined ? { address: a.address } : {}),
        ...(a.date !== undefined ? { date: a.date } : {}),
        ...(a.dateFrom !== undefined ? { dateFrom: a.dateFrom } : {}),
      })),
      items,
    },
  };
}
