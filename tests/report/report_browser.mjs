// Opens one test result of a generated Allure report in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core: no browser download) and checks that a
// person sees the failure, its differences table and its metric plot.
// usage: node report_browser.mjs <url of index.html#id> <screenshot.png> <title> <plot name>
import { chromium } from 'playwright-core';

const [url, screenshot, title, plot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run'],
});
const seen = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
  await page.goto(url);
  await page.getByText(title, { exact: true }).first().waitFor({ timeout: 20000 });
  seen.title = true;
  seen.failed = await page.getByText('Failed', { exact: true }).first().isVisible();
  seen.category = await page.getByText('Category: Parity drift').first().isVisible();

  await page.getByText('differences', { exact: true }).first().click();
  const table = page.frameLocator('iframe[title="HTML attachment"]').locator('table.parity-differences');
  await table.first().waitFor({ timeout: 10000 });
  seen.differences = (await table.first().innerText()).slice(0, 2000);

  await page.getByText(`metric ${plot}`, { exact: true }).first().click();
  const image = page.locator('img').last();
  await image.waitFor({ timeout: 10000 });
  await image.scrollIntoViewIfNeeded();
  seen.plotWidth = await image.evaluate((img) => img.naturalWidth);
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
  console.log(JSON.stringify(seen));
}
