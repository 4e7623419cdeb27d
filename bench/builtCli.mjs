// The built CLI as a user runs it, reporting its peak resident memory and CPU time (all threads) on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nmaxrss-kb ${usage.maxRSS}\ncpu-ms ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
await import('../out/main/cli.js');
