import { Field, ID, ObjectType } from 'type-graphql';
import { OrganisationNameKind } from '../enums.js';
import type { OrganisationRecord } from './organisation-record.entity.js';
import type { Organisation } from './organisation.entity.js';

@ObjectType({ description: 'One name of an organisation as some source writes it, with the sources that use it.' })
export class OrganisationName {
  @Field(() => String)
  name!: string;

  @Field(() => OrganisationNameKind)
  kind!: OrganisationNameKind;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 language code, where known (en for English names).' })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 15924 script of the name: Latn, Cyrl, Grek.' })
  script?: string | null;

  @Field(() => [ID], { description: 'The source records that give this name (empty for names the hub curates).' })
  recordIds: string[] = [];

  sourceIds: string[] = [];
}

/** ISO 15924 code of the first script with letters in the text. */
export function scriptOf(text: string): string | null {
  if (/\p{Script=Cyrillic}/u.test(text)) return 'Cyrl';
  if (/\p{Script=Greek}/u.test(text)) return 'Grek';
  if (/\p{Script=Latin}/u.test(text)) return 'Latn';
  return null;
}

/**
 * Every name in every source, one entry per (name, kind) with the citations of all sources using it:
 * a curated organisation's own names first, then those of the records linked to it. A derived
 * organisation's own names were chosen from its records, so only the records' are listed.
 */
export function organisationNames(org: Organisation, records: OrganisationRecord[]): OrganisationName[] {
  const out = new Map<string, OrganisationName>();
  const add = (name: string | null | undefined, kind: OrganisationNameKind, sourceIds: string[], recordId?: string) => {
    const text = name?.trim();
    if (!text) return;
    const key = `${kind}\u0000${text}`;
    let entry = out.get(key);
    if (!entry) {
      entry = Object.assign(new OrganisationName(), {
        name: text,
        kind,
        language: kind === OrganisationNameKind.ENGLISH ? 'en' : null,
        script: scriptOf(text),
      });
      out.set(key, entry);
    }
    if (recordId && !entry.recordIds.includes(recordId)) entry.recordIds.push(recordId);
    for (const id of sourceIds) if (!entry.sourceIds.includes(id)) entry.sourceIds.push(id);
  };
  if (!org.derived) {
    add(org.name, OrganisationNameKind.OFFICIAL, org.sourceIds);
    add(org.nameEn, OrganisationNameKind.ENGLISH, org.sourceIds);
    add(org.acronym, OrganisationNameKind.ACRONYM, org.sourceIds);
    for (const alt of org.altNames) add(alt, OrganisationNameKind.ALT, org.sourceIds);
  }
  for (const r of records) {
    add(r.name, OrganisationNameKind.OFFICIAL, r.sourceIds, r.id);
    add(r.nameEn, OrganisationNameKind.ENGLISH, r.sourceIds, r.id);
    add(r.nameLatin, OrganisationNameKind.LATIN, r.sourceIds, r.id);
  }
  return [...out.values()];
}
