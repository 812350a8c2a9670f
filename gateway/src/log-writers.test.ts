import { type Attributes, Logger, type LogLevel, type LogWriter } from '@graphql-hive/logger';
import { describe, expect, it } from 'vitest';
import { RedactingLogWriter } from './errors.js';

class Capture implements LogWriter {
  lines: Array<{ level: LogLevel; attrs: unknown; msg: unknown }> = [];
  write(level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined): void {
    this.lines.push({ level, attrs: JSON.parse(JSON.stringify(attrs ?? null)), msg });
  }
}

describe('RedactingLogWriter', () => {
  it("keeps a subgraph call's request, response and original error out of every line, of child loggers too", () => {
    const capture = new Capture();
    const root = new Logger({ level: 'info', writers: [new RedactingLogWriter(capture)] });
    const request = { query: '{ place(name: "Tarnów") { id } }', variables: { name: 'Tarnów' } };
    const error = { message: 'boom', extensions: { code: 'X', request, response: { status: 500 } } };
    const attrs = { extensions: { code: 'Y', request, response: { body: 'secret' } }, originalError: { message: 'inner' }, error };
    root.error(attrs, 'failed');
    // One level down only, as the redact paths said (`*.extensions.request`): a list of errors is kept whole.
    root
      .child({ requestId: 'r1' })
      .child('[sub] ')
      .warn({ errors: [error], error }, 'failed again');
    expect(capture.lines).toEqual([
      { level: 'error', attrs: { extensions: { code: 'Y' }, error: { message: 'boom', extensions: { code: 'X' } } }, msg: 'failed' },
      {
        level: 'warn',
        attrs: { requestId: 'r1', errors: [error], error: { message: 'boom', extensions: { code: 'X' } } },
        msg: '[sub] failed again',
      },
    ]);
    // The caller's own objects are untouched: the logger hands writers a copy.
    expect(error.extensions.request).toBe(request);
    expect(JSON.stringify(capture.lines[0])).not.toMatch(/Tarnów|secret|inner/);
  });
});
