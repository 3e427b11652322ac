/**
 * Preloaded into each benchmarked process (`node --require`): on exit, writes the
 * process's peak resident set size (kB, from getrusage) to $MESHGEN_BENCH_RSS_FILE and,
 * when $MESHGEN_BENCH_CPU_FILE is set, the CPU time it used (user + system, ms, the whole
 * process from its start) there.
 */
import * as fs from 'fs';

const out = process.env.MESHGEN_BENCH_RSS_FILE;
const cpuOut = process.env.MESHGEN_BENCH_CPU_FILE;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
if (cpuOut) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    fs.writeFileSync(cpuOut, String((user + system) / 1000));
  });
}
