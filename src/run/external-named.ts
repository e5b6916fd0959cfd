/**
 * Named external negotiators: importing this module registers one negotiator per entry of
 * `LANCASTER_EXTERNAL_NEGOTIATORS`, a JSON object from a name to a command line
 * (`{"negmas-boulware": "python3 clients/python/negmas_adapter.py BoulwareTBNegotiator"}`), so that
 * a spec may name the command without holding it. `lancaster serve --external NAME=COMMAND` sets the
 * variable and has this module imported in the server and in every software thread (threads
 * share the environment): a person at the web table can then play against `NAME`, while a seat
 * asking for `external:<command>` over the network is still refused, since only the operator
 * chooses what runs.
 */
import { LancasterError } from '../errors.ts';
import { EXTERNAL_PREFIX, ExternalNegotiator } from '../negotiators/external.ts';
import { registerNegotiator } from '../negotiators/registry.ts';
import './external-process.ts';

/** The environment variable read by this module. */
export const EXTERNAL_NEGOTIATORS_ENV = 'LANCASTER_EXTERNAL_NEGOTIATORS';

/**
 * Registers `name` as the external negotiator running `command`.
 *
 * @example
 * registerExternalNegotiator('mine', 'python3 agents/mine.py');
 */
export function registerExternalNegotiator(name: string, command: string): void {
  registerNegotiator(
    name,
    (_params, setup) => new ExternalNegotiator(`${EXTERNAL_PREFIX}${command}`, setup),
    `external negotiator: ${command}`,
  );
}

/** The named commands in the environment (an empty object when unset). */
export function namedExternals(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const text = env[EXTERNAL_NEGOTIATORS_ENV];
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: EXTERNAL_NEGOTIATORS_ENV,
      message: `${EXTERNAL_NEGOTIATORS_ENV} is not a JSON object of names to command lines`,
      expected: '{"my-agent": "python3 my_agent.py"}',
    });
  }
  return parsed as Record<string, string>;
}

for (const [name, command] of Object.entries(namedExternals())) registerExternalNegotiator(name, command);
