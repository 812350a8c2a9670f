import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// docker-compose.yml and the Dockerfile, read as Docker reads them, for the tests that check them statically
// (no Docker engine runs here) and the one that starts the services as compose would.
const root = join(__dirname, '..', '..');

export interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  build?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  entrypoint?: string[];
  volumes?: string[];
}

export const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

export const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** The image's last stage: what every container built from it starts with. */
export const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
/** The `ENV K=V` lines of the final stage. */
export const imageEnv: Record<string, string> = Object.fromEntries(
  [...finalStage.matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]),
);

/** A compose value as the container sees it when nothing is set on the host: `${NAME:-default}` gives the default. */
export function interpolate(value: string): string {
  const result = value.replace(/\$\{(\w+):-([^}]*)\}/g, (_, _name: string, fallback: string) => fallback);
  if (/\$\{?\w/.test(result)) throw new Error(`${value}: a variable without a default`);
  return result;
}

/** What the process of a compose service finds in its environment: the image's ENV, then compose's. */
export function containerEnv(name: string): Record<string, string> {
  const env = compose.services[name]?.environment ?? {};
  return { ...imageEnv, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v))])) };
}

/** A `!reset` value of an override file: Compose (2.24+) drops what the base file gives for that key. */
export const RESET = Symbol('!reset');
type Service = ComposeService & { deploy?: { replicas?: number }; image?: string };

/**
 * docker-compose.yml with `docker-compose.scale.yml` laid over it, by Compose's merge rules for the keys these
 * files use: mappings (environment, depends_on, deploy) merge key by key, sequences (ports, expose, volumes)
 * are appended without repeats, and `!reset` empties a key. Hand-written: no maintained library applies
 * Compose's override rules outside Docker itself.
 */
export function scaledCompose(): {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  override: { services: Record<string, Service> };
} {
  const override = parse(readFileSync(join(root, 'docker-compose.scale.yml'), 'utf8'), {
    merge: true,
    customTags: [{ tag: '!reset', collection: 'seq', resolve: () => RESET }],
  }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const base = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes?: Record<string, unknown>;
  };
  const services: Record<string, Service> = structuredClone(base.services);
  for (const [name, layer] of Object.entries(override.services)) {
    const merged: Record<string, unknown> = { ...(services[name] ?? {}) };
    for (const [key, value] of Object.entries(layer)) {
      const before = merged[key];
      if (value === RESET) merged[key] = undefined;
      else if (Array.isArray(value)) merged[key] = [...new Set([...(Array.isArray(before) ? before : []), ...value])];
      else if (value && typeof value === 'object') merged[key] = { ...((before as object) ?? {}), ...value };
      else merged[key] = value;
    }
    services[name] = merged as Service;
  }
  return { services, volumes: { ...base.volumes, ...override.volumes }, override };
}
