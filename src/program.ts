/**
 * The command-line grammar (docs/cli.md) and nothing else: each action lazily
 * imports its command, so `oos --help` loads neither SQLite nor the prompts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import type { GlobalOptions } from './context.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

type Opts = GlobalOptions & Record<string, unknown>;
// commander is CommonJS. Required directly, it skips its ES wrapper and the export scan Node
// runs on a CommonJS file imported from an ES module: about 3 ms of every start.
const { Command, Option } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;

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
    .argument('<orders...>', 'order exports: Shopify, WooCommerce, Amazon, eBay, Etsy, Taobao/Tmall, Pinduoduo, Rakuten, or generic CSV')
    .option('--inventory <csv>', 'stock export (Shopify inventory or products export, or generic)')
    .option('--tracking <csv>', 'parcel tracking export (AfterShip, 17TRACK, or generic)')
    .option('--substitutes <csv>', 'your list of substitute items: sku, substitute_sku, note')
    .option('--purchase-orders <csv>', 'what your suppliers will deliver: sku, quantity, expected_at, supplier (dates customers are promised)')
    .addOption(
      new Option(
        '--format <name>',
        'skip recognition: shopify, woocommerce, amazon, ebay, etsy, taobao, pinduoduo, rakuten, generic (a family covers both files of a pair)',
      ),
    )
    .option('--encoding <name>', 'text encoding of the order files, and of the other files not in UTF-8 (default: detect; utf-8, gb18030, big5, shift_jis, windows-1252 …)')
    .addOption(
      new Option('--date-order <order>', 'how the files write all-number days when their dates do not tell: dmy (31/12/2026), mdy (12/31/2026), ymd').choices([
        'dmy',
        'mdy',
        'ymd',
      ]),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ oos scan orders_export.csv --inventory inventory_export.csv
  $ oos scan ExportOrderList202611221000.csv ExportOrderDetailList202611221000.csv   # Taobao: both files
  $ oos scan EtsySoldOrders2026-11.csv EtsySoldOrderItems2026-11.csv --inventory stock.csv
  $ oos scan 12345678901.txt --tracking aftership_export.csv                          # Amazon report
  $ oos scan RMS_order_20261122.csv --encoding cp932
  $ oos scan orders.csv --inventory stock.csv --encoding big5                        # Excel in Taiwan: both sheets
  $ oos scan examples/orders.csv --inventory examples/inventory.csv --tracking examples/tracking.csv \\
      --substitutes examples/substitutes.csv --config examples/oos.config.json --now 2026-11-22T09:00
  $ oos scan orders.csv --json | jq '.cases[0]'`,
    )
    .action(async (orders: string[], _o, cmd: Command) => (await import('./commands/scan.js')).runScan(orders, globals(cmd)));

  const formats = program
    .command('formats')
    .summary('list the exports oos knows; "formats detect <file>" explains how a file would be read')
    .description('List every export format oos recognises, how it is recognised and where to download it.')
    .addHelpText('after', '\nExamples:\n  $ oos formats\n  $ oos formats detect orders_export.csv')
    .action(async (_o, cmd: Command) => (await import('./commands/formats.js')).runFormats(globals(cmd)));
  formats
    .command('detect')
    .summary('say which format a file is, which columns oos reads, what is missing, and its date order')
    .argument('<file>', 'an export to look at (nothing is imported)')
    .action(async (file: string, _o, cmd: Command) => (await import('./commands/formats.js')).runFormatsDetect(file, globals(cmd)));

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
    .option('--language <lang>', 'default customer language: zh (Simplified Chinese), zh-Hant (Traditional, Taiwan), ja or en')
    .option('--currency <code>', 'shop currency, e.g. CNY, JPY, USD')
    .addHelpText('after', '\nExamples:\n  $ oos init --name "Lucky Cat Store" --timezone Asia/Tokyo --language ja --currency JPY')
    .action(async (_o, cmd: Command) => (await import('./commands/init.js')).runInit(globals(cmd)));

  program
    .command('resolve')
    .summary('walk through the open cases: choose remedies, write messages and follow-ups')
    .description(
      'On a terminal with no flags: a walk-through of every open case, most urgent first, with the recommended ' +
        'remedy, a preview of the exact message, and confirm / edit / skip / quit. Nothing is recorded until you confirm. ' +
        'With --order and one action it does one step without questions (for scripts and other tools). ' +
        'Messages go to the outbox folder (config "outbox"), follow-ups to the schedule.',
    )
    .option('--order <id>', 'the order to act on')
    .option('--offer', 'send the customer the recommended choices (first notice)')
    .option('--remedy <remedy>', 'record the remedy: wait, substitute, refund, split or reship')
    .option('--restock-date <date>', 'wait/split: the day stock arrives (late orders: the new ship day), YYYY-MM-DD')
    .option('--substitute <sku>', 'substitute: which listed substitute to send')
    .option('--coupon <amount>', 'apology coupon in the shop currency (default: the coupon policy; 0 = none)')
    .option('--refund-amount <amount>', 'refund this amount instead of the computed one')
    .option('--tracking-number <no>', 'reship or --shipped: tracking number of the new parcel')
    .option('--carrier <name>', 'reship or --shipped: carrier of the new parcel')
    .option('--shipped', 'a parcel of this case has left: with --tracking-number, writes the "shipped" message now')
    .option('--replaces <no>', 'with --shipped: the wrong tracking number given for that parcel before; the customer gets the right one, with an apology')
    .option('--reason <text>', 'with --offer or --remedy: the real reason for the problem, told to the customer (default: none is given)')
    .option('--decided-by <who>', 'with --remedy: customer (they chose it) or shop (the shop decided; the message says so and offers a refund instead)')
    .option('--channel <channel>', 'sms, chat, email or phone (default: chat on Taobao, Pinduoduo and the like; else email; else sms where the platform allows it, never on Amazon; else chat)')
    .option('--lang <lang>', "zh, zh-Hant, ja or en (default: the customer's language)")
    .option('--yes', 'do not ask for confirmation on a terminal; needed to change a remedy the customer was already told')
    .option('--replied', 'the customer answered (stops the no-reply reminder)')
    .option('--choice <remedy>', 'with --replied: what the customer is leaning to')
    .option('--closed', 'the case is finished (cancels its pending follow-ups)')
    .option('--outcome <outcome>', 'with --closed: satisfied, complained, cancelled, no_reply, compensated_again, other')
    .addHelpText(
      'after',
      `
Examples:
  $ oos resolve                                        # the walk-through
  $ oos resolve --order '#2008' --offer --channel email
  $ oos resolve --order '#2008' --remedy wait --restock-date 2026-11-26 --yes
  $ oos resolve --order '#2012' --remedy refund --coupon 15 --lang en --yes --json
  $ oos resolve --order '#2016' --remedy reship --tracking-number SF123456789 --yes
  $ oos resolve --order '#2016' --shipped --tracking-number SF123456789 --carrier "SF Express"
  $ oos resolve --order '#2016' --shipped --tracking-number SF123456789 --replaces SF123456798 (a number mistyped)
  $ oos resolve --order '#2001' --offer --reason "our courier did not collect on Friday"
  $ oos resolve --order '#2008' --replied
  $ oos resolve --order '#2008' --closed --outcome satisfied`,
    )
    .action(async (_o, cmd: Command) => (await import('./commands/resolve.js')).runResolve(globals(cmd)));

  program
    .command('followup')
    .summary('write the follow-up messages that are due (run it from cron)')
    .description(
      'Writes every follow-up that is due at --now into the outbox, after checking it still makes sense ' +
        '(customer replied? shipped? case closed?), exactly once even if two runs overlap. Nothing is written ' +
        'during quiet hours. Silent on success: cron mails only real problems (and customers not contacted in time).',
    )
    .option('--list', 'show the schedule instead of writing anything')
    .option('--verbose', 'say what was written, dropped or moved')
    .addHelpText(
      'after',
      `
Examples:
  $ oos followup --list
  $ oos followup --verbose
  crontab (every hour; cron's PATH has no nvm node, so give full paths):
  0 * * * * cd /home/shop && /usr/local/bin/node /home/shop/oos/bin/oos.js followup`,
    )
    .action(async (_o, cmd: Command) => (await import('./commands/followup.js')).runFollowup(globals(cmd)));

  program
    .command('claim')
    .summary('write the evidence folder for a carrier claim on a lost or damaged parcel')
    .description(
      'Writes a folder with everything a carrier claim needs: claim.md and claim.csv (the form, filled), the items and their ' +
        'values, the tracking record, every message sent to the customer, and any photos or notes you add. Prints its path. ' +
        'Exit 65 when the order has no parcel to claim for. The claim window (claim_by) is in "oos cases".',
    )
    .argument('<order>', 'the order, with or without its leading #')
    .option('--out <dir>', 'the folder to write (default: claims/<order>-<date>)')
    .option('--problem <lost|damaged>', "what happened, when detection could not see it (a parcel delivered damaged)")
    .option('--attach <files...>', 'photos or documents to include (copied into attachments/)')
    .option('--note <text>', 'a note for the claim, added to claim.md')
    .option('--tracking-number <no>', 'another parcel of the order to claim for (a reship lost too, a swap\'s parcel): its tracking number')
    .addHelpText('after', '\nExamples:\n  $ oos claim 2016\n  $ oos claim "#2031" --problem damaged --attach box.jpg label.jpg --out claims/2031\n  $ oos claim 2016 --tracking-number SF1234567890 (the reship, lost too)')
    .action(async (order: string, _o, cmd: Command) => (await import('./commands/claim.js')).runClaim(order, globals(cmd)));

  program
    .command('report')
    .summary('what went wrong most, and how fast you answered')
    .description('Problems by kind and day, remedies and customer choices, time to first contact against the window, open cases, SKUs that oversell, stalled parcels by carrier, money refunded and coupons issued.')
    .option('--since <date>', 'cases first found on or after this day (YYYY-MM-DD)')
    .option('--until <date>', 'cases first found on or before this day (YYYY-MM-DD)')
    .option('--csv', 'one row per figure, for a spreadsheet')
    .addHelpText('after', '\nExamples:\n  $ oos report --since 2026-11-10 --until 2026-11-13\n  $ oos report --json | jq .contact')
    .action(async (_o, cmd: Command) => (await import('./commands/report.js')).runReport(globals(cmd)));

  program
    .command('templates')
    .summary('list the message templates, or render one with sample data')
    .description(
      'Without arguments: every template, built-in or your own (config "templates" folder), after checking them all. ' +
        'With an intent: render it with sample data so you can read the exact text a customer gets.',
    )
    .argument('[intent]', 'e.g. notice-oversold, confirm-refund, followup-reminder')
    .option('--lang <lang>', 'zh, zh-Hant, ja or en (default: all four)')
    .option('--channel <channel>', 'sms, chat, email or phone (default: all four)')
    .option('--vars', 'list the variables a template may use')
    .option('--check', 'render every SMS with the longest real values and fail (65) if one is over 2 SMS or leaves a variable unrendered')
    .option('--render-all', 'render every template in every channel and language for one sample order, as Markdown')
    .option('--out <dir>', 'with --render-all: write one file per language into this folder')
    .addHelpText(
      'after',
      `
Examples:
  $ oos templates
  $ oos templates notice-oversold --lang ja --channel email
  $ oos templates --vars
  $ oos templates --check
  $ oos templates --render-all --out review/`,
    )
    .action(async (intent: string | undefined, _o, cmd: Command) => (await import('./commands/templates.js')).runTemplates(intent, globals(cmd)));

  return program;
}
