// Loaded with `node --import` into the benchmarked process: at exit, writes the CPU time the
// process used (user + system, all threads) and its peak resident memory to the file named by
// STRATA_BENCH_CPU_FILE. CPU time is far less sensitive than wall time to other work on a shared
// machine.
import { writeFileSync } from 'node:fs';

const file = process.env.STRATA_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    // maxRSS is in kilobytes: the largest resident set of the whole process (every thread) so far.
    writeFileSync(file, JSON.stringify({ user_s: userCPUTime / 1e6, system_s: systemCPUTime / 1e6, max_rss_mb: maxRSS / 1024 }));
  });
}
