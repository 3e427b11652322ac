/**
 * Preloaded into each benchmarked process (`node --require`): on exit, writes the
 * process's peak resident set size (kB, from getrusage) to $MESHGEN_BENCH_RSS_FILE.
 */
import * as fs from 'fs';

const out = process.env.MESHGEN_BENCH_RSS_FILE;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
