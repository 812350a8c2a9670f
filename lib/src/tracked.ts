import { ArrayType, Entity, Property } from '@mikro-orm/postgresql';

/**
 * What every stored row carries, in every subgraph: the source documents that assert it and when it was
 * created and last changed (seed and ingest upserts move `updated_at` only when a value changed).
 */
@Entity({ abstract: true })
export abstract class Tracked {
  @Property({ type: ArrayType })
  sourceIds: string[] = [];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}
