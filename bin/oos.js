#!/usr/bin/env node
// Thin shim: the compiled entry point does all the work (see src/cli.ts).
//
// This file is CommonJS (bin/package.json) so that it runs before anything touches libuv's
// thread pool, whose size is read once, when the pool starts: the ES module loader starts it
// while reading an ES entry file. `oos followup` creates, writes and fsyncs each message file on
// that pool, and with the default four threads the disk's flushes set the pace: sixteen
// concurrent fsyncs wrote 20,000 messages about a second faster. An operator's own setting wins.
if (process.argv.slice(2).includes('followup')) process.env.UV_THREADPOOL_SIZE ??= '16';
import('../dist/cli.js').then((cli) => cli.main(process.argv));
