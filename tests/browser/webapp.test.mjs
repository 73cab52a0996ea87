// The web app in headless chromium: a round of several files (one of them
// broken) in one request, paste, download of the reports, an input error's
// line with a caret, and two revisions compared. Every expectation comes
// from the CLI run on the same files (the web app and the CLI share the
// engine and the reporters). Usage: node webapp.test.mjs BUDGETCHECK REPO_ROOT ARTEFACTS
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { check, equal, summary, cli, startServer } from './lib.mjs';

const [binary, root, artefacts] = process.argv.slice(2);
if (!binary || !root || !artefacts) {
  console.error('usage: node webapp.test.mjs BUDGETCHECK REPO_ROOT ARTEFACTS');
  process.exit(2);
}
fs.mkdirSync(artefacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budgetcheck-webapp-'));
const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budgetcheck-webapp-cwd-'));
// The files under the names the browser sends (base names), so the CLI run
// in `work` reports them under the same names.
for (const f of ['vss-2024.json', 'socialnamnden-2019.json']) fs.copyFileSync(path.join(root, 'samples', f), path.join(work, f));
fs.copyFileSync(path.join(root, 'tests/revisions/vss-2024-new.json'), path.join(work, 'vss-2024-new.json'));
const brokenText = '{\n  "municipality": "linkoping",\n  "budget_year": 2024,,\n}\n';
fs.writeFileSync(path.join(work, 'broken.json'), brokenText);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const server = await startServer(binary, [], { cwd: serverDir });
const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, acceptDownloads: true });
const pageErrors = [];
page.on('console', (m) => { if (m.type() === 'error' && !/status of (400|422)/.test(m.text())) pageErrors.push(m.text()); });
page.on('pageerror', (e) => pageErrors.push(String(e)));
await page.goto(server.url);
await page.waitForFunction(() => document.querySelectorAll('#policy option').length > 1);

async function settled() {
  await page.waitForFunction(() => /pass|fail|error/.test(document.getElementById('status').className));
}
async function download(id) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
  return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
}
// The excerpt the page drew: its two lines, as text.
async function excerptLines(li) {
  return (await li.locator('pre.excerpt').first().textContent()).split('\n');
}

// 1. A round: three files in one request, one of them broken.
{
  const names = ['vss-2024.json', 'socialnamnden-2019.json', 'broken.json'];
  const want = JSON.parse(cli(binary, ['validate', ...names, '--format', 'json'], work).stdout);
  await page.evaluate(() => { document.getElementById('status').className = ''; });
  await page.setInputFiles('#file', names.map((n) => path.join(work, n)));
  await settled();
  const items = page.locator('#results li');
  equal('round: one result per file, in order', await items.evaluateAll((els) => els.map((e) => e.dataset.file)), names);
  equal('round: verdicts as the CLI gives them', await items.evaluateAll((els) => els.map((e) => e.dataset.verdict)),
    want.files.map((f) => f.summary.verdict));
  equal('round: classes', await items.evaluateAll((els) => els.map((e) => e.className)), ['pass', 'fail', 'error']);
  const vssLine = await items.nth(0).textContent();
  check('round: a checked file shows its counts', vssLine.includes(`${want.files[0].summary.warnings} varningar`), vssLine);
  // The summary line after the results: the CLI's counts of files.
  const s = want.summary;
  equal('round: summary verdict', await page.locator('#status').getAttribute('data-verdict'), s.verdict);
  const statusText = await page.locator('#status').textContent();
  check('round: summary line', statusText.startsWith(`${s.files} filer: ${s.passed} godkänd, ${s.failed} underkänd, ${s.not_checked} inte kontrollerad`), statusText);
  check('round: summary after the results', await page.evaluate(() =>
    document.getElementById('results').compareDocumentPosition(document.getElementById('status')) === Node.DOCUMENT_POSITION_FOLLOWING));
  // The broken file: the message with line and column, then the line and a caret under the column.
  const broken = items.nth(2);
  const e = want.files[2].errors[0];
  const brokenLine = await broken.locator('span.line').textContent();
  check('round: input error with line and column', brokenLine.includes(`rad ${e.line}, kolumn ${e.column}`) && brokenLine.includes(`[${e.code}]`), brokenLine);
  const [lineRow, caretRow] = await excerptLines(broken);
  equal('round: the offending line', lineRow, `${e.line} | ${brokenText.split('\n')[e.line - 1]}`);
  equal('round: the caret under the column', caretRow.indexOf('^'), `${e.line} | `.length + e.column - 1);
  equal('round: one caret', (caretRow.match(/\^/g) || []).length, 1);
  // The caret is drawn under the character, not only counted.
  const boxes = await broken.locator('pre.excerpt').first().evaluate((pre, column) => {
    const text = pre.childNodes[1];  // after the gutter: the line (ASCII here, so code points = UTF-16 units)
    const range = document.createRange();
    range.setStart(text, column - 1); range.setEnd(text, column);
    return { char: range.getBoundingClientRect().left, caret: pre.querySelector('.caret').getBoundingClientRect().left };
  }, e.column);
  check('round: caret aligned with the column', Math.abs(boxes.char - boxes.caret) < 2, JSON.stringify(boxes));
  // The round's report: the CLI's HTML, with an overview row per file.
  const frame = page.frameLocator('#report');
  await frame.locator('table.overview').waitFor();
  equal('round: overview rows', await frame.locator('table.overview tbody tr').count(), 3);
  check('round: report shown', await page.locator('#report').isVisible());
  await page.screenshot({ path: path.join(artefacts, 'app-round.png'), fullPage: false });
  // Downloads: byte for byte what the CLI writes for the same files.
  const html = await download('#download-html');
  equal('round: HTML download name', html.name, 'budgetcheck-rapport.html');
  const cliHtml = cli(binary, ['validate', ...names, '--format', 'html'], work).stdout;
  check('round: HTML download equals the CLI report', html.text === cliHtml, `${html.text.length} vs ${cliHtml.length} bytes`);
  const json = await download('#download-json');
  equal('round: JSON download name', json.name, 'budgetcheck-rapport.json');
  check('round: JSON download equals the CLI report', json.text === cli(binary, ['validate', ...names, '--format', 'json'], work).stdout);
}

// 1b. English: the language switch checks the round again, every text in English.
{
  await page.evaluate(() => { document.getElementById('status').className = ''; });
  await page.selectOption('#lang', 'en');
  await settled();
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('3 files'));
  const statusText = await page.locator('#status').textContent();
  check('round en: summary line', statusText.startsWith('3 files: 1 passed, 1 failed, 1 not checked'), statusText);
  const brokenLine = await page.locator('#results li[data-file="broken.json"] span.line').textContent();
  check('round en: input error in English', /could not be checked: .*\(line 3, column 23\) \[json\./.test(brokenLine), brokenLine);
  await page.frameLocator('#report').locator('html[lang="en"]').waitFor();
  check('round en: the form in English', (await page.locator('#paste-summary').textContent()) === 'Paste JSON');
  await page.selectOption('#lang', 'sv');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('3 filer'));
}

// 2. Paste: the text area, checked as one file.
{
  const text = fs.readFileSync(path.join(root, 'samples/socialnamnden-2019.json'), 'utf8');
  fs.writeFileSync(path.join(work, 'inklistrad.json'), text);
  const want = JSON.parse(cli(binary, ['validate', 'inklistrad.json', '--format', 'json'], work).stdout);
  await page.evaluate(() => { document.getElementById('paste-box').open = true; document.getElementById('status').className = ''; });
  await page.fill('#paste', text);
  await page.click('#paste-check');
  await settled();
  equal('paste: one result', await page.locator('#results li').evaluateAll((els) => els.map((e) => e.dataset.file)), ['inklistrad.json']);
  equal('paste: verdict', await page.locator('#status').getAttribute('class'), want.files[0].passed ? 'pass' : 'fail');
  await page.frameLocator('#report').locator('section.file[data-file="inklistrad.json"]').waitFor();
  // A pasted broken text with a tab: the caret keeps the tab, so it stands under the column.
  await page.evaluate(() => { document.getElementById('status').className = ''; });
  const tabbed = '{\n\t"budget_year": 2024 2025\n}';
  fs.writeFileSync(path.join(work, 'tabbed.json'), tabbed);
  const column = JSON.parse(cli(binary, ['validate', 'tabbed.json', '--format', 'json'], work).stdout).files[0].errors[0].column;
  await page.fill('#paste', tabbed);
  await page.click('#paste-check');
  await page.waitForFunction(() => document.getElementById('status').className === 'error');
  const li = page.locator('#results li').first();
  const [lineRow, caretRow] = await excerptLines(li);
  equal('paste: broken line shown', lineRow, '2 | \t"budget_year": 2024 2025');
  equal('paste: caret line keeps the tab', caretRow, '  | \t' + ' '.repeat(column - 2) + '^');
  check('paste: report hidden when nothing could be checked', !(await page.locator('#report').isVisible()));
  await page.screenshot({ path: path.join(artefacts, 'app-paste-error.png') });
}

// 3. Two revisions compared: the page shows `budgetcheck diff`'s HTML.
{
  const args = ['diff', 'vss-2024.json', 'vss-2024-new.json'];
  const run = cli(binary, [...args, '--format', 'json'], work);
  const want = JSON.parse(run.stdout);
  await page.fill('#paste', '');
  await page.evaluate(() => {
    document.getElementById('paste-box').open = false;
    document.getElementById('compare-box').open = true;
    document.getElementById('status').className = '';
  });
  await page.setInputFiles('#old-file', path.join(work, 'vss-2024.json'));
  await page.setInputFiles('#new-file', path.join(work, 'vss-2024-new.json'));
  await page.click('#compare-run');
  await settled();
  equal('compare: a new error fails', await page.locator('#status').getAttribute('class'), run.status === 0 ? 'pass' : 'fail');
  equal('compare: the CLI exit code is 1', run.status, 1);
  const frame = page.frameLocator('#report');
  await frame.locator('table.amounts').waitFor();
  equal('compare: amount rows', await frame.locator('table.amounts tbody tr').count(), want.amounts.length);
  equal('compare: finding rows by status', await frame.locator('table.findings tbody tr').evaluateAll((els) => els.map((e) => e.className)),
    want.findings.map((f) => f.status));
  const statusText = await page.locator('#status').textContent();
  check('compare: summary line', statusText.includes(`${want.summary.findings.new} nytt`) && statusText.includes(`${want.summary.findings.fixed} åtgärdat`), statusText);
  const json = await download('#download-json');
  check('compare: JSON download equals the CLI', json.text === run.stdout);
  const html = await download('#download-html');
  check('compare: HTML download equals the CLI', html.text === cli(binary, [...args, '--format', 'html'], work).stdout);
  await page.screenshot({ path: path.join(artefacts, 'app-diff-full.png'), fullPage: true });
  // The part docs/report.md shows: from the comparison form down.
  const top = await page.locator('#compare-box').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  await page.screenshot({ path: path.join(artefacts, 'app-diff.png'), fullPage: true, clip: { x: 0, y: top - 10, width: 1200, height: 1150 } });
  // A broken new revision: its line and caret, no diff.
  await page.evaluate(() => { document.getElementById('status').className = ''; });
  await page.setInputFiles('#new-file', path.join(work, 'broken.json'));
  await page.click('#compare-run');
  await page.waitForFunction(() => document.getElementById('status').className === 'error');
  equal('compare: the broken file named', await page.locator('#results li').evaluateAll((els) => els.map((e) => e.dataset.file)), ['broken.json']);
  equal('compare: its caret', (await excerptLines(page.locator('#results li').first()))[1].indexOf('^'), '3 | '.length + brokenText.split('\n')[2].indexOf(',,') + 1);
  check('compare: no diff shown', !(await page.locator('#report').isVisible()));
}
equal('app: no console errors (CSP, scripts)', pageErrors, []);
await page.close();

// 4. The limits of the multi-file endpoints (docs/api.md).
{
  const form = (fields) => {
    const f = new FormData();
    for (const [name, text, filename] of fields) f.append(name, new Blob([text], { type: 'application/json' }), filename);
    return f;
  };
  const vss = fs.readFileSync(path.join(root, 'samples/vss-2024.json'), 'utf8');
  const post = async (p, body, headers = {}) => {
    const r = await fetch(server.url + p.replace(/^\//, ''), { method: 'POST', body, headers });
    return { status: r.status, body: await r.json() };
  };
  const many = Array.from({ length: 21 }, (_, i) => ['file', '{}', `f${i}.json`]);
  const tooMany = await post('/api/round', form(many));
  equal('limits: 21 files are refused', [tooMany.status, tooMany.body.error.code], [413, 'http.too-many-files']);
  const twenty = await post('/api/round', form(many.slice(0, 20)));
  equal('limits: 20 files are checked', [twenty.status, twenty.body.files.length], [200, 20]);
  const json = await post('/api/round', vss, { 'Content-Type': 'application/json' });
  equal('limits: round needs multipart', [json.status, json.body.error.code], [415, 'http.unsupported-media-type']);
  const none = await post('/api/round', form([]));
  equal('limits: no file', none.status === 400 || none.status === 415, true);
  const stray = await post('/api/round', form([['other', vss, 'a.json']]));
  equal('limits: unknown field', [stray.status, stray.body.error.code], [400, 'http.bad-parameter']);
  const three = await post('/api/diff', form([['old', vss, 'a.json'], ['new', vss, 'b.json'], ['new', vss, 'c.json']]));
  equal('limits: diff takes two files', [three.status, three.body.error.code], [400, 'http.bad-parameter']);
  const same = await post('/api/diff', form([['old', vss, 'a.json'], ['new', vss, 'b.json']]));
  equal('diff API: nothing changed', [same.status, same.body.exit_code, same.body.summary.text],
    [200, 0, 'Belopp: 0 ändrade, 0 tillagda, 0 borttagna, ' + JSON.parse(same.body.diff_json).summary.amounts.unchanged + ' oförändrade. Fynd: 0 nya, 0 åtgärdade, ' + JSON.parse(same.body.diff_json).summary.findings.unchanged + ' oförändrade.']);
  const cut = await post('/api/round', '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n{}\r\n--XYZ',
    { 'Content-Type': 'multipart/form-data; boundary=XYZ' });
  equal('limits: multipart without its closing boundary', [cut.status, cut.body.error.code], [400, 'http.bad-multipart']);
  const noBoundary = await post('/api/diff', 'x', { 'Content-Type': 'multipart/form-data' });
  equal('limits: multipart without a boundary', [noBoundary.status, noBoundary.body.error.code], [415, 'http.unsupported-media-type']);
  const get = await fetch(server.url + 'api/round');
  equal('limits: GET /api/round', get.status, 405);
}

equal('app: the server stops cleanly', await server.stop(), 0);
equal('app: nothing written to the server\'s directory', fs.readdirSync(serverDir), []);
await browser.close();
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(serverDir, { recursive: true, force: true });
console.log(`artefacts: ${artefacts}`);
process.exit(summary());
