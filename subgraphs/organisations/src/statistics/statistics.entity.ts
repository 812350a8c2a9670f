import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { PlaceFact } from '@regiograph/lib';

/** One row per canonical organisation at its seat, rebuilt at the end of every ingest command and after the seeds. */
@Entity({ tableName: 'organisation_fact' })
export class OrganisationFact extends PlaceFact {
  @PrimaryKey({ type: 'text' })
  organisationId!: string;

  @Property({ type: 'text' })
  organisationKind!: string;
}
