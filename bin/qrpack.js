#!/usr/bin/env node
// The installed `qrpack` command: the CLI as built by `npm run build` (out/main/cli.js).
await import('../out/main/cli.js');
