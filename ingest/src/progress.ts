/**
 * Progress on a terminal: one redrawn line with rows done, rate and time left. Anywhere else (CI, a log
 * file, a pipe) plain log lines, one per file, so logs stay readable.
 */
export interface Progress {
  start(total: number, label: string): void;
  tick(done: number, label?: string): void;
  log(line: string): void;
  finish(): void;
}

const fmt = new Intl.NumberFormat('en-GB');

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const tty = Boolean(stream.isTTY) && !quiet;
  let total = 0;
  let done = 0;
  let label = '';
  let started = Date.now();
  let lastDraw = 0;
  const draw = (force = false) => {
    if (!tty) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const elapsed = (now - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const left = rate > 0 ? (total - done) / rate : Number.NaN;
    const width = 24;
    const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const text = `[${bar}] ${fmt.format(done)}/${fmt.format(total)} rows  ${fmt.format(Math.round(rate))}/s  ${
      done >= total ? 'done' : `${seconds(left)} left`
    }  ${label}`;
    const columns = stream.columns ?? 120;
    stream.write(`\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, text.length))}\x1b[K`);
  };
  return {
    start(t, l) {
      total = t;
      done = 0;
      label = l;
      started = Date.now();
      draw(true);
    },
    tick(d, l) {
      done = d;
      if (l) label = l;
      draw();
    },
    log(line) {
      if (quiet) return;
      if (tty) stream.write('\r\x1b[K');
      stream.write(`${line}\n`);
      draw(true);
    },
    finish() {
      if (tty) {
        draw(true);
        stream.write('\n');
      }
    },
  };
}
