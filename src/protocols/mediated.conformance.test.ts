/** The mediated single-text protocol passes the protocol conformance suite (conformance-suite.ts), under every chair. */
import { MEDIATOR_KINDS, mediatorSettings, withProtocol } from '../model/scenario.ts';
import { runProtocolConformance } from './conformance-suite.ts';

for (const kind of MEDIATOR_KINDS) {
  runProtocolConformance({
    name: `mediated (${kind})`,
    play: (scenario) => withProtocol(scenario, { kind: 'mediated', mediator: mediatorSettings({ kind }) }),
  });
}
