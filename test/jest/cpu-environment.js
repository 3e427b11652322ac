'use strict';
/*
 * Jest's node environment, and with MESHGEN_TEST_CPU=<file> set it appends one line per test
 * file to <file>: user+sys CPU milliseconds (total, the worker's own, its child processes') spent from the environment's setup to
 * its teardown (loading, transforming and running the file), then the file. Used to find
 * where the suite's CPU goes (docs/development.md, "Test suite speed").
 */
const fs = require('fs');
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

const OUT = process.env.MESHGEN_TEST_CPU;

/** CPU ms of this process and of its waited-for children (spawnSync'd tools, the CLI). */
function cpuMs() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat: fields 16 and 17 (cutime, cstime) in clock ticks (100/s on Linux)
    const f = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    children = (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    // not Linux: own CPU only
  }
  return { own: (own.user + own.system) / 1000, children };
}

class CpuEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    if (OUT) this.cpuStart = cpuMs();
  }

  async teardown() {
    await super.teardown();
    if (!OUT) return;
    const end = cpuMs();
    const own = Math.round(end.own - this.cpuStart.own);
    const children = Math.round(end.children - this.cpuStart.children);
    fs.appendFileSync(OUT, `${own + children}\t${own}\t${children}\t${this.testPath}\n`);
  }
}

module.exports = CpuEnvironment;
