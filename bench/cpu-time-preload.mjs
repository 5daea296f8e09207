// Loaded with `node --import` into the benchmarked process: at exit, writes the CPU time the
// process used (user + system, all threads) to the file named by STRATA_BENCH_CPU_FILE. CPU time
// is far less sensitive than wall time to other work on a shared machine.
import { writeFileSync } from 'node:fs';

const file = process.env.STRATA_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ user_s: user / 1e6, system_s: system / 1e6 }));
  });
}
