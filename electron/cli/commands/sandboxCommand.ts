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
    '               [--push-url URL --push-token TOKEN [--push-aes-key KEY]]',
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
    '  --push-url URL       act as WeChat\'s push side: POST each scan (scan_product_callback) and card',
    '                       claim (user_get_card) to the message server at URL (qrpack serve), signed',
    '  --push-token TOKEN   that server\'s Token (3–32 letters or digits)',
    '  --push-aes-key KEY   its EncodingAESKey: pushes in safe mode, encrypted for --appid',
    'Prints "listening http://127.0.0.1:PORT" and the AppID/AppSecret, then serves until stopped.',
    'At run time: POST /sandbox/faults {latencyMs, failRates, quotaCalls, invalidateTokens, reviewDelayMs,',
    'depositAnswer: "lists"|"counts"|"bare" (how card/code/deposit answers: each documented form)},',
    'POST /sandbox/scan {keystandard, keystr, extinfo, openid?} to simulate a scan (pushed, with the verdict',
    'in its answer), POST /sandbox/card/claim {ticket, openid?}, POST /sandbox/push {url, token,',
    'encodingAesKey?, appId?} (an empty url stops pushing), GET /sandbox/state.',
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
    'push-url': { type: 'string' },
    'push-token': { type: 'string' },
    'push-aes-key': { type: 'string' },
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
    const pushUrl = values['push-url'] as string | undefined;
    if (pushUrl === undefined && (values['push-token'] !== undefined || values['push-aes-key'] !== undefined)) {
      throw new UsageError({ en: '--push-token and --push-aes-key need --push-url', 'zh-CN': '--push-token 和 --push-aes-key 需要同时给出 --push-url' });
    }
    if (pushUrl !== undefined) {
      if (!/^https?:\/\/\S+$/.test(pushUrl) || !URL.canParse(pushUrl)) throw new UsageError({ en: '--push-url is an http:// or https:// address', 'zh-CN': '--push-url 须为 http:// 或 https:// 地址' });
      if (!/^[A-Za-z0-9]{3,32}$/.test((values['push-token'] as string | undefined) ?? '')) throw new UsageError({ en: '--push-token is 3–32 letters or digits (the Token given to qrpack serve)', 'zh-CN': '--push-token 为 3–32 位字母或数字(即给 qrpack serve 的 Token)' });
      const aesKey = values['push-aes-key'] as string | undefined;
      if (aesKey !== undefined && !/^[A-Za-z0-9+/]{43}$/.test(aesKey)) throw new UsageError({ en: '--push-aes-key is the 43-character EncodingAESKey given to qrpack serve', 'zh-CN': '--push-aes-key 为给 qrpack serve 的 43 位 EncodingAESKey' });
    }
    const sandbox = await startSandbox({
      push: pushUrl === undefined ? undefined : { url: pushUrl, token: values['push-token'] as string, encodingAesKey: values['push-aes-key'] as string | undefined },
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
    if (pushUrl !== undefined) ctx.out(`pushing to ${pushUrl}${values['push-aes-key'] === undefined ? '' : ' (safe mode)'}`);
    await untilStopped();
    await sandbox.close();
    return 0;
  },
};
