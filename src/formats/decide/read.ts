/**
 * The Decide format (the input of the Decide / exchange-model software of Stokman and colleagues):
 * one record per line, a tag and fields. `#A` declares an actor (id, name), `#P` an issue (id,
 * name, description), `#M` a point of an issue's scale (issue, position, meaning), `#D` an actor's
 * data on an issue (actor, issue, position, salience, power), `#O` the title and `#/` a comment.
 * Two variants are read: `;`-separated plain fields, and tab-separated fields in single quotes
 * (numbers bare); a line is split by tabs when it has one. Quirks of real files are read by rule
 * and reported as warnings with their line: an actor with data rows but no `#A` (COP21 has two), an
 * issue with no `#P`, an actor declared without data (left out), a repeated data row (the later
 * one is used), a position outside the issue's `#M` scale (the scale is widened), power that
 * differs across an actor's issues (the mean is used), powers above 1 (divided by the largest) and
 * saliences written in percent (divided by 100). Anything else that cannot be read is an error
 * with its line and column. Pure: text in, data out; `load.ts` reads files.
 *
 * @example
 * const { data, warnings } = parseDecideText(text, 'cop21.csv');
 * data.actors.length; // 15
 */
import { LancasterError, type Problem } from '../../errors.ts';

/** A declared (or data-only) actor. */
export interface DecideActor {
  /** The id as the file writes it. */
  readonly id: string;
  readonly name: string;
  /** The line of its `#A`, or of its first `#D` when it has no `#A`. */
  readonly line: number;
}

/** A point of an issue's scale, with its meaning when the file gives one. */
export interface DecideScalePoint {
  readonly at: number;
  readonly meaning?: string;
}

export interface DecideIssue {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Ends of the scale: the `#M` points, widened to every position (0–100 when there is no `#M`). */
  readonly min: number;
  readonly max: number;
  /** The `#M` points in ascending order. */
  readonly scale: readonly DecideScalePoint[];
}

/** One actor's data on one issue. */
export interface DecideRow {
  readonly actor: string;
  readonly issue: string;
  readonly position: number;
  /** In [0, 1]. */
  readonly salience: number;
  /** In [0, 1]. */
  readonly power: number;
  readonly line: number;
}

export interface DecideData {
  readonly file: string;
  readonly title?: string;
  readonly comments: readonly string[];
  /** Actors with data, in declaration order (data-only actors after the declared ones). */
  readonly actors: readonly DecideActor[];
  readonly issues: readonly DecideIssue[];
  /** One row per (actor, issue) at most. */
  readonly rows: readonly DecideRow[];
  /** Each actor's power (the mean of its rows when they differ). */
  readonly power: ReadonlyMap<string, number>;
}

/** A field of a line: its text (quotes removed) and its 1-based column. */
interface Field {
  readonly text: string;
  readonly column: number;
}

/** Splits a line by tabs (when it has one) or semicolons; a field in ' or " quotes may hold the separator. */
export function splitDecideLine(line: string): Field[] {
  const sep = line.includes('\t') ? '\t' : ';';
  const fields: Field[] = [];
  let i = 0;
  for (;;) {
    // Leading blanks (never the separator itself).
    while (i < line.length && line[i] !== sep && (line[i] === ' ' || line[i] === '\r')) i++;
    const column = i + 1;
    const q = line[i];
    let text = '';
    if (q === "'" || q === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === q) {
          if (line[i + 1] === q) {
            text += q;
            i++;
          } else break;
        } else text += line[i];
      }
      i++; // the closing quote
      while (i < line.length && line[i] !== sep) i++;
    } else {
      const start = i;
      while (i < line.length && line[i] !== sep) i++;
      text = line.slice(start, i).trim();
    }
    fields.push({ text, column });
    if (i >= line.length) break;
    i++; // the separator
  }
  return fields;
}

const TAGS = ['#O', '#/', '#A', '#P', '#M', '#D'] as const;

/** Whether a text looks like a Decide file: its first non-blank line starts with a record tag. */
export function looksLikeDecide(text: string): boolean {
  const first = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .find((l) => l.trim() !== '');
  if (first === undefined) return false;
  const tag = splitDecideLine(first)[0]?.text ?? '';
  return (TAGS as readonly string[]).includes(tag);
}

class Problems {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  error(line: number, column: number | undefined, message: string, expected: string): void {
    this.errors.push({
      code: 'DECIDE_FORMAT',
      file: this.file,
      line,
      ...(column !== undefined ? { column } : {}),
      message,
      expected,
    });
  }

  warn(line: number, message: string): void {
    this.warnings.push({ code: 'DECIDE_QUIRK', severity: 'warning', file: this.file, line, message });
  }
}

/** The number in a field, or undefined after an error naming the field. */
function numberOf(f: Field | undefined, line: number, what: string, p: Problems): number | undefined {
  if (f === undefined || f.text === '') {
    p.error(line, f?.column, `no ${what}`, `a number for the ${what}`);
    return undefined;
  }
  const x = Number(f.text);
  if (!Number.isFinite(x)) {
    const decimalComma = /^-?\d+,\d+$/.test(f.text);
    p.error(
      line,
      f.column,
      `the ${what} ${JSON.stringify(f.text)} is not a number`,
      decimalComma ? `a decimal point, not a comma: ${f.text.replace(',', '.')}` : `a number for the ${what}`,
    );
    return undefined;
  }
  return x;
}

interface RawIssue {
  id: string;
  name: string;
  description?: string;
  line: number;
  declared: boolean;
  points: Map<number, { meaning?: string; line: number }>;
}

/**
 * Reads a Decide file's text. Throws a `LancasterError` with every error found (and the
 * warnings) when the file cannot be read; otherwise returns the data and the warnings.
 */
export function parseDecideText(text: string, file: string): { data: DecideData; warnings: Problem[] } {
  const p = new Problems(file);
  let title: string | undefined;
  const comments: string[] = [];
  const actors = new Map<string, { name: string; line: number; declared: boolean }>();
  const issues = new Map<string, RawIssue>();
  const rows = new Map<string, DecideRow & { salienceRaw: number; powerRaw: number }>();
  const issueOf = (id: string, line: number): RawIssue => {
    let issue = issues.get(id);
    if (!issue) {
      p.warn(line, `issue ${JSON.stringify(id)} has no #P line: it is read with its id as its name`);
      issue = { id, name: id, line, declared: false, points: new Map() };
      issues.set(id, issue);
    }
    return issue;
  };
  const record = (raw: string, line: number) => {
    if (raw.trim() === '') return;
    const fields = splitDecideLine(raw);
    const tag = fields[0]?.text ?? '';
    const at = (n: number) => fields[n]?.text ?? '';
    switch (tag) {
      case '#O':
        if (title !== undefined) p.warn(line, 'a second #O title: the first is kept');
        else title = at(1) || undefined;
        return;
      case '#/': {
        const comment = fields
          .slice(1)
          .map((f) => f.text)
          .filter((t) => t !== '')
          .join(' ');
        // Short comments are column headings ("actor issue position salience power"), not notes.
        if (comment.length > 40) comments.push(comment);
        return;
      }
      case '#A': {
        const id = at(1);
        if (id === '')
          return p.error(line, fields[1]?.column, 'an #A line without an actor id', '#A;id;name');
        if (actors.has(id))
          return p.warn(line, `actor ${JSON.stringify(id)} is declared again: the first #A is kept`);
        actors.set(id, { name: at(2) || id, line, declared: true });
        return;
      }
      case '#P': {
        const id = at(1);
        if (id === '')
          return p.error(line, fields[1]?.column, 'a #P line without an issue id', '#P;id;name;description');
        const known = issues.get(id);
        if (known?.declared)
          return p.warn(line, `issue ${JSON.stringify(id)} is declared again: the first #P is kept`);
        const description = at(3) && at(3) !== id && at(3) !== at(2) ? at(3) : undefined;
        const issue: RawIssue = {
          id,
          name: at(2) || id,
          ...(description ? { description } : {}),
          line,
          declared: true,
          points: known?.points ?? new Map(),
        };
        issues.set(id, issue);
        return;
      }
      case '#M': {
        const id = at(1);
        if (id === '')
          return p.error(
            line,
            fields[1]?.column,
            'an #M line without an issue id',
            '#M;issue;position;meaning',
          );
        const x = numberOf(fields[2], line, 'scale position', p);
        if (x === undefined) return;
        const meaning = at(3);
        issueOf(id, line).points.set(x, { ...(meaning ? { meaning } : {}), line });
        return;
      }
      case '#D': {
        const [actor, issue] = [at(1), at(2)];
        if (actor === '' || issue === '') {
          return p.error(
            line,
            fields[actor === '' ? 1 : 2]?.column,
            'a #D line without an actor or an issue',
            '#D;actor;issue;position;salience;power',
          );
        }
        const position = numberOf(fields[3], line, 'position', p);
        const salience = numberOf(fields[4], line, 'salience', p);
        const power = numberOf(fields[5], line, 'power', p);
        if (position === undefined || salience === undefined || power === undefined) return;
        if (salience < 0)
          return p.error(
            line,
            fields[4]?.column,
            `the salience ${salience} is negative`,
            'a salience in [0, 1]',
          );
        if (power < 0)
          return p.error(line, fields[5]?.column, `the power ${power} is negative`, 'a power >= 0');
        if (!actors.has(actor)) {
          p.warn(
            line,
            `actor ${JSON.stringify(actor)} has data rows but no #A line: it is read with its id as its name`,
          );
          actors.set(actor, { name: actor, line, declared: false });
        }
        issueOf(issue, line);
        const key = `${actor}\u0000${issue}`;
        const before = rows.get(key);
        if (before)
          p.warn(
            line,
            `a second #D row for ${actor} on ${issue} (first on line ${before.line}): this later one is used`,
          );
        rows.set(key, {
          actor,
          issue,
          position,
          salience,
          power,
          salienceRaw: salience,
          powerRaw: power,
          line,
        });
        return;
      }
      default:
        p.warn(
          line,
          `${tag === '' ? 'an empty first field' : `unknown record ${JSON.stringify(tag)}`}: the line is skipped`,
        );
    }
  };
  for (const [k, raw] of text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .entries())
    record(raw, k + 1);
  if (p.errors.length > 0) throw new LancasterError([...p.errors, ...p.warnings]);

  // Saliences in percent, powers on another scale: brought to [0, 1] by one rule for the whole file.
  const all = [...rows.values()];
  const maxSalience = Math.max(0, ...all.map((r) => r.salience));
  const salienceScale = maxSalience > 1 ? 100 : 1;
  if (maxSalience > 100) {
    const r = all.find((x) => x.salience > 100) as DecideRow;
    p.error(
      r.line,
      undefined,
      `the salience ${r.salience} is above 100`,
      'saliences in [0, 1] (or in percent, up to 100)',
    );
    throw new LancasterError([...p.errors, ...p.warnings]);
  }
  if (salienceScale !== 1)
    p.warn(
      (all.find((x) => x.salience > 1) as DecideRow).line,
      'saliences above 1: read as percentages (divided by 100)',
    );
  const maxPower = Math.max(0, ...all.map((r) => r.power));
  const powerScale = Math.max(maxPower, 1);
  if (powerScale !== 1)
    p.warn(
      (all.find((x) => x.power > 1) as DecideRow).line,
      `powers above 1: divided by the largest, ${maxPower}, so that the most powerful actor has 1`,
    );

  const byActor = new Map<string, DecideRow[]>();
  const normalised: DecideRow[] = all.map((r) => {
    const row = {
      actor: r.actor,
      issue: r.issue,
      position: r.position,
      salience: r.salience / salienceScale,
      power: r.power / powerScale,
      line: r.line,
    };
    byActor.set(r.actor, [...(byActor.get(r.actor) ?? []), row]);
    return row;
  });
  const power = new Map<string, number>();
  const actorList: DecideActor[] = [];
  for (const [id, a] of actors) {
    const own = byActor.get(id) ?? [];
    if (own.length === 0) {
      p.warn(a.line, `actor ${JSON.stringify(id)} has no #D data rows: it is left out`);
      continue;
    }
    const powers = own.map((r) => r.power);
    const same = powers.every((x) => x === powers[0]);
    // The data's own value when the rows agree (a mean of equal doubles can be off in the last bit).
    const mean = same ? (powers[0] as number) : powers.reduce((s, x) => s + x, 0) / powers.length;
    if (!same) {
      p.warn(
        (own[0] as DecideRow).line,
        `actor ${JSON.stringify(id)} has different powers on different issues (${[...new Set(powers)].join(', ')}): their mean ${Number(mean.toPrecision(6))} is used`,
      );
    }
    power.set(id, mean);
    actorList.push({ id, name: a.name, line: a.line });
  }
  // Declared actors first, in #A order; Map order already puts data-only actors after them only
  // when they appear after every #A, so sort by declaration.
  actorList.sort(
    (x, y) => Number(!(actors.get(x.id)?.declared ?? false)) - Number(!(actors.get(y.id)?.declared ?? false)),
  );

  const issueList: DecideIssue[] = [];
  for (const issue of issues.values()) {
    const positions = normalised.filter((r) => r.issue === issue.id).map((r) => r.position);
    if (positions.length === 0) {
      p.warn(issue.line, `issue ${JSON.stringify(issue.id)} has no #D data rows: it is left out`);
      continue;
    }
    const points = [...issue.points.entries()].sort((a, b) => a[0] - b[0]);
    const ends =
      points.length > 0 ? [points[0]?.[0] as number, points[points.length - 1]?.[0] as number] : [0, 100];
    let [min, max] = ends as [number, number];
    const lo = Math.min(...positions);
    const hi = Math.max(...positions);
    if (lo < min || hi > max) {
      const where = normalised.find(
        (r) => r.issue === issue.id && (r.position < min || r.position > max),
      ) as DecideRow;
      p.warn(
        where.line,
        `the position ${where.position} on ${issue.id} lies outside its scale ${min}–${max}${points.length === 0 ? ' (0–100 when no #M line gives it)' : ''}: the scale is widened`,
      );
      min = Math.min(min, lo);
      max = Math.max(max, hi);
    }
    issueList.push({
      id: issue.id,
      name: issue.name,
      ...(issue.description !== undefined ? { description: issue.description } : {}),
      min,
      max,
      scale: points.map(([x, v]) => ({ at: x, ...(v.meaning !== undefined ? { meaning: v.meaning } : {}) })),
    });
  }
  const kept = new Set(issueList.map((i) => i.id));
  if (actorList.length < 2) {
    p.error(
      1,
      undefined,
      `the file has data for ${actorList.length} actor${actorList.length === 1 ? '' : 's'}`,
      'at least two actors with #D rows',
    );
    throw new LancasterError([...p.errors, ...p.warnings]);
  }
  return {
    data: {
      file,
      ...(title !== undefined ? { title } : {}),
      comments,
      actors: actorList,
      issues: issueList,
      rows: normalised.filter((r) => kept.has(r.issue)),
      power,
    },
    warnings: p.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}
