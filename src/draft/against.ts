/**
 * An article beside an existing scenario (`lancaster draft --against`): what the article says that
 * the scenario lacks (gaps), and where the two disagree (contradictions), each with the article's
 * sentence and the scenario's line. The scenario is read as YAML data with line positions (no
 * validation: a half-finished scenario can be compared too); matching is by names and words, the
 * same normalisation the drafter groups issues with.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { DraftItemFile, EvidenceFile } from '../formats/native/schema.ts';
import { SourceMap } from '../formats/native/source-map.ts';
import { POLITIES, SYNONYMS } from './lexicon.ts';

/** One difference between an article and a scenario. */
export interface Finding {
  /** `gap`: the article says it and the scenario lacks it; `contradiction`: they disagree. */
  readonly kind: 'gap' | 'contradiction';
  readonly item: DraftItemFile['kind'];
  readonly message: string;
  /** The article's sentence. */
  readonly article: EvidenceFile;
  /** The scenario's line the finding is about (where it is, or where it would go). */
  readonly scenario: { readonly file: string; readonly line: number; readonly path: string };
}

export interface Comparison {
  readonly findings: readonly Finding[];
  /** Items the scenario already has, with the line that has them. */
  readonly matched: readonly { readonly item: DraftItemFile; readonly line: number; readonly path: string }[];
}

type Data = Record<string, unknown>;
const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1)
    .map((w) => SYNONYMS[w] ?? (w.endsWith('s') && w.length > 3 ? w.slice(0, -1) : w));
}

const STOP = new Set([
  'the',
  'and',
  'of',
  'on',
  'for',
  'in',
  'to',
  'like',
  'such',
  'as',
  'eg',
  'e',
  'g',
  'most',
  'recent',
  'export',
  'restriction',
  'control',
  'limit',
  'constraint',
  'technology',
  'tech',
  'item',
  'shipment',
  'supplie',
  'supply',
  'material',
  'it',
]);

/**
 * Compares an article's items with a scenario file's text.
 *
 * @example
 * const { findings } = compareWithScenario(items, readFileSync('scenarios/london-2025.yaml', 'utf8'), 'scenarios/london-2025.yaml');
 */
export function compareWithScenario(items: readonly DraftItemFile[], text: string, file: string): Comparison {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const map = new SourceMap(doc, lines);
  const data = (doc.toJS() ?? {}) as Data;
  const parties = list(data.parties).filter(isRecord);
  const issues = list(data.issues).filter(isRecord);
  const findings: Finding[] = [];
  const matched: Comparison['matched'][number][] = [];
  const lower = text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
  const lineOfText = (needle: string): number | undefined => {
    const at = lower.indexOf(needle.toLowerCase());
    return at < 0 ? undefined : map.positionOf(at).line;
  };
  const at = (path: (string | number)[], display: string) => ({
    file,
    line: map.locate(path, 'key').line,
    path: display,
  });
  const partyIndex = (id: string | undefined) => parties.findIndex((p) => p.id === id);
  const partyAt = (id: string | undefined, ...rest: (string | number)[]) => {
    const k = partyIndex(id);
    return k < 0
      ? at(['parties'], 'parties')
      : at(['parties', k, ...rest], [`parties.${id}`, ...rest].join('.'));
  };
  const add = (f: Omit<Finding, 'article'>, ev: EvidenceFile | undefined) => {
    if (ev) findings.push({ ...f, article: ev });
  };

  // Party ids of the article (polity ids) to the scenario's.
  const partyOf = (articleId: string | undefined): string | undefined => {
    if (articleId === undefined) return undefined;
    const polity = POLITIES.find((p) => p.id === articleId);
    const names = [articleId, ...(polity ? [polity.label, ...polity.names] : [])].map((n) => n.toLowerCase());
    const hit = parties.find(
      (p) => names.includes(str(p.id).toLowerCase()) || names.includes(str(p.label).toLowerCase()),
    );
    return hit ? str(hit.id) : undefined;
  };

  // Issues of the article to the scenario's, by shared words.
  const issueText = issues.map((i) => {
    const values = list(i.values).filter(isRecord);
    return new Set(
      words(
        `${str(i.id).replace(/_/g, ' ')} ${str(i.label)} ${str(i.description)} ${values.map((v) => `${str(v.label)} ${str(v.description)}`).join(' ')}`,
      ),
    );
  });
  const issueLabelWords = issues.map(
    (i) => new Set(words(`${str(i.id).replace(/_/g, ' ')} ${str(i.label)}`)),
  );
  const issueOf = new Map<string, number>();
  for (const item of items.filter((i) => i.kind === 'issue')) {
    const terms = (item.terms ?? [item.label]).flatMap(words).filter((w) => !STOP.has(w));
    const key = [...new Set(terms)];
    let best = -1;
    let bestScore = 0;
    issueText.forEach((set, k) => {
      const inLabel = key.filter((w) => issueLabelWords[k]?.has(w)).length;
      const inText = key.filter((w) => set.has(w)).length;
      const score = (2 * inLabel + inText) / (3 * Math.max(1, key.length));
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    });
    if (best >= 0 && bestScore >= 0.34) {
      issueOf.set(item.issue as string, best);
      matched.push({
        item,
        line: map.locate(['issues', best], 'key').line,
        path: `issues.${str(issues[best]?.id)}`,
      });
    } else {
      add(
        {
          kind: 'gap',
          item: 'issue',
          message: `issue "${item.label}" is not among the scenario's issues`,
          scenario: at(['issues'], 'issues'),
        },
        item.evidence[0],
      );
    }
  }
  const scenarioIssue = (articleIssue: string | undefined) => {
    const k = articleIssue !== undefined ? issueOf.get(articleIssue) : undefined;
    return k === undefined ? undefined : { k, issue: issues[k] as Data, id: str((issues[k] as Data).id) };
  };
  const valuesOf = (issue: Data) =>
    list(issue.values)
      .filter(isRecord)
      .map((v) => str(v.id));

  /** Whether party `p`'s red lines allow value `v` of issue `id` (other issues left free). */
  const allowed = (p: Data, id: string, v: string): boolean =>
    list(p.redLines)
      .filter(isRecord)
      .every((r) => {
        if (isRecord(r.require) && Array.isArray(r.require[id]))
          return (r.require[id] as unknown[]).includes(v);
        if (isRecord(r.forbid) && Object.keys(r.forbid).length === 1 && Array.isArray(r.forbid[id]))
          return !(r.forbid[id] as unknown[]).includes(v);
        return true;
      });
  /** Regions of party `p` that make easing `id` cost while `other` (or any issue) stays. */
  const linkTerms = (p: Data, id: string, issue: Data, other?: { id: string; issue: Data }) => {
    const first = valuesOf(issue)[0];
    return list(p.regions)
      .filter(isRecord)
      .map((r, k) => ({ r, k }))
      .filter(({ r }) => {
        const when = isRecord(r.when) ? r.when : {};
        const eased = Array.isArray(when[id]) && !(when[id] as unknown[]).includes(first);
        if (!eased) return false;
        if (!other) return Object.keys(when).some((key) => key !== id);
        const o = when[other.id];
        return Array.isArray(o) && (o as unknown[]).includes(valuesOf(other.issue)[0]);
      });
  };
  const mayBeZero = (value: unknown): boolean => {
    if (typeof value === 'number') return value === 0;
    if (!isRecord(value)) return false;
    if (typeof value.value === 'number') return value.value === 0;
    if (Array.isArray(value.choice)) return value.choice.some((c) => isRecord(c) && c.value === 0);
    if (Array.isArray(value.range)) return (value.range[0] as number) <= 0 && (value.range[1] as number) >= 0;
    if (Array.isArray(value.triangular))
      return (value.triangular[0] as number) <= 0 && (value.triangular[2] as number) >= 0;
    return false;
  };

  for (const item of items) {
    const ev = item.evidence[0];
    switch (item.kind) {
      case 'party': {
        if (item.role === 'mediator') break;
        const id = partyOf(item.party);
        if (id) matched.push({ item, line: partyAt(id).line, path: `parties.${id}` });
        else
          add(
            {
              kind: 'gap',
              item: 'party',
              message: `party ${item.label} is not in the scenario`,
              scenario: at(['parties'], 'parties'),
            },
            ev,
          );
        break;
      }
      case 'person': {
        const surname = item.label.split(' ').pop() as string;
        const side = partyOf(item.party);
        let where: { party: Data; index: number; lead: boolean } | undefined;
        let principalOf: Data | undefined;
        for (const p of parties) {
          list(p.delegation).forEach((d, index) => {
            if (isRecord(d) && str(d.name).toLowerCase().endsWith(surname.toLowerCase()))
              where = { party: p, index, lead: d.lead === true };
          });
          if (isRecord(p.principal) && str(p.principal.name).toLowerCase().endsWith(surname.toLowerCase()))
            principalOf = p;
        }
        if (item.role === 'principal') {
          if (principalOf) {
            matched.push({
              item,
              line: partyAt(str(principalOf.id), 'principal').line,
              path: `parties.${str(principalOf.id)}.principal`,
            });
          } else {
            add(
              {
                kind:
                  side && partyIndex(side) >= 0 && isRecord(parties[partyIndex(side)]?.principal)
                    ? 'contradiction'
                    : 'gap',
                item: 'person',
                message: `${item.label} (${item.title ?? 'head of state'}) is the principal in the article, not in the scenario`,
                scenario: partyAt(side, 'principal'),
              },
              ev,
            );
          }
          break;
        }
        if (item.role === 'lead' || item.role === 'member') {
          if (!where) {
            add(
              {
                kind: 'gap',
                item: 'person',
                message: `${item.label} (${item.title ?? 'delegation'}) is in the ${item.party ?? ''} delegation in the article, not in the scenario's`,
                scenario: partyAt(side, 'delegation'),
              },
              ev,
            );
          } else if (side && str(where.party.id) !== side) {
            add(
              {
                kind: 'contradiction',
                item: 'person',
                message: `${item.label} is on the ${side} side in the article, in ${str(where.party.id)}'s delegation in the scenario`,
                scenario: partyAt(str(where.party.id), 'delegation', where.index),
              },
              ev,
            );
          } else if (item.role === 'lead' && !where.lead) {
            add(
              {
                kind: 'contradiction',
                item: 'person',
                message: `the article says ${item.label} leads the delegation; the scenario does not mark them lead`,
                scenario: partyAt(str(where.party.id), 'delegation', where.index),
              },
              ev,
            );
          } else {
            matched.push({
              item,
              line: partyAt(str(where.party.id), 'delegation', where.index).line,
              path: `parties.${str(where.party.id)}.delegation.${where.index}`,
            });
          }
          break;
        }
        const line = lineOfText(item.label) ?? lineOfText(surname);
        if (line !== undefined) matched.push({ item, line, path: '' });
        else
          add(
            {
              kind: 'gap',
              item: 'person',
              message: `${item.label} (${item.title ?? item.role ?? 'person'}) is quoted in the article and not mentioned in the scenario`,
              scenario: partyAt(side),
            },
            ev,
          );
        break;
      }
      case 'venue': {
        const line = lineOfText(item.label);
        if (line !== undefined) matched.push({ item, line, path: '' });
        else
          add(
            {
              kind: 'gap',
              item: 'venue',
              message: `the venue ${item.label} is not in the scenario`,
              scenario: at(['title'], 'title'),
            },
            ev,
          );
        break;
      }
      case 'sitting': {
        const schedule = isRecord(data.protocol) ? list(data.protocol.schedule).filter(isRecord) : [];
        const k = schedule.findIndex((s) => str(s.start).startsWith(item.date ?? '-'));
        if (k < 0) {
          add(
            {
              kind: 'gap',
              item: 'sitting',
              message: `the article has a sitting on ${item.label}; the scenario's schedule has none that day`,
              scenario: at(['protocol', 'schedule'], 'protocol.schedule'),
            },
            ev,
          );
          break;
        }
        const s = schedule[k] as Data;
        const where = at(['protocol', 'schedule', k], `protocol.schedule.${k}`);
        const start = Date.parse(str(s.start));
        const end = Date.parse(str(s.end));
        const hours = Number.isFinite(start) && Number.isFinite(end) ? (end - start) / 3600000 : undefined;
        const startHour = /T(\d{2})/.exec(str(s.start))?.[1];
        if (item.hours !== undefined && hours !== undefined && hours + 0.5 < item.hours) {
          add(
            {
              kind: 'contradiction',
              item: 'sitting',
              message: `the article gives ${item.hours} h on ${item.label}; the scenario's sitting lasts ${hours} h`,
              scenario: where,
            },
            ev,
          );
        } else if (item.time === 'morning' && startHour !== undefined && Number(startHour) >= 12) {
          add(
            {
              kind: 'contradiction',
              item: 'sitting',
              message: `the article has the talks in the morning of ${item.label}; the scenario's sitting starts at ${startHour}:00`,
              scenario: where,
            },
            ev,
          );
        } else matched.push({ item, line: where.line, path: where.path });
        break;
      }
      case 'redLine': {
        const target = scenarioIssue(item.issue);
        const pid = partyOf(item.party);
        const p = parties[partyIndex(pid)];
        if (!target || !p) {
          add(
            {
              kind: 'gap',
              item: 'redLine',
              message: `red line "${item.label}" concerns nothing the scenario models`,
              scenario: partyAt(pid, 'redLines'),
            },
            ev,
          );
          break;
        }
        const onIssue = list(p.redLines)
          .filter(isRecord)
          .filter(
            (r) =>
              (isRecord(r.forbid) && target.id in r.forbid) ||
              (isRecord(r.require) && target.id in r.require),
          );
        const rlIndex = list(p.redLines).indexOf(onIssue[0]);
        const where = onIssue.length > 0 ? partyAt(pid, 'redLines', rlIndex) : partyAt(pid, 'redLines');
        if (onIssue.length === 0) {
          add(
            {
              kind: 'contradiction',
              item: 'redLine',
              message: `the article states a red line ("${item.label}"); the scenario enforces none on ${target.id} for ${pid}`,
              scenario: where,
            },
            ev,
          );
          break;
        }
        const values = valuesOf(target.issue).slice(1);
        const named = (item.terms ?? []).map((t) => t.toLowerCase());
        const open = values.filter((v) => {
          if (!allowed(p, target.id, v)) return false;
          const value =
            list(target.issue.values)
              .filter(isRecord)
              .find((x) => x.id === v) ?? {};
          const vText = `${v} ${str(value.label)} ${str(value.description)}`.toLowerCase();
          return named.some((n) => vText.includes(n));
        });
        if (open.length > 0) {
          add(
            {
              kind: 'contradiction',
              item: 'redLine',
              message: `the article names ${(item.terms ?? []).join(', ')} among what stays restricted ("${item.label}"); the scenario's red line allows ${open.map((v) => `${target.id}=${v}`).join(', ')}`,
              scenario: where,
            },
            ev,
          );
        } else matched.push({ item, line: where.line, path: where.path });
        break;
      }
      case 'condition':
      case 'linkage': {
        const pid = partyOf(item.party);
        const p = parties[partyIndex(pid)];
        if (!p) break;
        const gives =
          item.kind === 'linkage'
            ? (item.gives ?? [])
            : item.issue !== undefined
              ? [item.issue]
              : items
                  .filter((i) => i.kind === 'issue' && i.holder === item.party)
                  .map((i) => i.issue as string);
        const gets =
          item.kind === 'linkage' ? (item.gets ?? []).map(scenarioIssue).filter((x) => x !== undefined) : [];
        for (const g of gives) {
          const t = scenarioIssue(g);
          if (!t) continue;
          // Easing that crosses the party's own red line needs no condition.
          if (
            valuesOf(t.issue)
              .slice(1)
              .every((v) => !allowed(p, t.id, v))
          )
            continue;
          const others = gets.length > 0 ? gets : [undefined];
          for (const o of others) {
            const terms = linkTerms(p, t.id, t.issue, o);
            const what = o ? `easing ${t.id} while ${o.id} stays` : `easing ${t.id}`;
            if (terms.length === 0) {
              add(
                {
                  kind: 'gap',
                  item: item.kind,
                  message: `the article ${item.kind === 'linkage' ? `reports an exchange ("${item.label}")` : `states a condition ("${item.label}")`}; no linkage term of ${pid} conditions ${what}`,
                  scenario: partyAt(pid, 'regions'),
                },
                ev,
              );
            } else if (terms.every(({ r }) => mayBeZero(r.value))) {
              const { k } = terms[0] as { k: number };
              add(
                {
                  kind: 'gap',
                  item: item.kind,
                  message: `the article ${item.kind === 'linkage' ? `reports an exchange ("${item.label}")` : `states a condition ("${item.label}")`}; the scenario's term for ${what} may be 0 (not linked)`,
                  scenario: partyAt(pid, 'regions', k, 'value'),
                },
                ev,
              );
            } else {
              const { k } = terms[0] as { k: number };
              matched.push({
                item,
                line: partyAt(pid, 'regions', k).line,
                path: `parties.${pid}.regions.${k}`,
              });
            }
          }
        }
        break;
      }
      case 'signal': {
        const line = lineOfText(item.label.replace(/[\u2018\u2019]/g, "'"));
        if (line !== undefined) matched.push({ item, line, path: '' });
        else
          add(
            {
              kind: 'gap',
              item: 'signal',
              message: `${item.speaker ?? 'someone'}'s ${item.tone ?? ''} signal "${item.label}" is not recorded in the scenario`,
              scenario: at(['notes'], 'notes'),
            },
            ev,
          );
        break;
      }
      case 'number': {
        const key = item.label.toLowerCase().split(/\s+/).slice(0, 2).join(' ');
        const line = lineOfText(key);
        if (line !== undefined) matched.push({ item, line, path: '' });
        else
          add(
            {
              kind: 'gap',
              item: 'number',
              message: `context "${item.label}" is neither an impact indicator nor noted in the scenario`,
              scenario: at(['impacts'], 'impacts'),
            },
            ev,
          );
        break;
      }
      default:
        break;
    }
  }
  return { findings, matched };
}
