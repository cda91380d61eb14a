#!/usr/bin/env node
// Thin shim: the compiled entry point does all the work (see src/cli.ts).
import('../dist/cli.js').then((cli) => cli.main(process.argv));
