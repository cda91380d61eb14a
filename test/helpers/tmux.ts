/**
 * A real pseudo-terminal through tmux: start a command, type keys, read the
 * screen back (with colour escapes when asked). tmux is required, never
 * optional: .ci/run installs it, and a machine without it fails these tests
 * with a message saying so instead of skipping them.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export function requireTmux(): void {
  if (!hasTmux) throw new Error('tmux is needed for the terminal tests: install it (apt-get install tmux, brew install tmux) and run again');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sessions = 0;

export class Tmux {
  readonly session = `oos-${process.pid}-${Date.now()}-${sessions++}`;

  start(command: string, cwd: string, env: Record<string, string> = {}) {
    const vars = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', '180', '-y', '60', '-c', cwd, ...vars, command]);
  }

  /** The screen and its scrollback; `escapes` keeps the colour codes (capture-pane -e). */
  screen(escapes = false): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-', '-t', this.session], { encoding: 'utf8' });
  }

  keys(...keys: string[]) {
    execFileSync('tmux', ['send-keys', '-t', this.session, ...keys]);
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

  kill() {
    spawnSync('tmux', ['kill-session', '-t', this.session]);
  }
}

/** The last question on screen. */
export const lastPrompt = (screen: string) => screen.split('\n').filter((l) => /^\? |^✔ /.test(l.trim())).at(-1) ?? '';
