/**
 * ANAC agents re-implemented from their papers: HardHeaded (2011), Nice Tit for Tat (Baarslag et
 * al.), AgentK (2010), CUHKAgent (2012) as BOA compositions; Atlas3 (2015), Caduceus (2016),
 * PonPokoAgent (2017) and AgentGG (2019).
 */
export * from './agentgg.ts';
export * from './agentk.ts';
export * from './atlas3.ts';
export * from './caduceus.ts';
export * from './cuhkagent.ts';
export * from './hardheaded.ts';
export * from './nice-tit-for-tat.ts';
export * from './ponpoko.ts';
