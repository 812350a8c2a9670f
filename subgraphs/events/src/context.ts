import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  em: EntityManager;
  loaders: Loaders;
}

/** A fresh identity map and fresh loaders for every request: nothing is cached across users. */
export function createContext(orm: MikroORM): Context {
  const em = orm.em.fork() as EntityManager;
  return { em, loaders: createLoaders(em) };
}
