#!/usr/bin/env node
// Launcher only: the CLI lives in the compiled sources.
import('../dist/cli/main.js').then((cli) => cli.main(process.argv));
