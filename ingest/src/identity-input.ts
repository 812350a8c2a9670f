import { join } from 'node:path';
import { readYaml, seedsDir, sourcesDir } from '@regiograph/lib';
import type { AnchorInput, RecordInput, ResolutionInput } from '@regiograph/organisations';
import { planFiles } from './run.js';
import { SOURCE_FOLDERS } from './sources.js';
import type { Connector } from './types.js';

/** Sources whose files hold organisation records. */
export const ORGANISATION_SOURCES = ['eea-grants', 'keep-eu', 'kohesio-beneficiaries'];

interface SeedPlace {
  id: string;
  kind: string;
  parent?: string;
}
interface SeedOrganisation {
  id: string;
  name: string;
  nameEn?: string;
  acronym?: string;
  altNames?: string[];
  kind: string;
  countryCode?: string;
  place?: string;
  identifiers?: Array<{ scheme: string; value: string }>;
}

/**
 * The identity resolver's input exactly as an ingest of every source file gives it, without a database:
 * the organisation records the connectors produce (with the places they resolve), and the seeded
 * organisations as anchors with the regions above their place (as the organisations data module loads
 * them). The identity benchmark and its test run the resolver on this.
 */
export function identityInputFromFiles(connectors: Connector[], dir = sourcesDir(), seeds = seedsDir()): ResolutionInput {
  const records = new Map<string, RecordInput>();
  for (const { source, folders } of SOURCE_FOLDERS.filter((s) => ORGANISATION_SOURCES.includes(s.source))) {
    const connector = connectors.find((c) => c.name === source);
    if (!connector) throw new Error(`no connector ${source}`);
    const { planned } = planFiles(
      connector,
      folders.map((f) => join(dir, f)),
    );
    for (const plan of planned) {
      for (const r of plan.parsed.rows.organisations?.organisationRecords ?? []) {
        const prev = records.get(r.id);
        records.set(r.id, {
          id: r.id,
          scheme: r.scheme,
          key: r.key,
          dataset: r.dataset,
          name: r.name,
          // Later files fill what earlier ones left out, as the data module's coalesce does.
          nameEn: r.nameEn ?? prev?.nameEn ?? null,
          nameLatin: r.nameLatin ?? prev?.nameLatin ?? null,
          countryCode: r.countryCode ?? prev?.countryCode ?? null,
          placeId: r.placeId ?? prev?.placeId ?? null,
          placeText: r.placeText ?? prev?.placeText ?? null,
          identifiers: r.identifiers ?? prev?.identifiers ?? [],
          kindHint: r.kindHint ?? prev?.kindHint ?? null,
          kindRule: r.kindRule ?? prev?.kindRule ?? null,
          sourceIds: [...new Set([...(prev?.sourceIds ?? []), ...r.sourceIds])],
        });
      }
    }
  }
  const doc = readYaml<{ places?: SeedPlace[]; organisations?: SeedOrganisation[] }>(join(seeds, 'organisations.yaml'));
  const places = new Map((doc.places ?? []).map((p) => [p.id, p]));
  const regionsAbove = (placeId: string | undefined): string[] => {
    const out: string[] = [];
    let at = placeId ? places.get(placeId) : undefined;
    for (let depth = 0; at && depth < 10; depth++) {
      if (at.kind !== 'COUNTRY') out.push(at.id);
      at = at.parent ? places.get(at.parent) : undefined;
    }
    return out;
  };
  const anchors: AnchorInput[] = (doc.organisations ?? []).map((o) => ({
    id: o.id,
    name: o.name,
    nameEn: o.nameEn ?? null,
    acronym: o.acronym ?? null,
    altNames: o.altNames ?? [],
    kind: o.kind,
    countryCode: o.countryCode ?? null,
    placeId: o.place ?? null,
    placeIds: regionsAbove(o.place),
    identifiers: o.identifiers ?? [],
  }));
  return { records: [...records.values()], anchors };
}
