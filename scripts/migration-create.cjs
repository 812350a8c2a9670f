#!/usr/bin/env node
// Writes a new MikroORM migration for one subgraph: the difference between its entities and what its
// committed migrations create. Usage: npm run migration:create -- <subgraph>   (after npm run build)
require('reflect-metadata');
const { join } = require('node:path');
const { ensureDatabase, dropDatabase, withDatabaseName, openOrm, migrate } = require('@regiograph/lib');

async function main() {
  const name = process.argv[2];
  if (!name) throw new Error('usage: migration-create <subgraph>');
  const module = require(join(__dirname, '..', 'subgraphs', name, 'dist', 'subgraph.js'))[name];
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = withDatabaseName(base, `rg_migration_${name}_${process.pid}`);
  await ensureDatabase(url);
  try {
    const orm = await openOrm({ databaseUrl: url, schema: name, entities: module.entities, migrations: module.migrations });
    orm.config.get('migrations').path = join(__dirname, '..', 'subgraphs', name, 'src', 'migrations');
    orm.config.get('migrations').emit = 'ts';
    await migrate(orm);
    const result = await orm.getMigrator().createMigration(undefined, false, module.migrations.length === 0);
    console.log(result.fileName ? `wrote ${result.fileName}:\n${result.diff.up.join('\n')}` : 'no changes');
    await orm.close(true);
  } finally {
    await dropDatabase(url);
  }
}
main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
