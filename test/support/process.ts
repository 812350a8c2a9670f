import { type ChildProcess, spawn } from 'node:child_process';

/** A Node.js or npm process a test started, with everything it printed. */
export interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Waits for `pattern` in the output (stdout and stderr) and gives its match; fails on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL (to the whole process group) if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a command with only PATH and the given variables, in a process group of its own (so that npm's
 * children are stopped with it).
 */
export function start(command: string, args: string[], env: Record<string, string>, cwd: string): Started {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const listeners = new Set<() => void>();
  const append = (d: Buffer) => {
    out += d;
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? (signal ? -1 : null));
    }),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms from ${command} ${args.join(' ')}:\n${out}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!pattern.exec(out)) {
            cleanup();
            reject(new Error(`${command} ${args.join(' ')} exited with ${code} before ${pattern}:\n${out}`));
          }
        });
        check();
      });
    },
    async stop(graceMs = 15_000) {
      if (done) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // npm may exit before its child: make sure none of the group is left.
      signalGroup('SIGKILL');
    },
  };
}
