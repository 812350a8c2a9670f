import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { type ClassType, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { byKeyLoader } from './loaders.js';
import { DateScalar } from './scalars.js';

/**
 * A document that asserts facts: a news article, a dataset file, an API record. Every subgraph keeps
 * the documents its own rows cite, so provenance never needs a cross-subgraph hop; the type is
 * @shareable because every subgraph resolves it identically from the same seed/ingest input.
 */
@Directive('@shareable')
@ObjectType('Source', { description: 'A document that asserts a fact in the hub: where it comes from and under what terms.' })
@Entity({ tableName: 'source' })
export class SourceDocument {
  @Field(() => ID)
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Title or headline as published, in its own language.' })
  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Field(() => String, { description: 'What kind of document: ARTICLE, DATASET, API_RECORD.' })
  @Property({ type: 'text' })
  kind!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  publisher?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  publishedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 language code of the document.' })
  @Property({ type: 'text', nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'What the document covers, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  licence?: string | null;

  @Field(() => String, { nullable: true, description: 'The attribution the source asks for, if any.' })
  @Property({ type: 'text', nullable: true })
  attribution?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}

export interface SourceLoaders {
  source: DataLoader<string, SourceDocument | null>;
}

export function createSourceLoader(em: EntityManager): DataLoader<string, SourceDocument | null> {
  return byKeyLoader(
    (ids) => em.find(SourceDocument, { id: { $in: [...ids] } }),
    (row) => row.id,
  );
}

/** Adds `sources: [Source!]!` to an entity type whose rows carry `sourceIds`. */
export function sourcesResolver<T extends { sourceIds: string[] }>(target: ClassType<T>) {
  @Resolver(() => target)
  class SourcesFieldResolver {
    @FieldResolver(() => [SourceDocument], { description: 'The documents that assert this record.' })
    async sources(@Root() root: T, @Ctx() ctx: { loaders: SourceLoaders }): Promise<SourceDocument[]> {
      const docs = await ctx.loaders.source.loadMany(root.sourceIds ?? []);
      return docs.filter((d): d is SourceDocument => d instanceof SourceDocument);
    }
  }
  return SourcesFieldResolver;
}
