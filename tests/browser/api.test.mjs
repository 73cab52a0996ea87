// API tests with a real HTTP client (node's fetch and raw sockets) against
// `budgetcheck serve` started here on a free loopback port.
// Usage: node api.test.mjs BUDGETCHECK REPO_ROOT
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { check, equal, summary, cli, startServer } from './lib.mjs';

const [binary, root] = process.argv.slice(2);
if (!binary || !root) {
  console.error('usage: node api.test.mjs BUDGETCHECK REPO_ROOT');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budgetcheck-api-'));
const samples = fs.readdirSync(path.join(root, 'samples')).filter((f) => f.endsWith('.json')).sort();
const LIMIT = 600000;  // --max-request-size for this server
const server = await startServer(binary, ['--max-request-size', String(LIMIT), '--timeout', '2', '--threads', '8'], { cwd: work });
const base = server.url;
const hostHeader = new URL(base).host;  // "127.0.0.1:PORT": the only Host it answers, with localhost and [::1]
check('binds to loopback by default', base.startsWith('http://127.0.0.1:'), base);

const post = (query, body, type = 'application/json') =>
  fetch(`${base}api/validate${query}`, { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body })
    .catch((e) => { console.log(`request ${query} (${String(body).length} bytes) failed: ${e.cause?.code ?? e}`); throw e; });
// Never leave a server behind, whatever happens.
process.on('exit', () => { try { server.proc.kill('SIGKILL'); } catch { /* gone */ } });
const errorOf = async (res) => (await res.json()).error;

// Raw HTTP, for requests fetch will not send.
function raw(request, waitMs = 5000) {
  return new Promise((resolve) => {
    const url = new URL(base);
    const socket = net.connect(Number(url.port), url.hostname);
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ data, closed: false }); }, waitMs);
    socket.on('data', (d) => { data += d; });
    socket.on('close', () => { clearTimeout(timer); resolve({ data, closed: true }); });
    socket.on('error', () => {});
    socket.write(request);
  });
}

// GET /healthz
{
  const res = await fetch(`${base}healthz`);
  equal('healthz status', res.status, 200);
  const body = await res.json();
  equal('healthz body', [body.status, body.policy_packs.length > 0, body.rules > 0], ['ok', true, true]);
  equal('healthz: no-store', res.headers.get('cache-control'), 'no-store');
}

// GET /api/rules, /api/rules/{id}
const listed = cli(binary, ['rules'], root).stdout.split('\n\n')[0].split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
{
  const res = await fetch(`${base}api/rules?lang=en`);
  equal('rules status', res.status, 200);
  const body = await res.json();
  equal('rules: the same ids as `budgetcheck rules`', body.rules.map((r) => r.id), listed);
  check('rules: English titles', body.rules.every((r) => r.title === r.title_en && r.title_sv.length > 0));
  check('rules: packs listed', body.policy_packs.every((p) => p.id && p.municipality && /^\d{4}-\d\d-\d\d$/.test(p.kf_decision_date)));
  for (const id of listed) {
    const one = await fetch(`${base}api/rules/${encodeURIComponent(id)}`);
    const rule = await one.json();
    check(`rule ${id}`, one.status === 200 && rule.id === id && rule.explain === rule.explain_sv && rule.explain.length > 50,
      `${one.status} ${JSON.stringify(rule).slice(0, 200)}`);
  }
  const missing = await fetch(`${base}api/rules/no.such-rule`);
  equal('unknown rule: 404', [missing.status, (await errorOf(missing)).code], [404, 'rule.not-found']);
  const badLang = await fetch(`${base}api/rules?lang=de`);
  equal('rules?lang=de: 400', [badLang.status, (await errorOf(badLang)).code], [400, 'http.bad-parameter']);
}

// POST /api/validate: the same bytes as the CLI, in every format and language.
const expected = {};
for (const sample of samples) {
  const file = `samples/${sample}`;
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  for (const [format, lang] of [['json', 'sv'], ['json', 'en'], ['html', 'sv'], ['html', 'en']]) {
    const want = cli(binary, ['validate', file, '--format', format, '--lang', lang], root);
    const res = await post(`?format=${format}&lang=${lang}&name=${encodeURIComponent(file)}`, text);
    const body = await res.text();
    equal(`${sample} ${format} ${lang}: status`, res.status, 200);
    check(`${sample} ${format} ${lang}: identical to the CLI`, body === want.stdout, `${body.length} vs ${want.stdout.length} bytes`);
    equal(`${sample} ${format} ${lang}: content type`, res.headers.get('content-type'),
      format === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8');
    equal(`${sample} ${format} ${lang}: X-Budgetcheck-Passed`, res.headers.get('x-budgetcheck-passed'), want.status === 0 ? 'true' : 'false');
    if (format === 'json' && lang === 'sv') expected[sample] = { text, body };
  }
}
{
  const res = await post('', expected['vss-2024.json'].text);
  const body = await res.json();
  equal('default name and format', [body.files[0].file, body.lang], ['submission.json', 'sv']);
  const pinned = await (await post('?policy=linkoping-2024', expected['vss-2024.json'].text)).json();
  equal('?policy=<pack id>', pinned.files[0].policy_pack, 'linkoping-2024');
  const other = await (await post('?policy=linkoping-2023', expected['vss-2024.json'].text)).json();
  equal('?policy=<another pack>', other.files[0].policy_pack, 'linkoping-2023');
  for (const bad of ['no-such-pack', '../../../etc/passwd', '/etc/passwd', 'rules/policies/linkoping-2024/policy.json']) {
    const r = await post(`?policy=${encodeURIComponent(bad)}`, expected['vss-2024.json'].text);
    equal(`?policy=${bad}: 400`, [r.status, (await errorOf(r)).code], [400, 'policy.unknown']);
  }
  for (const [query, what] of [['?format=xml', 'format'], ['?lang=fi', 'lang'], [`?name=${'x'.repeat(201)}`, 'name']]) {
    const r = await post(query, expected['vss-2024.json'].text);
    equal(`bad ${what}: 400`, [r.status, (await errorOf(r)).code], [400, 'http.bad-parameter']);
  }
}

// Malformed bodies: 400 with the line and column.
for (const [name, body, code, line, column] of [
  ['syntax', '{\n  "budget_year": 2024,,\n}', 'json.syntax', 2, 23],
  ['duplicate key', '{\n "a": 1,\n "a": 2\n}', 'json.duplicate-key', 3, 2],
  ['truncated', '{"a": [1, 2', 'json.truncated', 1, 12],
  ['trailing', '{} {}', 'json.trailing', 1, 4],
]) {
  const res = await post('', body);
  const e = await errorOf(res);
  equal(`malformed (${name})`, [res.status, e.code, e.line, e.column], [400, code, line, column]);
  check(`malformed (${name}): message`, typeof e.message === 'string' && e.message.length > 10);
}
{
  const empty = await post('', '');
  equal('empty body: 400', [empty.status, (await errorOf(empty)).code], [400, 'json.empty']);
  const wrongType = await post('', expected['vss-2024.json'].text, 'text/plain');
  equal('text/plain: 415', [wrongType.status, (await errorOf(wrongType)).code], [415, 'http.unsupported-media-type']);
  const form = await post('', 'a=b', 'application/x-www-form-urlencoded');
  equal('form body: 415', form.status, 415);
  const charset = await post('', expected['vss-2024.json'].text, 'application/json; charset=utf-8');
  equal('application/json; charset=utf-8 accepted', charset.status, 200);
  const notSubmission = await post('', '{"hello": "world"}');
  const findings = (await notSubmission.json()).files[0].findings;
  check('valid JSON, not a submission: 200 with schema findings', notSubmission.status === 200 && findings.some((f) => f.rule.startsWith('schema.')));
}

// Methods and paths.
for (const [method, url, allow] of [['GET', 'api/validate', 'POST'], ['PUT', 'api/validate', 'POST'], ['DELETE', 'api/rules', 'GET'],
  ['POST', 'healthz', 'GET'], ['PATCH', 'api/rules/equity.cap', 'GET'], ['POST', '', 'GET']]) {
  const res = await fetch(base + url, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
  const e = await errorOf(res);
  equal(`${method} /${url}: 405`, [res.status, e.code, res.headers.get('allow')], [405, 'http.method-not-allowed', allow]);
}
{
  const res = await fetch(`${base}no/such/path`);
  equal('unknown path: 404 JSON', [res.status, (await errorOf(res)).code], [404, 'http.not-found']);
  const page = await fetch(base);
  const html = await page.text();
  check('GET / serves the app page', page.status === 200 && html.includes('id="drop"') && !/\bsrc=["']?https?:/.test(html));
  check('the page has a CSP', (page.headers.get('content-security-policy') || '').includes("default-src 'none'"));
  const head = await fetch(`${base}healthz`, { method: 'HEAD' });
  equal('HEAD /healthz', head.status, 200);
}

// Size limit: 413 with a JSON error, before and after the body is sent.
{
  // Refused on its Content-Length, before the body is read.
  const announced413 = await raw(`POST /api/validate HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${LIMIT + 1}\r\n\r\n{`);
  check('oversized Content-Length: 413 JSON', /^HTTP\/1\.1 413/.test(announced413.data) && announced413.data.includes('"code": "http.too-large"'),
    announced413.data.slice(0, 80));
  // A client that sends the whole oversized body anyway gets the 413, or a
  // reset when the server closes before the body is drained; never a 200.
  const big = JSON.stringify({ padding: 'x'.repeat(LIMIT + 1000) });
  const res = await fetch(`${base}api/validate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big })
    .catch((e) => ({ status: e.cause?.code ?? String(e) }));
  check('oversized body sent anyway: 413 or reset', res.status === 413 || res.status === 'ECONNRESET' || res.status === 'EPIPE', String(res.status));
  equal('healthy after an oversized body', (await fetch(`${base}healthz`)).status, 200);
  const under = JSON.stringify({ padding: 'x'.repeat(LIMIT - 100) });
  const ok = await post('', under);
  equal('a body just under the limit is checked', ok.status, 200);
  const announced = await raw(`POST /api/validate HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${LIMIT * 10}\r\nExpect: 100-continue\r\n\r\n`);
  check('Expect: 100-continue with an oversized length: 413 at once', /^HTTP\/1\.1 413/.test(announced.data), announced.data.slice(0, 80));
}

// Broken HTTP, foreign Host headers, slow clients.
{
  const garbage = await raw('NONSENSE\r\n\r\n');
  check('garbage request line: 400', /^HTTP\/1\.1 400/.test(garbage.data), garbage.data.slice(0, 60));
  // fetch may not set Host; a raw request can, as a DNS-rebinding page would make the browser do.
  const rebinding = await raw('GET /healthz HTTP/1.1\r\nHost: evil.example:8080\r\nConnection: close\r\n\r\n');
  check('foreign Host header: 403', /^HTTP\/1\.1 403/.test(rebinding.data) && rebinding.data.includes('http.host-not-allowed'),
    rebinding.data.slice(0, 80));
  const local = await fetch(`${base.replace('127.0.0.1', 'localhost')}healthz`).catch(() => null);
  check('Host: localhost accepted', local === null || local.status === 200);
  const started = Date.now();
  const slow = await raw(`POST /api/validate HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a"`, 8000);
  const waited = Date.now() - started;
  check('a client that stops sending is cut off by the read timeout (2 s)', slow.closed && waited >= 1500 && waited < 6000, `closed=${slow.closed} after ${waited} ms`);
}

// 50 concurrent requests, each answered with its own sample's report.
{
  const started = Date.now();
  const jobs = Array.from({ length: 50 }, (_, i) => {
    const sample = samples[i % samples.length];
    return post('', expected[sample].text).then(async (res) => ({ sample, status: res.status, body: await res.text() }));
  });
  const results = await Promise.all(jobs);
  const ms = Date.now() - started;
  equal('50 concurrent: all 200', results.filter((r) => r.status === 200).length, 50);
  const wrong = results.filter((r) => {
    const got = JSON.parse(r.body).files[0];
    const want = JSON.parse(expected[r.sample].body).files[0];
    return JSON.stringify(got.findings) !== JSON.stringify(want.findings) || got.policy_pack !== want.policy_pack;
  });
  equal('50 concurrent: each answer matches its submission', wrong.length, 0);
  console.log(`50 concurrent validations: ${ms} ms`);
  const health = await fetch(`${base}healthz`);
  equal('still healthy afterwards', health.status, 200);
}

equal('SIGTERM stops the server with exit code 0', await server.stop(), 0);
equal('nothing written to the working directory', fs.readdirSync(work), []);
fs.rmSync(work, { recursive: true, force: true });

// A busy port is a clear startup error (exit 2).
{
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = blocker.address().port;
  const res = cli(binary, ['serve', '--port', String(port)], root);
  equal('port in use: exit code 2', res.status, 2);
  blocker.close();
}
process.exit(summary());
