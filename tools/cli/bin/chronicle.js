#!/usr/bin/env node
// Runs the TypeScript sources through tsx (a workspace dependency), as the other workspace tools do.
require('tsx/cjs');
const { run } = require('../src/main.ts');
run(process.argv.slice(2)).then((code) => process.exit(code));
