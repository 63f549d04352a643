// Drives Debian's Chromium through playwright-core (no browser download):
// signing in through the web app's form, full-page screenshots under
// e2e/screenshots/ (gitignored) and an axe-core check of the page.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(here, '..', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** launch starts headless Chromium with the flags CI needs. */
export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/**
 * signIn opens the app in a new context, types the credentials into the
 * login form and waits for the first page after it. Answers the context,
 * the page and the milliseconds from pressing the button to the first
 * rendered heading.
 */
export async function signIn(browser, url, email, { lang = 'en', viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ viewport });
  // lang null: the browser never chose one, so the app follows the studio's.
  if (lang) await context.addInitScript((l) => localStorage.setItem('studio.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${email}] page error:`, e.message));
  await page.goto(url + '/');
  await page.getByLabel(lang === 'en' ? 'Email' : 'Correo electrónico').fill(email);
  await page.getByLabel(lang === 'en' ? 'Password' : 'Contraseña').fill(DEMO_PASSWORD);
  const t0 = Date.now();
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : 'Entrar' }).click();
  await page.locator('main h1').first().waitFor();
  return { context, page, firstRenderMs: Date.now() - t0 };
}

/** shoot saves a full-page screenshot named after the step. */
export async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

/**
 * axe runs axe-core on the current page and answers its serious and
 * critical violations (id, impact, help, the first offending targets).
 */
export async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
