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
