import { Migration20261123000001Initial } from './Migration20261123000001Initial.js';
import { Migration20261123000002Ingest } from './Migration20261123000002Ingest.js';
import { Migration20261201000001Kinds } from './Migration20261201000001Kinds.js';
import { Migration20261201000010Keyset } from './Migration20261201000010Keyset.js';
import { Migration20261202000101Participation } from './Migration20261202000101Participation.js';
import { Migration20261202000200Statistics } from './Migration20261202000200Statistics.js';
import { Migration20261202000300ChangeLog } from './Migration20261202000300ChangeLog.js';
import { Migration20261202000400Connections } from './Migration20261202000400Connections.js';
import { Migration20261203003001UpdatedAt } from './Migration20261203003001UpdatedAt.js';
import { Migration20261203004000ChangeLogIgnored } from './Migration20261203004000ChangeLogIgnored.js';
import { Migration20261205100000RedundantIndexes } from './Migration20261205100000RedundantIndexes.js';

/** Applied in order by MikroORM's migrator; add each new migration here. */
export const migrations = [
  { name: 'Migration20261123000001Initial', class: Migration20261123000001Initial },
  { name: 'Migration20261123000002Ingest', class: Migration20261123000002Ingest },
  { name: 'Migration20261201000001Kinds', class: Migration20261201000001Kinds },
  { name: 'Migration20261201000010Keyset', class: Migration20261201000010Keyset },
  { name: 'Migration20261202000101Participation', class: Migration20261202000101Participation },
  { name: 'Migration20261202000200Statistics', class: Migration20261202000200Statistics },
  { name: 'Migration20261202000300ChangeLog', class: Migration20261202000300ChangeLog },
  { name: 'Migration20261202000400Connections', class: Migration20261202000400Connections },
  { name: 'Migration20261203003001UpdatedAt', class: Migration20261203003001UpdatedAt },
  { name: 'Migration20261203004000ChangeLogIgnored', class: Migration20261203004000ChangeLogIgnored },
  { name: 'Migration20261205100000RedundantIndexes', class: Migration20261205100000RedundantIndexes },
];
