import { Migration20261123000001Initial } from './Migration20261123000001Initial.js';
import { Migration20261123000002StatusAsOf } from './Migration20261123000002StatusAsOf.js';
import { Migration20261123000003Ingest } from './Migration20261123000003Ingest.js';
import { Migration20261201000010Keyset } from './Migration20261201000010Keyset.js';
import { Migration20261202000100Filters } from './Migration20261202000100Filters.js';
import { Migration20261202000201Statistics } from './Migration20261202000201Statistics.js';
import { Migration20261202000300ChangeLog } from './Migration20261202000300ChangeLog.js';
import { Migration20261202000401Connections } from './Migration20261202000401Connections.js';
import { Migration20261203003000UpdatedAt } from './Migration20261203003000UpdatedAt.js';
import { Migration20261203004000ChangeLogIgnored } from './Migration20261203004000ChangeLogIgnored.js';
import { Migration20261204100000MaintainedTotals } from './Migration20261204100000MaintainedTotals.js';
import { Migration20261205000100Rollup } from './Migration20261205000100Rollup.js';
import { Migration20261205100000RedundantIndexes } from './Migration20261205100000RedundantIndexes.js';

/** Applied in order by MikroORM's migrator; add each new migration here. */
export const migrations = [
  { name: 'Migration20261123000001Initial', class: Migration20261123000001Initial },
  { name: 'Migration20261123000002StatusAsOf', class: Migration20261123000002StatusAsOf },
  { name: 'Migration20261123000003Ingest', class: Migration20261123000003Ingest },
  { name: 'Migration20261201000010Keyset', class: Migration20261201000010Keyset },
  { name: 'Migration20261202000100Filters', class: Migration20261202000100Filters },
  { name: 'Migration20261202000201Statistics', class: Migration20261202000201Statistics },
  { name: 'Migration20261202000300ChangeLog', class: Migration20261202000300ChangeLog },
  { name: 'Migration20261202000401Connections', class: Migration20261202000401Connections },
  { name: 'Migration20261203003000UpdatedAt', class: Migration20261203003000UpdatedAt },
  { name: 'Migration20261203004000ChangeLogIgnored', class: Migration20261203004000ChangeLogIgnored },
  { name: 'Migration20261204100000MaintainedTotals', class: Migration20261204100000MaintainedTotals },
  { name: 'Migration20261205000100Rollup', class: Migration20261205000100Rollup },
  { name: 'Migration20261205100000RedundantIndexes', class: Migration20261205100000RedundantIndexes },
];
