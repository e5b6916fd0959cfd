/**
 * ANAC-era agents re-implemented from their papers as BOA compositions: HardHeaded (2011),
 * Nice Tit for Tat (Baarslag et al.), AgentK (2010), CUHKAgent (2012).
 */
export * from './agentk.ts';
export * from './cuhkagent.ts';
export * from './hardheaded.ts';
export * from './nice-tit-for-tat.ts';
