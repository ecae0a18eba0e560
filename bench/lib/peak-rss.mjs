// Loaded with `node --import` into a ccbulk command a benchmark runs as a child: on exit it
// writes the process's peak RSS (MB) to $CCBULK_BENCH_RSS_FILE, because a parent cannot read a
// child's resource usage in Node. A process that dies without exiting (V8 out of memory) writes
// nothing; the parent then has what it sampled from /proc (see cli-child.mjs).
import { writeFileSync } from 'node:fs';

const file = process.env.CCBULK_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS / 1024)));
