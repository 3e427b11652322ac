#!/usr/bin/env node
// Part of `npm run build`: compiles the schema validators of `meshgen validate --dist` ahead of
// time into build/schemas/ (see lib/schema/precompiled.ts). Needs the compiled build/lib.
'use strict';
const path = require('path');
const { SchemaRegistry } = require('../build/lib/schema/registry');
const { precompileValidators } = require('../build/lib/schema/precompile');

const n = precompileValidators(new SchemaRegistry(path.resolve(__dirname, '..')));
if (process.argv.includes('--verbose')) process.stderr.write(`meshgen: precompiled ${n} schema validators into build/schemas/\n`);
