// Preloaded into a benchmark's child process (`node --import ./bench/cpu-report.mjs …`): at exit,
// writes the process's CPU time (all threads, microseconds) to the file named by
// TAGSTREAM_CPU_REPORT, so that whole-process figures need no `time` command.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.TAGSTREAM_CPU_REPORT;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.cpuUsage())));
