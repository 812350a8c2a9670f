import { Migration20261123000001Initial } from './Migration20261123000001Initial.js';
import { Migration20261123000002Ingest } from './Migration20261123000002Ingest.js';
import { Migration20261202000300ChangeLog } from './Migration20261202000300ChangeLog.js';
import { Migration20261203003003EventFilters } from './Migration20261203003003EventFilters.js';
import { Migration20261203004000ChangeLogIgnored } from './Migration20261203004000ChangeLogIgnored.js';

/** Applied in order by MikroORM's migrator; add each new migration here. */
export const migrations = [
  { name: 'Migration20261123000001Initial', class: Migration20261123000001Initial },
  { name: 'Migration20261123000002Ingest', class: Migration20261123000002Ingest },
  { name: 'Migration20261202000300ChangeLog', class: Migration20261202000300ChangeLog },
  { name: 'Migration20261203003003EventFilters', class: Migration20261203003003EventFilters },
  { name: 'Migration20261203004000ChangeLogIgnored', class: Migration20261203004000ChangeLogIgnored },
];
