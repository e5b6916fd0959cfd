/** Stacked alternating offers passes the protocol conformance suite (conformance-suite.ts). */
import { withProtocol } from '../model/scenario.ts';
import { runProtocolConformance } from './conformance-suite.ts';

runProtocolConformance({ name: 'saop', play: (scenario) => withProtocol(scenario, { kind: 'saop' }) });
