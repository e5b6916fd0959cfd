/**
 * The schema of a mediated table's chair, shared by the scenario file (schema.ts, `protocol.mediator`)
 * and the tournament spec (`protocol: { type: mediated, mediator }`), which loads this alone.
 */
import { z } from 'zod';
import { DEFAULT_MEDIATOR, MEDIATOR_KINDS, type MediatorKind } from '../../model/scenario.ts';
import { boundedNumber } from './bounded-number.ts';

/** The chair of a mediated table (docs/protocols.md). */
export const mediatorSchema = z.strictObject({
  type: z
    .enum(MEDIATOR_KINDS as [MediatorKind, ...MediatorKind[]])
    .describe(
      'hill-climb: varies its working draft one issue at a time (Klein et al. 2003); annealing: the same, sometimes keeping a less supported draft early on; frontier: proposes from the Pareto frontier it estimates from the votes.',
    ),
  stepSize: boundedNumber({
    min: 0,
    minExclusive: true,
    max: 1,
    description: `Largest move of one variation on an integer or real issue, as a share of its range; default ${DEFAULT_MEDIATOR.stepSize}.`,
  }).optional(),
  temperature: boundedNumber({
    min: 0,
    description: `Starting temperature of the annealing chair (falls to 0 at the deadline); default ${DEFAULT_MEDIATOR.temperature}.`,
  }).optional(),
  patience: boundedNumber({
    min: 0,
    integer: true,
    description:
      'Once a text stands, the chair closes it after this many texts in a row fail to win every vote; default 0: only at the deadline.',
  }).optional(),
});
