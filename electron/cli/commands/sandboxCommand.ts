import { parseFailRate } from '../../sandbox/sandboxFaults';
import { startSandbox } from '../../sandbox/sandboxServer';
import { untilStopped, UsageError, type Command } from '../command';
import { optionalWholeNumber } from '../optionValues';

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: {
    en: 'Run the local stand-in for the WeChat APIs (for rehearsals and tests)',
    'zh-CN': '运行本地的微信接口模拟服务(用于演练和测试)',
  },
  usage: [
    'qrpack sandbox [--port N] [--appid ID] [--secret S] [--latency-ms N] [--fail CODE:RATE ...]',
    '               [--token-ttl-s N] [--review-delay-ms N] [--quota N] [--seed N] [--data DIR]',
    '  --port N             listen on 127.0.0.1:N (default: a free port)',
    '  --appid ID           the AppID it accepts (default wx5a4db0c0de000001)',
    '  --secret S           the AppSecret it accepts (default: generated, kept in --data)',
    '  --latency-ms N       add N ms to every answer',
    '  --fail CODE:RATE     answer API calls with errcode CODE at RATE (0–1); repeatable, e.g. --fail -1:0.03',
    '  --token-ttl-s N      access tokens expire after N seconds (default 7200)',
    '  --review-delay-ms N  how long a submitted product stays in review (default 3000)',
    '  --quota N            answer 45009 (daily quota) after N API calls',
    '  --seed N             seed for --fail draws, to repeat a run exactly',
    '  --data DIR           keep products, cards and rules in DIR across restarts (default: memory only)',
    'Prints "listening http://127.0.0.1:PORT" and the AppID/AppSecret, then serves until stopped.',
    'At run time: POST /sandbox/faults {latencyMs, failRates, quotaCalls, invalidateTokens, reviewDelayMs,',
    'depositAnswer: "lists"|"counts"|"bare" (how card/code/deposit answers: each documented form)},',
    'POST /sandbox/scan {keystandard, keystr, extinfo} to simulate a scan, GET /sandbox/state.',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    appid: { type: 'string' },
    secret: { type: 'string' },
    'latency-ms': { type: 'string' },
    fail: { type: 'string', multiple: true },
    'token-ttl-s': { type: 'string' },
    'review-delay-ms': { type: 'string' },
    quota: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(ctx, values) {
    const failRates: Record<number, number> = {};
    for (const spec of (values.fail as string[] | undefined) ?? []) {
      try {
        const [code, rate] = parseFailRate(spec);
        failRates[code] = rate;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    const sandbox = await startSandbox({
      port: optionalWholeNumber('port', values.port, { min: 0, max: 65535 }),
      appId: values.appid as string | undefined,
      secret: values.secret as string | undefined,
      tokenTtlS: optionalWholeNumber('token-ttl-s', values['token-ttl-s'], { min: 1 }),
      reviewDelayMs: optionalWholeNumber('review-delay-ms', values['review-delay-ms'], { min: 0 }),
      seed: optionalWholeNumber('seed', values.seed),
      faults: {
        latencyMs: optionalWholeNumber('latency-ms', values['latency-ms'], { min: 0, max: 60_000 }) ?? 0,
        failRates,
        quotaCalls: optionalWholeNumber('quota', values.quota, { min: 0 }) ?? null,
      },
      // Only an explicit --data keeps state; otherwise the sandbox lives in memory.
      dataDir: values.data === undefined ? undefined : ctx.dataDir,
    });
    ctx.out(`listening ${sandbox.url}`);
    ctx.out(`appid ${sandbox.appId}`);
    ctx.out(`secret ${sandbox.secret}`);
    await untilStopped();
    await sandbox.close();
    return 0;
  },
};
