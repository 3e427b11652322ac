#!/usr/bin/env node
// The cdk8s app (cdk8s.yaml `app:`) and `npm run synth`: builds only when a source changed since
// the last build (scripts/build.js), then runs build/main.js in this same process.
'use strict';
require('./build').ensureBuilt();
require('../build/main.js');
