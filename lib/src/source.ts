import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { Args, type ClassType, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { byKeyLoader } from './loaders.js';
import { keyedRows } from './rows.js';
import { DetailPage, type PageArgs, slicePage } from './paging.js';
import { recordRef, splitRecordRef } from './provenance.js';
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

  @Field(() => String, { nullable: true, description: 'For data files: the dataset the file belongs to, e.g. eea-grants.' })
  @Property({ type: 'text', nullable: true })
  dataset?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The file the facts come from: a data file's name as loaded (partners.json), or an article's file among the source articles.",
  })
  @Property({ type: 'text', nullable: true })
  file?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'For data files: when the snapshot was taken from its origin.' })
  @Property({ type: 'date', nullable: true })
  retrievedOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "For data files: the record's own ID inside the file (e.g. an EEA Grants organisation key), when the citation names one.",
  })
  recordId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt!: Date;
}

export interface SourceLoaders {
  source: DataLoader<string, SourceDocument | null>;
}

export function createSourceLoader(em: EntityManager): DataLoader<string, SourceDocument | null> {
  return byKeyLoader(keyedRows(em, SourceDocument, { key: 'id' }), (row) => row.id);
}

/**
 * The source documents behind a list of citations: a plain ID is the document itself; "<source>#<record>"
 * is the data file's document under the citation's ID, with `recordId` naming the record inside it.
 */
export async function citedSources(loaders: SourceLoaders, sourceIds: readonly string[]): Promise<SourceDocument[]> {
  const refs = [...new Set(sourceIds)].map(splitRecordRef);
  const docs = await loaders.source.loadMany(refs.map((r) => r.sourceId));
  const out: SourceDocument[] = [];
  docs.forEach((doc, i) => {
    const ref = refs[i];
    // A miss is null, a failed batch an Error: neither is a document.
    if (!doc || doc instanceof Error || !ref) return;
    if (ref.recordId === null) {
      out.push(doc);
      return;
    }
    out.push({ ...doc, id: recordRef(doc.id, ref.recordId), recordId: ref.recordId });
  });
  return out;
}

/** One page of the distinct citations in `sourceIds`, cut before any document is read. */
export function citationPage(sourceIds: readonly string[], args: PageArgs): string[] {
  return slicePage([...new Set(sourceIds)], args);
}

/** Adds `sources(limit, offset): [Source!]!` to an entity type whose rows carry `sourceIds`. */
export function sourcesResolver<T extends { sourceIds: string[] }>(target: ClassType<T>) {
  @Resolver(() => target)
  class SourcesFieldResolver {
    @FieldResolver(() => [SourceDocument], { description: 'The documents that assert this record.' })
    async sources(@Root() root: T, @Ctx() ctx: { loaders: SourceLoaders }, @Args(() => DetailPage) p: PageArgs): Promise<SourceDocument[]> {
      return citedSources(ctx.loaders, citationPage(root.sourceIds ?? [], p));
    }
  }
  return SourcesFieldResolver;
}
