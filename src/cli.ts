/**
 * Entry point: parse, run, and turn every failure into one stderr message and
 * a documented exit code. This is the only place that exits.
 */
import { ExitCode, OosError } from './errors.js';
import { buildProgram } from './program.js';
import { faultRequested } from './fault.js';

export async function main(argv: string[]): Promise<void> {
  // Everything oos writes (database, outbox, exports) holds customers' personal data.
  process.umask(0o077);
  const debug = argv.includes('--debug');
  let finished = false;
  const fail = (e: unknown) => {
    if (finished) return;
    finished = true;
    void report(e, debug, argv).then(exitWhenWritten);
  };
  // A reader that stops early (`oos cases --json | head`) is no failure of oos: like other
  // command-line tools it stops writing and leaves quietly. What it did is already committed.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(Number(process.exitCode ?? 0)) : fail(e)));
  // Never exit 0 after an error that escaped an await.
  process.on('unhandledRejection', fail);
  process.on('uncaughtException', fail);
  try {
    const program = buildProgram();
    if (faultRequested('internal-error')) throw new Error('injected fault (OOS_FAULT=internal-error)');
    if (faultRequested('unhandled-rejection')) {
      void Promise.reject(new Error('injected fault (OOS_FAULT=unhandled-rejection)'));
      await new Promise((r) => setTimeout(r, 50));
    }
    await program.parseAsync(argv);
    finished = true;
    await exitWhenWritten(Number(process.exitCode ?? 0));
  } catch (e) {
    fail(e);
  }
}

/**
 * Exits once stdout and stderr have taken everything written to them. On a pipe Node writes
 * asynchronously, and exiting at once cut `oos scan --json | …` short whenever the reader was
 * slower than oos (a 6 MB case list, a busy machine): the rest was simply lost.
 */
async function exitWhenWritten(code: number): Promise<never> {
  const written = (stream: NodeJS.WriteStream) => new Promise<void>((done) => (stream.writableNeedDrain || stream.writableLength ? stream.write('', () => done()) : done()));
  await Promise.all([written(process.stdout), written(process.stderr)]);
  process.exit(code);
}

async function report(e: unknown, debug: boolean, argv: string[]): Promise<number> {
  const err = e as { name?: string; code?: string; exitCode?: number; message?: string; stack?: string };
  if (err?.name === 'CommanderError' || (typeof err?.code === 'string' && err.code.startsWith('commander.'))) {
    // commander has already printed its message.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return ExitCode.usage;
  }
  if (err?.name === 'ExitPromptError' || err?.name === 'AbortPromptError') {
    process.stderr.write('\x1b[?25h\naborted: nothing was recorded for the case in progress\n');
    return ExitCode.interrupted;
  }
  let known = e;
  // Loaded here, not at the top: `oos --help` and every start would pay for them (about 5 ms).
  if (err?.name === 'SqliteError') known = (await import('./store/sqlite-errors.js')).translateSqliteError(e, await dbPathFrom(argv));
  if (known instanceof OosError) {
    process.stderr.write(`error: ${known.message}\n`);
    if (known.hint) process.stderr.write(`hint: ${known.hint}\n`);
    if (debug && known.stack) process.stderr.write(`${known.stack}\n`);
    return known.exitCode;
  }
  process.stderr.write(`error: unexpected failure, this is a bug in oos: ${err?.message ?? String(e)}\n${err?.stack ?? ''}\n`);
  return ExitCode.internal;
}

async function dbPathFrom(argv: string[]): Promise<string> {
  const i = argv.indexOf('--db');
  const inline = argv.find((a) => a.startsWith('--db='));
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : inline ? inline.slice(5) : (await import('./context.js')).resolveDbPath({});
}
