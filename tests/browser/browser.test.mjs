// Real-browser tests: headless Debian chromium driven by playwright-core.
// Loads the HTML report of every sample and the web app of `budgetcheck
// serve`, uploads each sample, and checks the verdict, the findings and the
// charts against the CLI's own JSON output. Screenshots and PDFs go to the
// artefacts folder. Usage: node browser.test.mjs BUDGETCHECK REPO_ROOT ARTEFACTS
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { check, equal, summary, cli, startServer, years, firedYears } from './lib.mjs';

const [binary, root, artefacts] = process.argv.slice(2);
if (!binary || !root || !artefacts) {
  console.error('usage: node browser.test.mjs BUDGETCHECK REPO_ROOT ARTEFACTS');
  process.exit(2);
}
fs.mkdirSync(artefacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budgetcheck-browser-'));
// Workbooks uploaded in the app: kept to the end, since the page reads a
// chosen file again when the language changes.
const books = fs.mkdtempSync(path.join(os.tmpdir(), 'budgetcheck-books-'));
const samples = fs.readdirSync(path.join(root, 'samples')).filter((f) => f.endsWith('.json')).sort();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// What the CLI says about a file (the JSON report) and the charts it should get.
function expectations(file, extraArgs = []) {
  const json = JSON.parse(cli(binary, ['validate', file, '--format', 'json', ...extraArgs], root).stdout);
  const result = json.files[0];
  const submission = JSON.parse(fs.readFileSync(path.resolve(root, file), 'utf8'));
  const ys = years(submission);
  const pack = result.policy_pack
    ? JSON.parse(fs.readFileSync(path.join(root, 'rules/policies', result.policy_pack, 'policy.json'), 'utf8')) : null;
  const revenueFunded = submission.organisation.funding === 'revenue';
  const charts = {
    investments: firedYears(result.findings, 'investments', 'investment.', ys),
  };
  // No chart of zeros: a revenue-funded board's net-cost frame chart is left
  // out when its net cost and frame are 0; it gets revenue against costs.
  const frame = pack?.organisations?.[submission.organisation.id]?.operating_frame?.amounts ?? {};
  const result_ = submission.operating?.summary?.stated_total?.result ?? submission.business_areas?.stated_total?.result ?? {};
  const zeroOperating = revenueFunded && !submission.operating?.within_frame
    && ys.every((y) => !Number(frame[y] ?? 0) && !Number(result_[y] ?? 0));
  if (!zeroOperating) charts.operating = firedYears(result.findings, 'operating', 'operating.', ys);
  if (revenueFunded && submission.business_areas) {
    charts['revenue-cost'] = firedYears(result.findings, 'business_areas/stated_total', '\u0000', ys);
  }
  // Result per area: a chart only when some area's result is not 0.
  const areaResult = (a, y) => a.result?.[y] ?? ((a.revenue?.[y] ?? 0) - (a.cost?.[y] ?? 0));
  if (revenueFunded && submission.business_areas?.areas?.some((a) => ys.some((y) => areaResult(a, y) !== 0))) {
    charts['business-areas'] = firedYears(result.findings, 'business_areas', 'self-cost.', ys);
  }
  if (submission.equity?.amounts && submission.equity?.turnover) {
    charts.equity = firedYears(result.findings, 'equity', 'equity.', ys);
  }
  if (pack?.mandatory_indicators?.length) charts.medarbetare = null;  // grid: fired years not derived here
  // The counts every format shows come from the JSON report's summary (waived findings apart).
  const { errors, warnings, notices } = result.summary;
  return { result, submission, years: ys, charts, counts: { errors, warnings, notices }, lang: json.lang };
}

// Item 1 and 2 of issue 15: ordered for action, findings in the document's terms.
async function checkActionOrder(name, target, want) {
  const open = want.result.findings.filter((f) => !f.waiver);
  // The order of the parts: verdict, "Att åtgärda", errors, warnings, notices (folded).
  const order = await target.locator('p.verdict, section.to-fix, section.severity, details.severity').evaluateAll(
    (els) => els.map((e) => e.matches('p.verdict') ? 'verdict' : e.matches('section.to-fix') ? 'to-fix' : e.dataset.severity));
  const parts = ['verdict'];
  if (open.some((f) => f.severity !== 'notice')) parts.push('to-fix');
  for (const s of ['error', 'warning', 'notice']) if (open.some((f) => f.severity === s)) parts.push(s);
  if (want.result.findings.some((f) => f.waiver)) parts.push('waived');
  equal(`${name}: parts in order for action`, order, parts);
  equal(`${name}: notices folded`, await target.locator('details.severity[open]').count(), 0);
  // "Att åtgärda": per rule, how many, which years, and the largest |difference|
  // the rule gave (JSON "difference"), else the largest amount of the cells.
  const rows = new Map();
  const submission = want.submission;
  const factor = { kr: 1, tkr: 1000, mnkr: 1000000 }[submission.unit];
  for (const f of open.filter((x) => x.severity !== 'notice')) {
    const key = `${f.severity} ${f.rule}`;
    const row = rows.get(key) ?? { rule: f.rule, severity: f.severity, count: 0, years: new Set(), difference: null, amount: null };
    row.count += 1;
    if (f.year !== null) row.years.add(f.year);
    if (f.difference !== undefined && (row.difference === null || Math.abs(f.difference) > row.difference)) row.difference = Math.abs(f.difference);
    const m = /^(.*)\/(\d{4})$/.exec(f.pointer);
    const series = m && m[1].split('/').slice(1).reduce((v, t) => v?.[t.replace(/~1/g, '/').replace(/~0/g, '~')], submission);
    const v = series && typeof series === 'object' ? series[m[2]] : undefined;
    if (typeof v === 'number') {
      const kronor = Math.round(v * factor);
      if (row.amount === null || Math.abs(kronor) > Math.abs(row.amount)) row.amount = kronor;
    }
    rows.set(key, row);
  }
  const largest = (r) => r.difference !== null ? [String(r.difference), 'difference'] : r.amount !== null ? [String(r.amount), 'amount'] : ['', ''];
  const wantRows = [...rows.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
    .map((r) => [r.rule, r.severity, String(r.count), [...r.years].sort().join(' '), ...largest(r)]);
  const shownRows = await target.locator('table.to-fix tbody tr').evaluateAll((els) => els.map((e) =>
    [e.dataset.rule, e.dataset.severity, e.dataset.count, e.dataset.years.replace(/, /g, ' '), e.dataset.largest, e.dataset.largestKind]));
  equal(`${name}: att åtgärda`, shownRows, wantRows);
  // Each finding names its place (the CLI's "place") and, when it is about a
  // year of a row, shows that row with the year's cell marked.
  const shown = await target.locator('li.finding').evaluateAll((els) => els.map((e) => ({
    rule: e.dataset.rule,
    place: e.dataset.place,
    year: e.dataset.year ? Number(e.dataset.year) : null,
    marked: [...(e.closest('.row-group')?.querySelectorAll('table.row td.marked') ?? [])].map((td) => Number(td.dataset.year)),
    table: !!e.closest('.row-group'),
  })));
  equal(`${name}: places`, shown.map((s) => `${s.rule} ${s.place}`).sort(),
    want.result.findings.map((f) => `${f.rule} ${f.place}`).sort());
  const rowsWithYear = want.result.findings.filter((f) => f.year !== null && /\/\d{4}$/.test(f.pointer)).length;
  equal(`${name}: findings on a row's year show it marked`,
    shown.filter((s) => s.year !== null && s.marked.includes(s.year)).length >= rowsWithYear, true);
  // Swedish throughout: no English value words in a Swedish report.
  if (want.lang !== 'en') {
    const values = (await target.locator('li.finding .values, table.row td').allTextContents()).join(' ');
    check(`${name}: no English value words`, !/\b(absent|present|blank|missing|integer|string|boolean)\b/.test(values), values.slice(0, 200));
  }
}

// The printed pages the errors and warnings take: the report printed without
// the notices and what follows them (waived findings, charts, the footer).
async function pagesBeforeNotices(page) {
  await page.evaluate(() => {
    for (const e of document.querySelectorAll('details.severity, section.charts, footer')) e.remove();
  });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

// Checks one rendered report (a Page or a Frame) against the expectations.
async function checkReport(name, target, want) {
  const verdict = target.locator('p.verdict').first();
  equal(`${name}: verdict`, await verdict.getAttribute('data-verdict'), want.result.passed ? 'pass' : 'fail');
  equal(`${name}: counts`, {
    errors: Number(await verdict.getAttribute('data-errors')),
    warnings: Number(await verdict.getAttribute('data-warnings')),
    notices: Number(await verdict.getAttribute('data-notices')),
  }, want.counts);
  check(`${name}: verdict visible`, await verdict.isVisible());
  equal(`${name}: findings shown`, await target.locator('li.finding').count(), want.result.findings.length);
  const shownRules = await target.locator('li.finding').evaluateAll((els) => els.map((e) => e.dataset.rule));
  equal(`${name}: rules of the findings`, [...shownRules].sort(), want.result.findings.map((f) => f.rule).sort());
  // Every finding message appears, as text.
  const messages = await target.locator('li.finding .message').evaluateAll((els) => els.map((e) => e.textContent));
  for (const f of want.result.findings.slice(0, 20)) {
    check(`${name}: message of ${f.rule} ${f.pointer}`, messages.some((m) => m.includes(f.message)), f.message);
  }
  await checkActionOrder(name, target, want);
  const rulesWithoutExplain = await target.locator('section.rule').evaluateAll(
    (els) => els.filter((e) => !e.querySelector('.explain p:not(.explain-head)')).map((e) => e.dataset.rule));
  equal(`${name}: every rule section explains its rule`, rulesWithoutExplain, []);
  // Snippets: each finding with a line shows the line with a highlighted value.
  const withLine = want.result.findings.filter((f) => f.line > 0).length;
  equal(`${name}: highlighted snippets`, await target.locator('li.finding pre.snippet mark').count(), withLine);

  // Charts: the expected set, each drawn with one group per year.
  const figures = await target.locator('figure.chart').evaluateAll((els) => els.map((e) => ({
    kind: e.dataset.chart,
    years: Number(e.dataset.years),
    groups: [...e.querySelectorAll('svg g.year')].map((g) => Number(g.dataset.year)),
    fired: [...e.querySelectorAll('svg g.year[data-fired="true"]')].map((g) => Number(g.dataset.year)),
    height: e.querySelector('svg').getBoundingClientRect().height,
    role: e.querySelector('svg').getAttribute('role'),
    labelled: (e.querySelector('svg').getAttribute('aria-labelledby') || '').split(' ')
      .every((id) => { const el = document.getElementById(id); return el && el.textContent.trim().length > 10; }),
  })));
  equal(`${name}: charts`, figures.map((f) => f.kind).sort(), Object.keys(want.charts).sort());
  for (const f of figures) {
    equal(`${name}: ${f.kind} chart years`, f.groups, want.years);
    equal(`${name}: ${f.kind} data-years`, f.years, want.years.length);
    check(`${name}: ${f.kind} chart rendered`, f.height > 80, `height ${f.height}`);
    check(`${name}: ${f.kind} chart has a text alternative`, f.role === 'img' && f.labelled);
    if (want.charts[f.kind]) equal(`${name}: ${f.kind} marked years`, [...f.fired].sort(), want.charts[f.kind]);
  }
  // Legends never overlap: no two legend labels' boxes intersect.
  const overlaps = await target.locator('figure.chart').evaluateAll((els) => els.flatMap((e) => {
    const boxes = [...e.querySelectorAll('text.legend-label')].map((t) => t.getBoundingClientRect());
    const out = [];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]; const b = boxes[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${e.dataset.chart} ${i}/${j}`);
      }
    }
    return out;
  }));
  equal(`${name}: legends do not overlap`, overlaps, []);
  // The indicator grid: "saknas" (red) only in a year a rule requires (the
  // years it published as medarbetare.required-targets in the JSON report)
  // or one an error or warning concerns.
  const grid = target.locator('figure[data-chart="medarbetare"]');
  if (await grid.count()) {
    const required = want.result.figures.filter((f) => f.id === 'medarbetare.required-targets').map((f) => f.year).sort();
    equal(`${name}: the rule published its required years (budget year, first plan year)`, required, want.years.slice(0, 2));
    const alarms = await grid.locator('g.year').evaluateAll((gs) => gs.flatMap((g) =>
      [...g.querySelectorAll('rect.cell.alarm')].map((r) => ({ year: Number(g.dataset.year), row: Number(r.dataset.row) }))));
    const firedYearsAll = new Set(want.result.findings.filter((f) => !f.waiver && f.severity !== 'notice' && f.year !== null
      && f.pointer.startsWith('/indicators/')).map((f) => f.year));
    equal(`${name}: grid alarms only in required or fired years`,
      alarms.filter((a) => !required.includes(a.year) && !firedYearsAll.has(a.year)), []);
    const heads = await grid.locator('g.year > text').allTextContents();
    equal(`${name}: grid marks the required years`, heads.filter((t) => t.includes('*')).map((t) => Number(t.slice(0, 4))), required);
  }
  equal(`${name}: no scripts in the report`, await target.locator('script').count(), 0);
}

// 1. The report files, one per sample, Swedish.
for (const sample of samples) {
  const file = `samples/${sample}`;
  const want = expectations(file);
  const out = path.join(work, sample.replace('.json', '.html'));
  const run = cli(binary, ['validate', file, '--format', 'html', '--output', out], root);
  equal(`${sample}: exit code of --format html`, run.status, want.result.passed ? 0 : 1);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(pathToFileURL(out).href);
  equal(`${sample}: html lang`, await page.locator('html').getAttribute('lang'), 'sv');
  equal(`${sample}: one h1`, await page.locator('h1').count(), 1);
  check(`${sample}: organisation shown`, (await page.locator('h1').textContent()).includes(want.submission.organisation.name));
  check(`${sample}: KF decision shown`, (await page.locator('table.facts-table').textContent()).includes(want.submission.kf_decision.date));
  check(`${sample}: policy pack shown`, (await page.locator('table.facts-table').textContent()).includes(want.result.policy_pack));
  await checkReport(sample, page, want);
  equal(`${sample}: no requests but the file`, requests, [pathToFileURL(out).href]);
  equal(`${sample}: no console errors`, consoleErrors, []);
  await page.screenshot({ path: path.join(artefacts, `report-${sample.replace('.json', '')}.png`), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  check(`${sample}: prints to A4 PDF`, pdf.length > 10000 && pdf.subarray(0, 5).toString() === '%PDF-');
  fs.writeFileSync(path.join(artefacts, `report-${sample.replace('.json', '')}.pdf`), pdf);
  const pages = await pagesBeforeNotices(page);
  check(`${sample}: errors and warnings on the first two A4 pages`, pages <= 2, `${pages} pages`);
  await page.close();
}

// 2. English, and the batch overview.
{
  const out = path.join(work, 'batch-en.html');
  cli(binary, ['validate', ...samples.map((s) => `samples/${s}`), '--format', 'html', '--lang', 'en', '--output', out], root);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(pathToFileURL(out).href);
  equal('batch: html lang', await page.locator('html').getAttribute('lang'), 'en');
  const rows = page.locator('table.overview tbody tr');
  equal('batch: one overview row per submission', await rows.count(), samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const want = expectations(`samples/${samples[i]}`, ['--lang', 'en']);
    const row = rows.nth(i);
    equal(`batch: row ${i + 1} file`, await row.getAttribute('data-file'), `samples/${samples[i]}`);
    equal(`batch: row ${i + 1} verdict`, (await row.locator('td.verdict-cell').textContent()).trim(), want.result.passed ? 'Passes' : 'Fails');
    const href = await row.locator('a').getAttribute('href');
    equal(`batch: row ${i + 1} links to its section`, await page.locator(`${href}[data-file="samples/${samples[i]}"]`).count(), 1);
    await checkReport(`batch ${samples[i]}`, page.locator(href), want);
  }
  await page.locator('table.overview a').nth(samples.length - 1).click();
  check('batch: the link scrolls to the section', await page.evaluate(() => window.scrollY > 500));
  await page.screenshot({ path: path.join(artefacts, 'report-batch-en.png') });
  await page.close();
}

// 3. Untrusted text stays text: a name and a goal link holding markup.
{
  const submission = JSON.parse(fs.readFileSync(path.join(root, 'samples/vss-2024.json'), 'utf8'));
  const evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
  submission.organisation.name = `VSS ${evil}`;
  submission.goals[0].name = `Mål ${evil}`;
  submission.goals[0].indicators = ["finns-inte"];  // goals.has-indicator quotes the goal name
  submission.equity = { amounts: { 2024: 5, 2025: 4, 2026: 3, 2027: 2, 2028: 1, 2029: 1 },
    turnover: { 2024: 100, 2025: 100, 2026: 100, 2027: 100, 2028: 100, 2029: 100 } };
  const file = path.join(work, 'evil.json');
  fs.writeFileSync(file, JSON.stringify(submission, null, 2));
  const out = path.join(work, 'evil.html');
  cli(binary, ['validate', file, '--format', 'html', '--output', out], root);
  const want = expectations(file);
  const page = await browser.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.goto(pathToFileURL(out).href);
  equal('untrusted: no script ran', await page.evaluate(() => window.__xss), undefined);
  equal('untrusted: no img element injected', await page.locator('img').count(), 0);
  check('untrusted: the name is shown as text', (await page.locator('h1').textContent()).includes(evil));
  check('untrusted: a finding quotes the markup as text',
    (await page.locator('li.finding').allTextContents()).some((t) => t.includes('<script>')));
  equal('untrusted: no dialogs', dialogs, 0);
  await checkReport('equity', page, want);
  const equity = page.locator('figure[data-chart="equity"]');
  check('equity: cap drawn', await equity.locator('line.limit').count() === want.years.length);
  check('equity: 5 % over the cap is marked', (await equity.locator('g.year[data-fired="true"]').count()) >= 1);
  await equity.screenshot({ path: path.join(artefacts, 'chart-equity.png') });
  await page.close();
}

// 4. The web app: pick each sample, drop one, and a broken file.
{
  const server = await startServer(binary, [], { cwd: work });
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const consoleErrors = [];
  // The broken upload's 400 is expected; anything else (CSP, script errors) is not.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(server.url);
  equal('app: title', await page.title(), 'budgetcheck – kontrollera ett budgetunderlag');
  await page.waitForFunction(() => document.querySelectorAll('#policy option').length > 1);
  for (const sample of samples) {
    const want = expectations(`samples/${sample}`);
    await page.evaluate(() => { document.getElementById('status').textContent = ''; });
    await page.setInputFiles('#file', path.join(root, 'samples', sample));
    await page.waitForFunction(() => /pass|fail|error/.test(document.getElementById('status').className));
    equal(`app ${sample}: status`, await page.locator('#status').getAttribute('class'), want.result.passed ? 'pass' : 'fail');
    const frame = page.frameLocator('#report');
    await frame.locator('p.verdict').waitFor();
    await checkReport(`app ${sample}`, frame.locator('html'), want);
    await page.screenshot({ path: path.join(artefacts, `app-${sample.replace('.json', '')}.png`), fullPage: true });
  }
  // An Excel workbook (issue 16): the export of a sample, uploaded as bytes;
  // the verdict is the CLI's for the same workbook, findings name cells.
  {
    const book = path.join(books, 'vss-2024.xlsx');
    equal('app xlsx: export', cli(binary, ['export', 'samples/vss-2024.json', '--output', book], root).status, 0);
    const json = JSON.parse(cli(binary, ['validate', book, '--format', 'json'], root).stdout);
    await page.evaluate(() => { document.getElementById('status').className = ''; });
    await page.setInputFiles('#file', book);
    await page.waitForFunction(() => /pass|fail|error/.test(document.getElementById('status').className));
    equal('app xlsx: status', await page.locator('#status').getAttribute('class'), json.files[0].passed ? 'pass' : 'fail');
    const cells = json.files[0].findings.map((f) => f.cell).filter(Boolean);
    check('app xlsx: the CLI gives findings cells', cells.length > 0 && cells.length === json.files[0].findings.filter((f) => f.pointer).length);
    const html = await page.frameLocator('#report').locator('html').innerHTML();
    check('app xlsx: the report shows a finding\'s cell', cells.length > 0 && html.includes(cells[0]), cells[0]);
  }
  // English, by dropping a file on the drop zone.
  await page.selectOption('#lang', 'en');
  await page.frameLocator('#report').locator('html[lang="en"]').waitFor();
  const text = fs.readFileSync(path.join(root, 'samples/socialnamnden-2019.json'), 'utf8');
  await page.evaluate((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'socialnamnden-2019.json', { type: 'application/json' }));
    document.getElementById('status').className = '';
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(() => /pass|fail|error/.test(document.getElementById('status').className));
  const frame = page.frameLocator('#report');
  await frame.locator('html[lang="en"] section.file[data-file="socialnamnden-2019.json"]').waitFor();
  check('app drop: English report', (await frame.locator('p.verdict').textContent()).startsWith('Fails'));
  // A broken file: a clear message with line and column, no report.
  fs.writeFileSync(path.join(work, 'broken.json'), '{\n  "municipality": "linkoping",\n  "budget_year": 2024,,\n}');
  await page.setInputFiles('#file', path.join(work, 'broken.json'));
  await page.waitForFunction(() => document.getElementById('status').className === 'error');
  const message = await page.locator('#status').textContent();
  check('app: malformed JSON explained with line and column', /line 3, column \d+/.test(message) && message.includes('json.'), message);
  check('app: report hidden after an error', !(await page.locator('#report').isVisible()));
  await page.screenshot({ path: path.join(artefacts, 'app-error.png') });
  equal('app: no console errors (CSP, scripts)', consoleErrors, []);
  await page.close();
  equal('app: the server stops cleanly', await server.stop(), 0);
  equal('app: nothing written to the working directory', fs.readdirSync(work).filter((f) => !/\.(html|json)$/.test(f)), []);
}

await browser.close();
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(books, { recursive: true, force: true });
console.log(`artefacts: ${artefacts}`);
process.exit(summary());
