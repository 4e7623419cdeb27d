import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { openUi, screenshot, screenshotSizes, SCREEN_SIZES } from '../support/browser';
import { cupsMissing, startCups } from '../support/cups';
import { BRAND_INFO } from '../support/sandbox';
import { tempDir } from '../support/tempDir';

// #27's plain words and layout, in both languages at both window sizes: results where the person
// acted, counts in words, names instead of raw values, the zh-CN tables at 1024 × 640.

const LANGUAGES = [
  { lang: 'en', systemLocale: 'en-US', locale: 'en-US' },
  { lang: 'zh-CN', systemLocale: 'zh_CN.UTF-8', locale: 'zh-CN' },
] as const;
const SMALL = SCREEN_SIZES[1];
const PREFIX = 'https://qr.brand.example/p/';

/** Whether the element is wholly inside the window as it is scrolled now (where the person looks). */
const inWindow = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((element) => {
    const r = element.getBoundingClientRect();
    return r.top >= -1 && r.bottom <= innerHeight + 1 ? true : `${Math.round(r.top)}–${Math.round(r.bottom)} of ${innerHeight}`;
  });

/** What the window shows, at each size (not the whole page: the point is what is in view). */
async function windowShots(page: Page, name: string) {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}x${size.height}`, { fullPage: false });
  }
}

/** The lines an element's text is laid out on (1: it does not wrap). */
const textLines = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((elements) =>
    elements.map((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return { text: (element.textContent ?? '').trim(), lines: new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size };
    }),
  );

for (const { lang, systemLocale, locale } of LANGUAGES) {
  test(`Batches (${lang}): a deposit's confirmation says what a deposit does; Reconcile's result under its row, in view; tags whole, rows lined up at 1024 × 640`, async () => {
    const { page, app } = await openUi({ systemLocale, locale });
    // A Mini Program code batch (its tag) and a product batch (its row's buttons) in the list.
    await app.dispatch('saveJumpRule', { rule: { prefix: PREFIX, path: 'pages/product/index', openVersion: 'release', exclusive: false, debugUrls: [`${PREFIX}T-1`] }, edit: false });
    await app.dispatch('publishJumpRule', { prefix: PREFIX });
    const jump = await app.dispatch('planJumpBatch', { prefix: PREFIX, source: { kind: 'pattern', pattern: 'S{seq:4}', start: 1, count: 5, step: 1 } });
    assert.ok(jump.ok);
    const product = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Shelf run', source: { kind: 'pattern', pattern: 'SH-{seq:3}', start: 1, count: 5, step: 1 } });
    await app.batches.run(product.id);
    await page.setViewportSize(SMALL);

    await page.getByTestId('kind-card').click();
    await page.locator('select#batch-card').selectOption(SANDBOX_DEMO_CARD_ID);
    await page.locator('#batch-pattern').fill('DP-{seq:4}');
    await page.locator('#batch-count').fill('12');
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByTestId('plan-batch').click();
    const depositRow = page.locator('[data-batch-id="3"][data-state="done"]');
    await depositRow.waitFor({ timeout: 30_000 });
    if (lang === 'en') {
      assert.match(question, new RegExp(`^Deposit 12 codes into the card ${SANDBOX_DEMO_CARD_ID} on the sandbox`));
      assert.match(question, /Depositing hands these codes to WeChat, which keeps them and gives one to each person who receives the card\. No QR code is made yet/);
    } else {
      assert.match(question, new RegExp(`把 12 个 code 导入卡券 ${SANDBOX_DEMO_CARD_ID}吗`));
      assert.match(question, /导入就是把这些 code 交给微信保管/);
    }
    assert.doesNotMatch(question, /belongs to this product|永久属于该商品/);

    await page.getByTestId('reconcile-3').click();
    const result = page.getByTestId('row-result-3');
    await result.getByText(lang === 'en' ? `Card ${SANDBOX_DEMO_CARD_ID}: WeChat holds 12, the log has 12 deposited` : `卡券 ${SANDBOX_DEMO_CARD_ID}`, { exact: false }).first().waitFor();
    assert.equal(await inWindow(page, 'row-result-3'), true, 'the result is in view, under the row whose button was pressed');
    assert.equal(await page.locator('.screen > .notice').count(), 0, 'nothing at the top of the page');
    await windowShots(page, `batches-reconcile-${lang}`);

    await page.setViewportSize(SMALL);
    // The tags stay whole words; every cell of a row — the buttons' too — shares the row's lines.
    const tags = await textLines(page, '[data-testid="batch-table"] .tag');
    assert.ok(tags.length >= 2, JSON.stringify(tags));
    assert.deepEqual(tags.filter((t) => t.lines !== 1), [], 'a tag on one line');
    const misaligned = await page.locator('[data-testid="batch-table"] tr[data-batch-id]').evaluateAll((rows) =>
      rows.flatMap((row) => {
        const cells = [...row.children].map((cell) => cell.getBoundingClientRect());
        const off = cells.filter((c) => Math.abs(c.top - cells[0]!.top) > 0.5 || Math.abs(c.bottom - cells[0]!.bottom) > 0.5);
        return off.length ? [row.getAttribute('data-batch-id')] : [];
      }),
    );
    assert.deepEqual(misaligned, [], 'every cell of a row starts and ends on the row\'s lines');
    // A product key breaks after its standard if it must, never inside its digits ("…304272 / 0").
    const keys = await textLines(page, '[data-testid="batch-table"] .product-key');
    assert.ok(keys.length >= 1, JSON.stringify(keys));
    assert.deepEqual(keys.filter((k) => k.lines !== 1), [], 'a product key\'s digits on one line');
    const width = await page.getByTestId('batch-table').evaluate((table) => ({ table: table.scrollWidth, panel: table.parentElement!.clientWidth }));
    assert.ok(width.table <= width.panel, `the list fits its panel, buttons and all: ${JSON.stringify(width)}`);
    await screenshotSizes(page, `batches-rows-${lang}`);
  });

  test(`Log (${lang}): newest codes first, one-line headers and states, date fields like the others at 1024 × 640; Verify again told on its row; a message stays on its tab`, async () => {
    const { page, app } = await openUi({ systemLocale, locale });
    const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Log run', source: { kind: 'pattern', pattern: 'LG-{seq:3}', start: 1, count: 30, step: 1 } });
    await app.batches.run(batch.id);
    const out = path.join(tempDir(), 'log-run.pdf');
    await app.exports.export({ batchId: batch.id, template: defaultTemplate('avery-l7651'), out, verify: 'off' });
    await app.exports.export({ batchId: batch.id, template: defaultTemplate('avery-l7651'), out: path.join(tempDir(), 'log-run-again.pdf'), verify: 'off' });
    await page.setViewportSize(SMALL);
    await page.getByTestId('nav-log').click();
    await page.locator('[data-extinfo]').first().waitFor();
    assert.equal(await page.locator('[data-extinfo]').first().getAttribute('data-extinfo'), 'LG-030', 'the newest code first');

    const headers = await textLines(page, '[data-testid="code-table"] th');
    assert.deepEqual(headers.filter((h) => h.text && h.lines !== 1), [], 'every column header on one line');
    const states = await textLines(page, '[data-testid="code-table"] tbody td:nth-child(4)');
    assert.deepEqual(states.filter((s) => s.lines !== 1), [], 'every state on one line');
    // A button's words stay whole: "清除扫码记录" on one line, never "录" alone under it.
    const buttons = await textLines(page, '[data-testid="code-table"] td.actions button');
    assert.ok(buttons.length >= 1);
    assert.deepEqual(buttons.filter((b) => b.lines > (lang === 'en' ? 2 : 1)), [], 'a button\'s words whole');
    const fits = await page.getByTestId('code-table').evaluate((table) => table.scrollWidth <= table.parentElement!.clientWidth);
    assert.ok(fits, 'the code list fits its panel');
    const heights = await page.locator('#log-search, #log-batch, #log-status, #log-since, #log-until').evaluateAll((fields) => fields.map((f) => Math.round(f.getBoundingClientRect().height)));
    assert.equal(new Set(heights).size, 1, `the filters are as tall as each other: ${heights.join(', ')}`);
    await screenshotSizes(page, `log-codes-${lang}`);

    await page.getByTestId('tab-exports').click();
    const range = await page.getByTestId('export-table').locator('tbody tr').nth(0).locator('td').nth(4).innerText();
    assert.match(range, lang === 'en' ? /^1–30 · 1 page reprint\non Avery L7651 38\.1×21\.2 mm, 65-up$/ : /^1–30 · 1 页 补印\n标签纸 Avery L7651 38\.1×21\.2 毫米,每张 65 枚$/);
    await page.getByTestId('verify-again-1').click();
    const row = page.locator('.row-result');
    await row.getByText(lang === 'en' ? 'Export 1: 30 labels decode to their logged codes, as the file is now.' : '导出 1', { exact: false }).waitFor({ timeout: 60_000 });
    assert.ok(await row.evaluate((element) => element.getBoundingClientRect().bottom <= innerHeight), 'told on the row, in view');
    await windowShots(page, `log-verify-again-row-${lang}`);
    await page.getByTestId('tab-codes').click();
    await page.getByTestId('tab-exports').click();
    await page.getByTestId('verify-again-1').waitFor();
    assert.equal(await page.getByTestId('notice').count(), 0, 'the message went with the tab it was given on');
  });

  test(`New batch (${lang}): a product key that cannot be is told beside the Product field`, async () => {
    const { page } = await openUi({ systemLocale, locale });
    await page.locator('#batch-product').fill('6900873042720');
    await page.getByTestId('plan-batch').click();
    await page
      .getByTestId('field-error-product')
      .getByText(lang === 'en' ? 'Write the product as standard:code, e.g. ean13:6900873042720.' : 'ean13:6900873042720', { exact: false })
      .waitFor();
    await page.locator('#batch-product').fill('ean13:69008730');
    await page.getByTestId('plan-batch').click();
    await page.getByTestId('field-error-product').getByText(lang === 'en' ? 'An EAN-13 barcode (ean13) is 13 digits; "69008730" is not.' : 'EAN-13 条码(ean13)应为13 位数字', { exact: false }).waitFor();
    const [field, error] = await Promise.all([page.locator('#batch-product').boundingBox(), page.getByTestId('field-error-product').boundingBox()]);
    assert.ok(field && error && error.y - (field.y + field.height) < 60, 'right under the field');
    // The extinfo group's heading starts on the line of the labels above and below it.
    const lefts = await page.locator('label[for="batch-product"], fieldset.field > legend, label[for="batch-pattern"]').evaluateAll((labels) =>
      labels.map((l) => {
        const text = document.createRange();
        text.selectNodeContents(l);
        return Math.round(text.getClientRects()[0]!.left);
      }),
    );
    assert.ok(lefts.length >= 3 && new Set(lefts).size === 1, `headings at ${lefts.join(', ')}`);
    await screenshotSizes(page, `batch-product-error-${lang}`);
  });

  test(`Testers and Products (${lang}): landing-page scenes in words, the tester sheet's need of an unpublished product, a product titled as soon as it is created`, async () => {
    const { page, app } = await openUi({ systemLocale, locale });
    await page.getByTestId('nav-testers').click();
    const scenes = await page.locator('#landing-scene option').allInnerTexts();
    assert.equal(scenes.length, 7);
    assert.deepEqual(scenes.filter((s) => /SCENE_/.test(s)), [], 'no raw value');
    assert.ok(scenes.includes(lang === 'en' ? 'A printed QR code' : '二维码(印刷品)'), scenes.join(' / '));
    // The sandbox's one product is published: none to choose, and the hint says why and what to do.
    await page.getByTestId('tester-product-hint').getByText(lang === 'en' ? 'No unpublished product: a tester sheet needs one. Create the product on Products' : '没有未发布的商品:测试标签页需要一个', { exact: false }).waitFor();
    await screenshotSizes(page, `testers-hints-${lang}`);
    // A panel's result under its own button, not at the top of the page.
    await page.locator('#wl-username').fill('alice_w');
    await page.getByTestId('save-whitelist').click();
    await page.getByTestId('whitelist-editor').getByTestId('notice').getByText(lang === 'en' ? 'The whitelist was saved (1 tester).' : '白名单已保存', { exact: false }).waitFor();
    assert.equal(await page.locator('.screen > .notice').count(), 0);

    const created = await app.dispatch('createProduct', { keystandard: 'ean13', keystr: '6901234567892', brandInfo: { ...BRAND_INFO, base_info: { ...BRAND_INFO.base_info, title: '新品 New arrival' } } });
    assert.ok(created.ok, JSON.stringify(created));
    await page.getByTestId('nav-products').click();
    await page.getByTestId('product-table').getByText('新品 New arrival').waitFor();
    await page.getByTestId('nav-testers').click();
    await page.locator('#tester-product').selectOption('ean13:6901234567892');
    await page.getByTestId('tester-product-hint').getByText(lang === 'en' ? 'A tester sheet is for a product not published yet' : '测试标签页用于尚未发布的商品', { exact: false }).waitFor();
    await screenshotSizes(page, `testers-unpublished-${lang}`);
    await page.getByTestId('nav-products').click();
    await page.getByTestId('product-table').getByText('新品 New arrival').waitFor();
    await screenshotSizes(page, `products-created-${lang}`);
  });

  test(`Account (${lang}): in a browser, where no AppSecret can be kept, the form says what works instead before one is typed`, async () => {
    const { page } = await openUi({ systemLocale, locale, cipher: null });
    await page.getByTestId('nav-account').click();
    await page.getByTestId('add-account').click();
    const told = page.getByTestId('no-secret-storage');
    await told.waitFor();
    const text = await told.innerText();
    assert.match(text, /QRPACK_APPSECRET/);
    assert.match(text, lang === 'en' ? /desktop app keeps it in the system's keychain.*The brand's token service/s : /QR Pack 桌面版.*品牌方的令牌服务/s);
    await screenshotSizes(page, `account-no-secret-storage-${lang}`);
  });

  test(`Products and Account (${lang}): a result is told under the button pressed, in view, at both window sizes`, async () => {
    const { page } = await openUi({ systemLocale, locale });
    /** The one message on the page: right under the button pressed, in the window. */
    const toldUnder = async (button: ReturnType<Page['getByTestId']>, text: string, name: string) => {
      const notice = page.getByTestId('notice');
      await notice.getByText(text, { exact: false }).waitFor();
      assert.equal(await notice.count(), 1);
      assert.equal(await page.locator('.screen > .notice').count(), 0, 'nothing at the top of the page');
      // Pressed at 1024 × 640: in view as it is told, without scrolling.
      // Under the button and right under the row of buttons it is in (which may wrap onto two lines).
      const [pressed, buttons, told] = [await button.boundingBox(), await button.locator('xpath=..').boundingBox(), await notice.boundingBox()];
      assert.ok(pressed && buttons && told && told.y >= pressed.y + pressed.height - 1 && told.y - (buttons.y + buttons.height) < 30, `under the button: ${JSON.stringify({ pressed, buttons, told })}`);
      assert.equal(await inWindow(page, 'notice'), true, 'in view');
      // A resized window keeps its scroll: the line is brought back into view as the app does when it tells it.
      for (const size of SCREEN_SIZES) {
        await page.setViewportSize(size);
        await notice.evaluate((line) => line.scrollIntoView({ block: 'nearest' }));
        await screenshot(page, `${name}-${lang}-${size.width}x${size.height}`, { fullPage: false });
      }
      await page.setViewportSize(SMALL);
    };
    await page.setViewportSize(SMALL);
    await page.getByTestId('nav-products').click();
    await page.locator('[data-keystr="6900873042720"]').click();
    const detail = page.getByTestId('product-detail');
    const unpublish = detail.getByRole('button', { name: lang === 'en' ? 'Unpublish' : '取消发布' });
    await unpublish.click();
    await toldUnder(unpublish, lang === 'en' ? '6900873042720 was unpublished.' : '6900873042720 已取消发布。', 'products-unpublished');
    // The editor's result comes back to the product's own buttons once the editor closes.
    await page.getByTestId('edit-product').click();
    await page.getByTestId('create-product').click();
    await toldUnder(page.getByTestId('edit-product'), lang === 'en' ? 'Nothing was changed' : '没有任何修改', 'products-unchanged');

    await page.getByTestId('nav-account').click();
    await page.getByTestId('add-account').click();
    await page.getByTestId('save-account').click();
    await toldUnder(page.getByTestId('save-account'), lang === 'en' ? 'Please correct the highlighted fields.' : '请修改标出的字段。', 'account-form-refused');
  });
}

const missing = cupsMissing();
const cups = missing ? undefined : await startCups(tempDir());
after(() => cups?.stop());
if (cups) process.env.CUPS_SERVER = cups.server;

for (const { lang, systemLocale, locale } of LANGUAGES) {
  test(`Print… (${lang}): the desktop app names its printers and the system dialog; a browser says its own dialog prints, at 100 %`, { skip: missing ?? false }, async () => {
    for (const desktop of [true, false]) {
      const { page, app } = await openUi({
        systemLocale,
        locale,
        ...(desktop ? { desktop: { showItemInFolder: () => undefined, openFile: async () => undefined, chooseSaveFile: async () => null, printFile: async () => undefined } } : {}),
      });
      const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'PF-{seq:3}', start: 1, count: 10, step: 1 } });
      await app.batches.run(batch.id);
      await page.getByTestId(`export-${batch.id}`).click();
      await page.getByTestId('sheet-preview').waitFor();
      await page.getByTestId('run-export').click();
      await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
      assert.match(await page.getByTestId('export-manifest').innerText(), /\.csv$/, 'the manifest written is named');
      await page.getByTestId('print-export').click();
      await page.locator(`#print-printer option[value="${cups!.queue}"]`).waitFor({ state: 'attached' });
      const label = await page.locator('label[for="print-printer"]').innerText();
      const hint = await page.getByTestId('print-dialog-hint').innerText();
      if (desktop) {
        assert.equal(label, lang === 'en' ? 'Printer' : '打印机');
        assert.match(hint, lang === 'en' ? /system's print dialog: there choose Scale 100 %/ : /系统打印对话框:在其中选择 100% 缩放/);
      } else {
        assert.equal(label, lang === 'en' ? 'Printer (of the computer QR Pack runs on)' : '打印机(QR Pack 所在电脑上的)');
        assert.match(hint, lang === 'en' ? /The browser's own print dialog then prints: choose Scale 100 % \(Actual size/ : /由浏览器自己的打印对话框打印:选择 100% 缩放/);
      }
      await screenshotSizes(page, `print-form-${desktop ? 'desktop' : 'browser'}-${lang}`);
    }
  });
}
