/**
 * A scenario parameter's dotted path in words, for people reading a report: the path
 * `parties.us.evaluators.advanced_chips.h20_case_by_case` is the file's address of a number, but
 * a reader of a tornado chart wants "United States: score of “H20 case by case” on Advanced AI
 * chips". Labels come from the scenario's own issue, value, party, sitting, strategy and impact
 * labels; a path this module does not know (a field added to the format later) falls back to the
 * owner's label and the rest of the path, never to nothing. Pure; the text is raw (escape it
 * before interpolating into HTML).
 */
import type { Issue } from '../model/issues.ts';
import type { Scenario } from '../model/scenario.ts';

/**
 * The words of a parameter path of `scenario` (a `Parameter.path`, or a `--set` path).
 *
 * @example
 * parameterLabel(london, 'parties.us.weights.rare_earths'); // 'United States: weight of Rare earths'
 * parameterLabel(london, 'protocol.schedule.1.rounds'); // 'Rounds of Day 2 …'
 */
export function parameterLabel(scenario: Scenario, path: string): string {
  const seg = path.split('.');
  const [head, ...rest] = seg;
  if (head === 'parties') return partyParameter(scenario, rest) ?? path;
  if (head === 'protocol') return protocolParameter(scenario, rest) ?? path;
  if (head === 'forecast') return strategyParameter(scenario, rest) ?? path;
  if (head === 'impacts') return impactParameter(scenario, rest) ?? path;
  return path;
}

function partyParameter(scenario: Scenario, seg: readonly string[]): string | null {
  const [id, field, ...rest] = seg;
  const party = scenario.parties.find((p) => p.id === id);
  if (!party || field === undefined) return null;
  const who = party.label;
  switch (field) {
    case 'reservationValue':
      return `${who}: reservation value`;
    case 'discountFactor':
      return `${who}: discount factor`;
    case 'power':
      return `${who}: power`;
    case 'weights':
    case 'salience': {
      const issue = issueById(scenario, rest[0]);
      if (issue && rest.length === 1)
        return `${who}: ${field === 'weights' ? 'weight' : 'salience'} of ${issue.label}`;
      break;
    }
    case 'evaluators': {
      const issue = issueById(scenario, rest[0]);
      if (!issue) break;
      const value = valueById(issue, rest[1]);
      if (value !== undefined && rest.length === 2) return `${who}: score of “${value}” on ${issue.label}`;
      return `${who}: scoring of ${issue.label}${rest.length > 1 ? ` (${rest.slice(1).join('.')})` : ''}`;
    }
    case 'regions': {
      const k = Number(rest[0]);
      const region = Number.isInteger(k) ? party.utility.regions[k] : undefined;
      const what = rest.slice(1).join('.');
      const name = region?.label ? `linked term “${region.label}”` : `linked term ${k + 1}`;
      if (region || Number.isInteger(k))
        return `${who}: ${name}${what && what !== 'value' ? ` (${what})` : ''}`;
      break;
    }
    case 'principal': {
      const name = party.principal?.name ?? 'principal';
      if (rest.length === 1 && rest[0] === 'ratificationThreshold')
        return `${name}’s ratification threshold (${who})`;
      // The principal's own utility: the same fields as a party's, said of the principal.
      const inner = partyParameter(scenario, [party.id, ...rest]);
      if (inner) return `${name} (${who}’s principal): ${inner.slice(who.length + 2)}`;
      break;
    }
  }
  return `${who}: ${[field, ...rest].join('.')}`;
}

function protocolParameter(scenario: Scenario, seg: readonly string[]): string | null {
  const [field, ...rest] = seg;
  if (field === 'schedule') {
    const k = Number(rest[0]);
    const sitting = Number.isInteger(k) ? scenario.protocol.schedule[k] : undefined;
    if (sitting && rest[1] === 'rounds') return `Rounds of the sitting “${sitting.label}”`;
    if (sitting) return `Sitting “${sitting.label}”: ${rest.slice(1).join('.')}`;
    return null;
  }
  if ((field === 'deadline' && rest[0] === 'rounds') || (field === 'rounds' && rest.length === 0))
    return 'Deadline (rounds)';
  if (field === 'timeLimitSeconds') return 'Time limit (seconds)';
  return null;
}

function strategyParameter(scenario: Scenario, seg: readonly string[]): string | null {
  // forecast.negotiators.<party>.<k>.params.<name> | .probability
  const [field, id, k, what, name] = seg;
  if (field !== 'negotiators' || id === undefined) return null;
  const party = scenario.parties.find((p) => p.id === id);
  const option = scenario.forecast?.negotiators[id]?.[Number(k)];
  const who = party?.label ?? id;
  const strategy = option ? `the ${option.negotiator} strategy` : `strategy ${Number(k) + 1}`;
  if (what === 'params' && name !== undefined && seg.length === 5)
    return `${who}: parameter ${name} of ${strategy}`;
  if (what === 'probability' && seg.length === 4) return `${who}: chance of playing ${strategy}`;
  return null;
}

function impactParameter(scenario: Scenario, seg: readonly string[]): string | null {
  const [id, field, ...rest] = seg;
  const impact = scenario.impacts?.find((m) => m.id === id);
  if (!impact) return null;
  const name = impact.label;
  if (field === 'noDeal' && rest.length === 0) return `${name}, without a deal`;
  if (field === 'base' && rest.length === 0) return `${name}, base`;
  if (field === 'perIssue') {
    const issue = issueById(scenario, rest[0]);
    if (!issue) return null;
    const value = valueById(issue, rest[1]);
    if (value !== undefined && rest.length === 2) return `${name}, if ${issue.label} is “${value}”`;
    return `${name}, by ${issue.label}${rest.length > 1 ? ` (${rest.slice(1).join('.')})` : ''}`;
  }
  return `${name}: ${[field, ...rest].join('.')}`;
}

function issueById(scenario: Scenario, id: string | undefined): Issue | undefined {
  return id === undefined ? undefined : scenario.space.issues.find((i) => i.id === id);
}

/** The label of a discrete issue's value given by id; undefined for other issues or unknown ids. */
function valueById(issue: Issue, id: string | undefined): string | undefined {
  if (issue.kind !== 'discrete' || id === undefined) return undefined;
  return issue.values.find((v) => v.id === id)?.label;
}
