// Walks a generated Allure 3 report in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core: no browser download) and writes down what a person sees:
// every test result's title, status, steps, attachments and history, the Graphs page's
// trend, and for one failing result its differences table and metric plot.
// The Python test decides what is right; this script only looks.
// usage: node report_browser.mjs <index.html url> <plan.json> <screenshot folder>
//   plan.json: {"results": [{"title", "id"}], "failing": {"title", "id", "plot"}}
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, planFile, shots] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run'],
});
const seen = { results: {}, errors: [] };
const fileName = (title) => title.replace(/[^A-Za-z0-9_.-]+/g, '--');
const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);
const counter = async (tab) => {
  const count = tab.locator('[data-testid="counter"]');
  return (await count.count()) ? Number(await count.first().innerText()) : 0;
};

async function lookAtResult(page, { title, id }) {
  await page.goto(`${base}#${id}`);
  const heading = byTestId(page, 'test-result-info-title');
  await heading.filter({ hasText: title }).first().waitFor({ timeout: 20000 });
  const status = await page.locator('[data-testid^="test-result-status-"]').first()
    .getAttribute('data-testid');
  const steps = await byTestId(page, 'test-result-step-title').allInnerTexts();
  const history = await counter(byTestId(page, 'test-result-tab-history'));
  const attachmentsTab = byTestId(page, 'test-result-tab-attachments');
  const attachmentCount = await counter(attachmentsTab);
  await page.screenshot({ path: join(shots, `${fileName(title)}.png`) });
  await attachmentsTab.click();
  const rows = byTestId(page, 'test-result-attachment-header');
  await rows.first().waitFor({ timeout: 10000 });
  const attachments = await rows.allInnerTexts();
  return {
    status: status.replace('test-result-status-', ''), steps, history, attachmentCount,
    attachments: attachments.map((text) => text.split('\n').map((s) => s.trim()).filter(Boolean)),
  };
}

async function lookAtFailure(page, { title, id, plot }) {
  await page.goto(`${base}#${id}`);
  await byTestId(page, 'test-result-info-title').filter({ hasText: title }).first()
    .waitFor({ timeout: 20000 });
  const found = {};
  found.category = await page.getByText('Category: Parity drift').first().isVisible();
  // The Attachments tab lists every attachment flat, whatever steps are collapsed.
  await byTestId(page, 'test-result-tab-attachments').click();
  await page.getByText('differences', { exact: true }).first().click();
  const table = page.frameLocator('iframe[title="HTML attachment"]')
    .locator('table.parity-differences');
  await table.first().waitFor({ timeout: 10000 });
  found.differences = (await table.first().innerText()).slice(0, 2000);
  await page.getByText(`metric ${plot}`, { exact: true }).first().click();
  const image = page.locator('img').last();
  await image.waitFor({ timeout: 10000 });
  await image.scrollIntoViewIfNeeded();
  found.plotWidth = await image.evaluate((img) => img.naturalWidth);
  await page.screenshot({ path: join(shots, 'failing-scenario.png'), fullPage: true });
  return found;
}

async function lookAtTrend(page) {
  await page.goto(`${base}#charts`);
  const card = page.locator('div').filter({ has: page.getByText('Status dynamics', { exact: true }) })
    .filter({ has: page.locator('svg') }).last();
  await card.waitFor({ timeout: 20000 });
  await page.screenshot({ path: join(shots, 'trend.png'), fullPage: true });
  // Each run is one labelled bar on the x axis; the newest is labelled "Latest".
  const labels = await card.locator('svg text').allTextContents();
  return { labels };
}

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  for (const result of plan.results) {
    try {
      seen.results[result.title] = await lookAtResult(page, result);
    } catch (error) {
      seen.errors.push(`${result.title}: ${error.message.split('\n')[0]}`);
    }
  }
  seen.failing = await lookAtFailure(page, plan.failing);
  seen.trend = await lookAtTrend(page);
} catch (error) {
  seen.errors.push(error.message.split('\n')[0]);
} finally {
  await browser.close();
  console.log(JSON.stringify(seen));
}
