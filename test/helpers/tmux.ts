/**
 * A real pseudo-terminal through tmux: start a command, type keys, read the
 * screen back (with colour escapes when asked). tmux is required, never
 * optional: .ci/run installs it, and a machine without it fails these tests
 * with a message saying so instead of skipping them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export function requireTmux(): void {
  if (!hasTmux) throw new Error('tmux is needed for the terminal tests: install it (apt-get install tmux, brew install tmux) and run again');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sessions = 0;

/**
 * Each session runs on a tmux server of its own (`-S`, no config file). On the
 * shared default server, test files running in parallel raced: one file killed
 * the server's last session, the server began to exit, and another file's
 * new-session reached it in that moment and failed with "server exited
 * unexpectedly" (a CI run on record).
 */
export class Tmux {
  readonly session = `oos-${process.pid}-${Date.now()}-${sessions++}`;
  /** The server's socket; tmux leaves it behind when the server is killed. */
  private readonly socket = join(tmpdir(), `${this.session}.tmux`);

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  start(command: string, cwd: string, env: Record<string, string> = {}) {
    const vars = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux('new-session', '-d', '-s', this.session, '-x', '180', '-y', '60', '-c', cwd, ...vars, command);
  }

  /** The screen and its scrollback; `escapes` keeps the colour codes (capture-pane -e). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-', '-t', this.session);
  }

  keys(...keys: string[]) {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Waits until the screen matches (the prompts redraw in place). */
  async waitFor(pattern: RegExp, timeout = 15_000): Promise<string> {
    const end = Date.now() + timeout;
    for (;;) {
      const s = this.screen();
      if (pattern.test(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; screen:\n${s}`);
      await sleep(100);
    }
  }

  /** A format expanded for the pane (`display -p`), e.g. '#{cursor_flag}'. */
  display(format: string): string {
    return this.tmux('display', '-p', '-t', this.session, format).trim();
  }

  /** Ends the session and its private server. */
  kill() {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.socket, { force: true });
  }
}

/** The last question on screen. */
export const lastPrompt = (screen: string) => screen.split('\n').filter((l) => /^\? |^✔ /.test(l.trim())).at(-1) ?? '';
