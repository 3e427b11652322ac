#!/usr/bin/env node
// `npm run schema:update`: writes schemas/mesh.schema.json, the JSON Schema of a Mesh spec,
// from the validator's definitions (lib/mesh-spec/json-schema.ts). Needs the compiled build/lib.
// test/mesh-spec/json-schema.test.ts fails when the committed file differs from what this writes.
'use strict';
const fs = require('fs');
const path = require('path');
const { meshJsonSchemaText, MESH_SCHEMA_FILE } = require('../build/lib/mesh-spec/json-schema.js');

const file = path.join(__dirname, '..', MESH_SCHEMA_FILE);
fs.writeFileSync(file, meshJsonSchemaText());
process.stderr.write(`meshgen: wrote ${MESH_SCHEMA_FILE}\n`);
