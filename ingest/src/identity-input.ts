import { join } from 'node:path';
import { readYaml, seedsDir, sourcesDir } from '@regiograph/lib';
import type { AnchorInput, PlaceInput, RecordInput, ResolutionInput } from '@regiograph/organisations';
import { planFiles } from './run.js';
import { SOURCE_FOLDERS } from './sources.js';
import type { Connector } from './types.js';

/** Sources whose files hold organisation records. */
export const ORGANISATION_SOURCES = ['eea-grants', 'keep-eu', 'kohesio-beneficiaries'];
/** Sources whose files hold places (regions and LAU units: every LAU place gets its municipal government). */
export const PLACE_SOURCES = ['nuts', 'teryt', 'siruta'];

interface SeedPlace {
  id: string;
  kind: string;
  parent?: string;
  name?: string;
  nameEn?: string;
  countryCode?: string;
  altNames?: string[];
  lauCode?: string;
  nutsCode?: string;
}

/** The rows every file of some sources gives, in load order. */
function* parsedRows(connectors: Connector[], dir: string, sources: string[]) {
  for (const { source, folders } of SOURCE_FOLDERS.filter((s) => sources.includes(s.source))) {
    const connector = connectors.find((c) => c.name === source);
    if (!connector) throw new Error(`no connector ${source}`);
    const { planned } = planFiles(
      connector,
      folders.map((f) => join(dir, f)),
    );
    for (const plan of planned) yield plan.parsed.rows;
  }
}

/** A place as the stored place table would hold it: later files fill what earlier ones left out, names accumulate. */
function mergePlace(prev: PlaceInput | undefined, next: PlaceInput): PlaceInput {
  if (!prev) return next;
  return {
    id: next.id,
    kind: prev.kind || next.kind,
    countryCode: prev.countryCode ?? next.countryCode ?? null,
    name: prev.name || next.name,
    nameEn: prev.nameEn ?? next.nameEn ?? null,
    altNames: [...new Set([...prev.altNames, ...next.altNames, ...(prev.name !== next.name && next.name ? [next.name] : [])])],
    parentId: prev.parentId ?? next.parentId ?? null,
    lauCode: prev.lauCode ?? next.lauCode ?? null,
    nutsCode: prev.nutsCode ?? next.nutsCode ?? null,
    sourceIds: [...new Set([...(prev.sourceIds ?? []), ...(next.sourceIds ?? [])])],
  };
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
  for (const rows of parsedRows(connectors, dir, ORGANISATION_SOURCES)) {
    for (const r of rows.organisations?.organisationRecords ?? []) {
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
  const doc = readYaml<{ places?: SeedPlace[]; organisations?: SeedOrganisation[] }>(join(seeds, 'organisations.yaml'));
  const places = new Map((doc.places ?? []).map((p) => [p.id, p]));
  // Seeded places first (the seeds are loaded before any file), then the register and NUTS files.
  const placeInputs = new Map<string, PlaceInput>();
  for (const p of doc.places ?? []) {
    placeInputs.set(p.id, {
      id: p.id,
      kind: p.kind,
      countryCode: p.countryCode ?? null,
      name: p.name ?? '',
      nameEn: p.nameEn ?? null,
      altNames: p.altNames ?? [],
      parentId: p.parent ?? null,
      lauCode: p.lauCode ?? null,
      nutsCode: p.nutsCode ?? null,
    });
  }
  for (const rows of parsedRows(connectors, dir, PLACE_SOURCES)) {
    for (const p of rows.organisations?.places ?? []) {
      const next: PlaceInput = {
        id: p.id,
        kind: p.kind,
        countryCode: p.countryCode,
        name: p.nameIsLocal === false ? '' : p.name,
        nameEn: p.nameEn ?? (p.nameIsLocal === false ? p.name : null),
        altNames: p.altNames ?? [],
        parentId: p.parentId ?? null,
        lauCode: p.lauCode ?? null,
        nutsCode: p.nutsCode ?? null,
        sourceIds: p.sourceIds ?? [],
      };
      placeInputs.set(p.id, mergePlace(placeInputs.get(p.id), next));
    }
  }
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
  return { records: [...records.values()], anchors, places: [...placeInputs.values()] };
}
