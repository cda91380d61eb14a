/**
 * The command-line grammar (CLI.md) and nothing else: each action lazily
 * imports its command, so `oos --help` loads neither SQLite nor the prompts.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { GlobalOptions } from './context.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

type Opts = GlobalOptions & Record<string, unknown>;
const globals = (cmd: Command) => cmd.optsWithGlobals() as Opts;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('oos')
    .description('Find paid orders you cannot deliver as promised (oversold, late, stalled) and contact those customers first.')
    .version(version, '-V, --version')
    .option('--db <path>', 'SQLite database file (env OOS_DB)', undefined)
    .option('--config <path>', 'shop settings (env OOS_CONFIG; default ./oos.config.json if present)')
    .option('--now <iso8601>', 'act as if it were this time (env OOS_NOW; without offset: shop timezone)')
    .option('--json', 'machine-readable output on stdout, nothing else')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--debug', 'show stack traces for every error')
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Every morning:
  $ oos scan orders_export.csv --inventory inventory_export.csv --tracking tracking.csv
  $ oos cases

Exit codes: 0 ok, 1 bug, 64 usage, 65 bad input data, 66 missing input,
73 cannot write output, 75 database busy (try again), 130 interrupted.
Docs: README.md`,
    );

  program
    .command('scan')
    .summary('import exports and flag oversold, late and stalled orders')
    .description(
      'Import order exports (plus inventory, tracking and substitutes) into the database and flag every paid order\n' +
        'that cannot ship as promised, most urgent first, with the time by which to contact the customer.\n' +
        'Importing is idempotent: the same file twice changes nothing.',
    )
    .argument('<orders...>', 'order export files (Shopify orders export, or the generic CSV format)')
    .option('--inventory <csv>', 'stock export (Shopify inventory or products export, or generic)')
    .option('--tracking <csv>', 'parcel tracking export (generic; AfterShip/17TRACK statuses understood)')
    .option('--substitutes <csv>', 'your list of substitute items: sku, substitute_sku, note')
    .addOption(new Option('--format <name>', 'skip recognition and read the order files as this format'))
    .option('--encoding <name>', 'text encoding of the files (default: detect; utf-8, gb18030, shift_jis …)')
    .addHelpText(
      'after',
      `
Examples:
  $ oos scan orders_export.csv --inventory inventory_export.csv
  $ oos scan examples/orders.csv --inventory examples/inventory.csv --tracking examples/tracking.csv \\
      --substitutes examples/substitutes.csv --config examples/oos.config.json --now 2026-11-22T09:00
  $ oos scan orders.csv --json | jq '.cases[0]'`,
    )
    .action(async (orders: string[], _o, cmd: Command) => (await import('./commands/scan.js')).runScan(orders, globals(cmd)));

  program
    .command('cases')
    .summary('list open cases, most urgent first')
    .description('List the open cases (or all of them with --all), most urgent first, with their contact-by time.')
    .option('--all', 'include closed and finished cases')
    .addHelpText('after', '\nExamples:\n  $ oos cases\n  $ oos cases --all --json')
    .action(async (_o, cmd: Command) => (await import('./commands/cases.js')).runCases(globals(cmd)));

  program
    .command('init')
    .summary('write a starting oos.config.json with every setting')
    .description('Write oos.config.json (or the --config path) with every key and its default, ready to edit.')
    .option('--force', 'overwrite an existing file')
    .option('--name <shop>', 'shop name used in messages')
    .option('--timezone <tz>', 'shop timezone, e.g. Asia/Shanghai, Asia/Tokyo, America/New_York')
    .option('--language <lang>', 'default customer language: zh, ja or en')
    .option('--currency <code>', 'shop currency, e.g. CNY, JPY, USD')
    .addHelpText('after', '\nExamples:\n  $ oos init --name "Lucky Cat Store" --timezone Asia/Tokyo --language ja --currency JPY')
    .action(async (_o, cmd: Command) => (await import('./commands/init.js')).runInit(globals(cmd)));

  return program;
}
