// The built CLI as a user runs it, reporting its peak resident memory (all threads) on exit.
process.on('exit', () => process.stderr.write(`\nmaxrss-kb ${process.resourceUsage().maxRSS}\n`));
await import('../out/main/cli.js');
