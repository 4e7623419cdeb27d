import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startHttpTransport } from '../../electron/transport/httpTransport';
import { CHROMIUM, screenshotSizes } from '../support/browser';
import { rendererDir } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// zh-CN on a machine with no Chinese font of its own: Chromium is given a fontconfig that knows
// only DejaVu (Latin), and every Chinese character on every screen must still be drawn — by the
// Noto Sans SC the app ships for its labels.

const LATIN_FONTS = '/usr/share/fonts/truetype/dejavu';
const ROUTES = ['batches', 'templates', 'products', 'rules', 'testers', 'log', 'account'] as const;

test('zh-CN screens draw every Chinese character with the shipped font where the system has none', { skip: !fs.existsSync(LATIN_FONTS) && `no Latin-only font folder at ${LATIN_FONTS} to build a CJK-less machine from` }, async () => {
  const dir = tempDir();
  const config = path.join(dir, 'fonts.conf');
  fs.writeFileSync(config, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/conf.d</include><dir>${LATIN_FONTS}</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`);
  const env = { ...process.env, FONTCONFIG_FILE: config };
  // The machine as Chromium sees it has no font for Chinese at all.
  assert.equal(execFileSync('fc-list', [':lang=zh'], { env, encoding: 'utf8' }).trim(), '');

  const app = testApp({ dataDir: tempDir(), systemLocale: 'zh_CN.UTF-8' });
  const transport = await startHttpTransport({ app, rendererDir });
  after(() => transport.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, env, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  after(() => browser.close());
  const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  /** The fonts Chromium drew an element's text with, as it reports them (asked again while a re-render leaves none). */
  const fontsOf = async (selector: string) => {
    for (let attempt = 0; ; attempt++) {
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = nodeId ? await cdp.send('CSS.getPlatformFontsForNode', { nodeId }) : { fonts: [] };
      if (fonts.length || attempt === 5) return fonts;
      await page.waitForTimeout(200);
    }
  };
  await page.goto(transport.url);
  for (const route of ROUTES) {
    await page.getByTestId(`nav-${route}`).click();
    await page.locator('h1').waitFor();
    await page.waitForTimeout(300);
    await page.evaluate(() => document.fonts.ready);
    // Every element whose own text has Chinese in it, with how many Chinese characters that is.
    const probes = await page.evaluate(() => {
      const han = /[\u3000-\u9fff\uff00-\uffef]/g;
      for (const marked of document.querySelectorAll('[data-cjk-probe]')) marked.removeAttribute('data-cjk-probe');
      let n = 0;
      const found: { id: number; chinese: number; text: string }[] = [];
      for (const element of document.querySelectorAll('body *')) {
        const own = [...element.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent ?? '').join('');
        const chinese = own.match(han)?.length ?? 0;
        if (!chinese || !element.checkVisibility() || !element.getClientRects().length) continue;
        element.setAttribute('data-cjk-probe', String(n));
        found.push({ id: n++, chinese, text: own.trim().slice(0, 30) });
      }
      return found;
    });
    assert.ok(probes.length > 5, `${route}: Chinese on screen`);
    for (const probe of probes) {
      const fonts = await fontsOf(`[data-cjk-probe="${probe.id}"]`);
      const shipped = fonts.filter((f) => f.isCustomFont && /Noto Sans SC/i.test(f.familyName)).reduce((n, f) => n + f.glyphCount, 0);
      // The fonts reported are those of the element's text and its children's: at least its own Chinese.
      assert.ok(shipped >= probe.chinese, `${route}: "${probe.text}" (${probe.chinese} Chinese) drawn with ${JSON.stringify(fonts)}`);
    }
    await screenshotSizes(page, `no-cjk-font-${route}-zh-CN`);
  }
});
