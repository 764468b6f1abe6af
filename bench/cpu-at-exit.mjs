// Loaded with `node --import` by bench/ship.ts: at exit, writes the process's CPU time (user +
// system, every thread) to $VDI_BENCH_CPU_FILE, a figure the machine's load moves far less than wall time.
import { writeFileSync } from 'node:fs';

const file = process.env.VDI_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const c = process.cpuUsage();
    writeFileSync(file, String((c.user + c.system) / 1000));
  });
}
