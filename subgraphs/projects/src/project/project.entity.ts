import { ArrayType, Entity, Index, JsonType, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { DateScalar, type Decimal, Tracked } from '@regiograph/lib';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { ProjectStatus } from '../enums.js';
import { FLOAT_DEPRECATED, moneyColumn, numericColumn } from '../numeric.js';

@ObjectType({ description: 'A code a source gives the project in one of its identifier schemes.' })
export class ProjectIdentifier {
  @Field(() => String, { description: 'Identifier scheme, e.g. keep.eu/project or eea-grants/project.' })
  scheme!: string;

  @Field(() => String, { description: 'The code in that scheme, e.g. 17853 or PL03-0009.' })
  value!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A cooperation project (e.g. an Interreg Europe project) with its partners and pilot countries.' })
// Keyset pages of projectsConnection read (title, id) in order from this index, however deep the page.
@Index({ name: 'project_title_id_index', properties: ['title', 'id'] })
// ... and a programme's projects (Programme.projectsConnection) by (programme_id, title, id).
@Index({ name: 'project_programme_id_title_id_index', properties: ['programmeId', 'title', 'id'] })
@Index({ name: 'project_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Entity({ tableName: 'project' })
export class Project extends Tracked {
  @Field(() => ID, { description: 'Stable ID from the programme code where there is one, e.g. project:interreg-europe:PGI06047.' })
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Short name as the project writes it, e.g. ECoC-SME.' })
  @Property({ type: 'text', nullable: true })
  acronym?: string | null;

  @Field(() => String, { description: 'Full title as the source gives it (usually English).' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Title in the language of the source, where it gives a translation.' })
  @Property({ type: 'text', nullable: true })
  titleLocal?: string | null;

  @Field(() => String, { nullable: true, description: 'Programme project code, e.g. PGI06047 in Interreg Europe.' })
  @Property({ type: 'text', nullable: true })
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'What the project is about, in our own words (English).' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => [String])
  @Property({ type: ArrayType })
  themes: string[] = [];

  @Field(() => DateScalar, { nullable: true, description: 'First day of the period the source gives, at datePrecision.' })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the last period the source gives, at datePrecision.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'DAY, MONTH, SEASON or YEAR: how precise startDate and endDate are.' })
  @Property({ type: 'text', nullable: true })
  datePrecision?: string | null;

  @Field(() => ProjectStatus, {
    description: 'Status as reported by the source that describes the project, as of statusAsOf - not necessarily the status today.',
  })
  @Property({ type: 'text' })
  status!: ProjectStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Date on which status was true: the publication date of the source it was read from; null when that date is unknown.',
  })
  @Property({ type: 'date', nullable: true })
  statusAsOf?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  /** Place IDs of the countries involved, partners' and pilot countries alike. */
  @Index({ name: 'project_country_ids_gin', type: 'gin' })
  @Property({ type: ArrayType })
  countryIds: string[] = [];

  /** The funding-subgraph programme the project is financed under (Project.programme); (programme_id, title, id) index. */
  @Property({ type: 'text', nullable: true })
  programmeId?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Total eligible budget as the source states it, in currency; null when unknown.',
    deprecationReason: FLOAT_DEPRECATED,
  })
  @Property(moneyColumn())
  totalBudget?: Decimal | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Programme (EU or donor) co-financing as the source states it, in currency; null when unknown.',
    deprecationReason: FLOAT_DEPRECATED,
  })
  @Property(moneyColumn())
  euFunding?: Decimal | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share of the budget the programme co-finances, as the source states it (e.g. 85 for 85%); null when unknown.',
  })
  @Property(numericColumn())
  coFinancingRate?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of the amounts, e.g. EUR.' })
  @Property({ type: 'text', nullable: true })
  currency?: string | null;

  /** Places the project works in (e.g. NUTS regions), as resolved by ingest (Project.places). */
  @Index({ name: 'project_place_ids_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'` })
  placeIds: string[] = [];

  /**
   * Its places, its countries and its partners' places with every place they lie in, from the organisations
   * subgraph's ancestry (ProjectFilter.region, .municipality); see data.refreshDerived.
   */
  @Index({ name: 'project_place_path_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  placePath: string[] = [];

  /** The funds of its programme, copied from the funding subgraph (ProjectFilter.fund); see data.refreshDerived. */
  @Index({ name: 'project_programme_fund_ids_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  programmeFundIds: string[] = [];

  @Field(() => [ProjectIdentifier], { description: 'Codes the sources give the project, e.g. (keep.eu/project, 17853).' })
  @Property({ type: JsonType, defaultRaw: `'[]'` })
  identifiers: ProjectIdentifier[] = [];

  /** "scheme|value" of every identifier, for an indexed lookup by (scheme, value). */
  @Index({ name: 'project_identifier_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, defaultRaw: `'{}'`, lazy: true })
  identifierKeys: string[] = [];

  /** Anything else a source says that has no column (flags, raw codes...); exposed as Project.attributes. */
  @Property({ type: JsonType, defaultRaw: `'{}'` })
  attributes: Record<string, unknown> = {};

  /** Normalised acronym, code and titles (see searchKey) for case- and diacritics-insensitive lookup. */
  @Index({ name: 'project_search_keys_gin', type: 'gin' })
  @Property({ type: ArrayType, lazy: true })
  searchKeys: string[] = [];
}
