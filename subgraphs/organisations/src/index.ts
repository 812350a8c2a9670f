export { organisations } from './subgraph.js';
export { data, type ResolutionCounts } from './data/index.js';
export type * from './data/rows.js';
export { resolveIdentities } from './identity/resolve.js';
export { organisationKind } from './identity/kinds.js';
export { kohesioRecordKey } from './identity/keys.js';
export type * from './identity/types.js';
