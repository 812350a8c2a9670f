import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return {
    out,
    stream: { isTTY, columns: 100, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream,
  };
}

describe('progress', () => {
  it('draws one redrawn bar with rows done, rate and time left on a terminal', async () => {
    const { out, stream } = fakeStream(true);
    const p = createProgress(stream);
    p.start(1000, 'terc.csv');
    await new Promise((r) => setTimeout(r, 120));
    p.tick(250);
    p.log('loaded a file');
    p.finish();
    const text = out.join('');
    expect(text).toMatch(/\r\[#{6}-{18}\] 250\/1,000 rows {2}[\d,]+\/s {2}\d+ s left {2}terc\.csv/);
    expect(text).toContain('\r\x1b[Kloaded a file\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes plain lines, no control characters, when not on a terminal', () => {
    const { out, stream } = fakeStream(false);
    const p = createProgress(stream);
    p.start(10, 'x');
    p.tick(5);
    p.log('loaded x');
    p.finish();
    expect(out).toEqual(['loaded x\n']);
  });

  it('says nothing when quiet', () => {
    const { out, stream } = fakeStream(true);
    const p = createProgress(stream, true);
    p.start(10, 'x');
    p.log('loaded x');
    p.finish();
    expect(out).toEqual([]);
  });
});
