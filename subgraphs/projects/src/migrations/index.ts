import { Migration20261123000001Initial } from './Migration20261123000001Initial.js';
import { Migration20261123000002StatusAsOf } from './Migration20261123000002StatusAsOf.js';
import { Migration20261123000003Ingest } from './Migration20261123000003Ingest.js';
import { Migration20261201000010Keyset } from './Migration20261201000010Keyset.js';
import { Migration20261202000300ChangeLog } from './Migration20261202000300ChangeLog.js';

/** Applied in order by MikroORM's migrator; add each new migration here. */
export const migrations = [
  { name: 'Migration20261123000001Initial', class: Migration20261123000001Initial },
  { name: 'Migration20261123000002StatusAsOf', class: Migration20261123000002StatusAsOf },
  { name: 'Migration20261123000003Ingest', class: Migration20261123000003Ingest },
  { name: 'Migration20261201000010Keyset', class: Migration20261201000010Keyset },
  { name: 'Migration20261202000300ChangeLog', class: Migration20261202000300ChangeLog },
];
