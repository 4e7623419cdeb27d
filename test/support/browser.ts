import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppOptions } from '../../electron/core/app';
import { startHttpTransport, type HttpTransport } from '../../electron/transport/httpTransport';
import { projectRoot, rendererDir } from './projectPaths';
import { tempDir } from './tempDir';
import { testApp } from './testApp';

export const CHROMIUM = process.env.QRPACK_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = path.join(projectRoot, 'test-results', 'screens');

let browser: Browser | undefined;

/** Debian's Chromium, headless, with no background traffic onto the closed network. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  after(async () => {
    await browser?.close();
    browser = undefined;
  });
  return browser;
}

export interface RunningUi {
  page: Page;
  transport: HttpTransport;
  app: ReturnType<typeof testApp>;
}

/** The real service on a fresh data folder, served over the browser transport, in a new page. */
export async function openUi(options: Partial<AppOptions> & { locale?: string; route?: string } = {}): Promise<RunningUi> {
  const app = testApp({ dataDir: tempDir(), ...options });
  const transport = await startHttpTransport({ app, rendererDir });
  after(() => transport.close());
  const context = await (await launchBrowser()).newContext({ locale: options.locale ?? 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(transport.url);
  if (options.route) await page.getByTestId(`nav-${options.route}`).click();
  return { page, transport, app };
}

/** The two window sizes every screen is looked at in (the brief's 1280×800 and 1024×640). */
export const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const;

/** A screenshot at each of SCREEN_SIZES, named `NAME-WIDTHxHEIGHT`. */
export async function screenshotSizes(page: Page, name: string): Promise<void> {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
}

/** Saves a screenshot under test-results/screens/ for a person to look at: the whole page, or (fullPage false) what the window shows. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}
