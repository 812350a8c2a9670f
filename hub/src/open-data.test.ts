import { describe, expect, it } from 'vitest';
import { readHubConfig } from './config.js';
import { loadOpenDataInBackground } from './open-data.js';

describe('LOAD_OPEN_DATA', () => {
  it('is off unless set to 1, and a typo stops start-up naming the variable', () => {
    expect(readHubConfig({}).loadOpenData).toBe(false);
    expect(readHubConfig({ LOAD_OPEN_DATA: '1' }).loadOpenData).toBe(true);
    expect(readHubConfig({ LOAD_OPEN_DATA: '0' }).loadOpenData).toBe(false);
    expect(() => readHubConfig({ LOAD_OPEN_DATA: 'yes' })).toThrow(/^LOAD_OPEN_DATA must be 1 or 0/);
  });

  it('reports a load that fails, with the command that finishes it, without throwing', async () => {
    // Nothing listens on port 1: the ingest command stops at once with its own message.
    const lines: string[] = [];
    const load = loadOpenDataInBackground('postgres://postgres@127.0.0.1:1/postgres', (line) => lines.push(line));
    const code = await load.done;
    expect(code).not.toBe(0);
    expect(lines[0]).toBe('open data: loading data/sources in the background (npm run ingest -- all); the graph answers meanwhile');
    expect(lines.some((l) => l.startsWith('open data: ingest failed: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^open data: stopped \(exit 1\) after \d+ s; finish with: npm run ingest -- all$/);
    await load.stop();
  });
});
