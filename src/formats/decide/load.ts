/**
 * Loading a Decide file from disk (`.csv`, or `.txt` whose first record is a Decide tag): text →
 * Decide data → native scenario data → the native format's own checks → scenario, with the
 * reader's warnings. The native data are kept, so that `lancaster import` writes them as they are
 * (ranges around the data's values included) and a forecast's template builds from them.
 *
 * @example
 * const { scenario, warnings } = loadDecideFile('../shared/data/decide/cop21-paris-2015.csv');
 */
import { Document, isMap, isSeq, visit } from 'yaml';
import { LancasterError } from '../../errors.ts';
import type { ImportResult } from '../genius/folder.ts';
import { validateScenarioData } from '../native/load.ts';
import { readTextFile } from '../text-file.ts';
import { type DecideNativeOptions, decideNativeData } from './native.ts';
import { parseDecideText } from './read.ts';

/**
 * A Decide file as a scenario, with its warnings and the native data it was built from.
 *
 * @example
 * loadDecideFile('copenhagen-2009.csv').scenario.parties.length; // 11
 */
export function loadDecideFile(
  path: string,
  opts: DecideNativeOptions = {},
): ImportResult & { nativeData: unknown } {
  const { data, warnings } = parseDecideText(readTextFile(path), path);
  const { native } = decideNativeData(data, opts);
  const checked = validateScenarioData(native, path);
  // The data were built to the format's rules; a problem here is a reader bug shown as input problems.
  if (!checked.ok) throw new LancasterError(checked.problems);
  return { scenario: checked.scenario, warnings, nativeData: checked.raw };
}

/**
 * Native scenario data as YAML, with the small per-issue maps of each party (saliences, evaluators)
 * on one line each, so that a file of 15 actors × 13 issues stays readable.
 *
 * @example
 * writeFileAtomic('cop21.yaml', decideYaml(loadDecideFile('cop21.csv').nativeData));
 */
export function decideYaml(native: unknown): string {
  const doc = new Document(native);
  visit(doc, {
    Pair(_, pair) {
      const key = String((pair.key as { value?: unknown })?.value ?? '');
      const v = pair.value;
      if ((key === 'salience' || key === 'power' || key === 'reservationValue') && (isMap(v) || isSeq(v))) {
        if (key === 'salience' && isMap(v))
          for (const item of v.items) if (isMap(item.value) || isSeq(item.value)) item.value.flow = true;
        if (key !== 'salience') v.flow = true;
      }
      if (key === 'evaluators' && isMap(v))
        for (const item of v.items) if (isMap(item.value)) item.value.flow = true;
      if (key === 'scale' && isSeq(v)) for (const item of v.items) if (isMap(item)) item.flow = true;
      if (key === 'deadline' && isMap(v)) v.flow = true;
    },
  });
  const id = (native as { id?: string }).id ?? 'decide';
  return `# Lancaster scenario (native format, version 1), imported from Decide data (${id})\n${doc.toString({ lineWidth: 0 })}`;
}
