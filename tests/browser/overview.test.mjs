// The round's overview (validate --format overview) in headless Chromium: a
// batch of every sample plus a broken file. Each row's verdict, counts and
// frame use against the CLI's JSON report (its summary and figures); the broken
// file reads "Ej kontrollerad"; each row links to its section of the HTML
// report written beside it; the page runs nothing and loads nothing else.
// Usage: node overview.test.mjs BUDGETCHECK REPO_ROOT ARTEFACTS
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { check, equal, summary, cli } from './lib.mjs';

const [binary, root, artefacts] = process.argv.slice(2);
if (!binary || !root || !artefacts) {
  console.error('usage: node overview.test.mjs BUDGETCHECK REPO_ROOT ARTEFACTS');
  process.exit(2);
}
fs.mkdirSync(artefacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budgetcheck-overview-'));
const round = path.join(work, 'runda');
fs.mkdirSync(round);
for (const f of fs.readdirSync(path.join(root, 'samples')).filter((n) => n.endsWith('.json'))) {
  fs.copyFileSync(path.join(root, 'samples', f), path.join(round, f));
}
fs.writeFileSync(path.join(round, 'trasig.json'), '{"organisation": {"name": "Trasig"},\n  "budget_year": 2024,,\n}\n');

const run = cli(binary, ['validate', 'runda', '--format', 'json', '--output', 'rapport.json', '--format', 'html', '--output',
  'rapport.html', '--format', 'overview', '--output', 'oversikt.html'], work);
equal('a batch with a broken file exits 2', run.status, 2);
const json = JSON.parse(fs.readFileSync(path.join(work, 'rapport.json'), 'utf8'));
cli(binary, ['validate', 'runda', '--lang', 'en', '--format', 'overview', '--output', 'overview-en.html'], work);

const verdictWord = { passed: 'Godkänd', failed: 'Underkänd', 'not-checked': 'Ej kontrollerad' };
// "464 532 tkr" as the overview shows tkr (exact; a part of a tkr with three decimals).
const tkr = (kronor) => {
  const whole = Math.trunc(Math.abs(kronor) / 1000).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const rest = Math.abs(kronor) % 1000;
  return `${kronor < 0 ? '\u2212' : ''}${whole}${rest ? ',' + String(rest).padStart(3, '0') : ''} tkr`;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const url = pathToFileURL(path.join(work, 'oversikt.html')).href;
  await page.goto(url);
  equal('overview: no scripts', await page.locator('script').count(), 0);
  equal('overview: one row per file', await page.locator('tr[data-file]').count(), json.files.length);

  for (const [index, file] of json.files.entries()) {
    const row = page.locator(`tr[data-file="${file.file}"]`);
    const cells = await row.locator('th, td').evaluateAll((els) => els.map((e) => e.textContent));
    const name = `overview ${file.file}`;
    equal(`${name}: verdict`, cells[2], verdictWord[file.summary.verdict]);
    check(`${name}: visible`, await row.isVisible());
    if (file.summary.verdict === 'not-checked') {
      check(`${name}: never 'Underkänd'`, !cells.join(' ').includes('Underkänd'));
      equal(`${name}: no counts or frames`, cells.slice(3), Array(11).fill('–'));
    } else {
      const s = file.summary;
      equal(`${name}: counts`, cells.slice(3, 7).map(Number), [s.errors, s.warnings, s.notices, s.waived]);
      // The budget year's figures, as the rules published them.
      const year = Math.min(...file.figures.map((f) => f.year));
      equal(`${name}: year`, Number(cells[7]), year);
      for (const [id, at] of [['operating.frame', 8], ['investment.frame', 11]]) {
        const f = file.figures.find((g) => g.id === id && g.year === year);
        const want = f ? [tkr(f.amount), f.limit === null ? '–' : tkr(f.limit)] : ['–', '–'];
        equal(`${name}: ${id}`, cells.slice(at, at + 2), want);
        if (f && f.limit > 0) {
          const pct = (Math.round((f.amount * 1000) / f.limit) / 10).toFixed(1).replace('.', ',');
          check(`${name}: ${id} share`, cells[at + 2].startsWith(`${pct}\u00a0%`), cells[at + 2]);
          check(`${name}: ${id} over the frame in words`, (f.amount > f.limit) === cells[at + 2].includes('över ramen'));
        }
      }
    }
    // The link to the board's section of the report written beside it.
    equal(`${name}: link`, await row.locator('th a').getAttribute('href'), `rapport.html#file-${index + 1}`);
  }
  // The sums per KF decision and budget year (the round mixes Linköping's and Norrköping's decisions, which are
  // never added together): Socialnämnden alone in 2019, its investments 200 % of KF's frame.
  const totals = await page.locator('tr.total').evaluateAll((els) => els.map((e) => [...e.children].map((c) => c.textContent)));
  equal('overview: sum rows', totals.map((r) => r[0]), ['Summa 2019 (linkoping-2019)', 'Summa 2023 (linkoping-2023)',
    'Summa 2024 (linkoping-2024)', 'Summa 2024 (norrkoping-2023)', 'Alla underlag']);
  equal('overview: 2019 investments', totals[0].slice(11, 13), [tkr(800000), tkr(400000)]);
  check('overview: run verdict line', (await page.locator('p.summary').textContent()).includes('5 filer'));
  await page.screenshot({ path: path.join(artefacts, 'overview.png'), fullPage: true });
  await page.pdf({ path: path.join(artefacts, 'overview.pdf'), format: 'A4', landscape: true });

  // Following a link lands on that submission's section of the report.
  await page.locator('tr[data-file="runda/vss-2024.json"] th a').click();
  await page.waitForLoadState();
  check('overview link: opens the report', page.url().endsWith('rapport.html#file-5'), page.url());
  equal('overview link: the section of that file', await page.locator('section#file-5').getAttribute('data-file'),
    'runda/vss-2024.json');
  check('overview: loads nothing but the pages', requests.every((r) => r.startsWith('file://')), requests.join(' '));
  equal('overview: no console errors', consoleErrors, []);

  await page.goto(pathToFileURL(path.join(work, 'overview-en.html')).href);
  equal('overview en: the broken file', await page.locator('tr[data-file="runda/trasig.json"] td').nth(1).textContent(),
    'Not checked');
  equal('overview en: no links without an HTML report beside it', await page.locator('tr[data-file] a').count(), 0);
} finally {
  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(summary());
