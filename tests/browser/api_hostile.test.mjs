// `budgetcheck serve` against hostile clients on loopback, bounded in count
// (at most 12 attacking sockets) and time (each phase ends within seconds).
// No timing assertions beyond generous hang guards, each named with its bound.
// Usage: node api_hostile.test.mjs BUDGETCHECK REPO_ROOT
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { check, equal, summary, startServer } from './lib.mjs';

const [binary, root] = process.argv.slice(2);
if (!binary || !root) {
  console.error('usage: node api_hostile.test.mjs BUDGETCHECK REPO_ROOT');
  process.exit(2);
}
const LIMIT = 200000;
const sample = fs.readFileSync(path.join(root, 'samples', 'vss-2024.json'), 'utf8');
const servers = [];
process.on('exit', () => { for (const s of servers) try { s.proc.kill('SIGKILL'); } catch { /* gone */ } });
const start = async (args, limit = LIMIT) => {
  const s = await startServer(binary, ['--max-request-size', String(limit), ...args], { cwd: root });
  servers.push(s);
  return s;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One raw request; resolves with what came back once the server closes (or
// after waitMs, the hang guard). `chunks` are sent `gapMs` apart.
function raw(port, chunks, { waitMs = 8000, gapMs = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let closed = false;
    const began = Date.now();
    const timer = setTimeout(() => { socket.destroy(); resolve({ data, closed, ms: Date.now() - began }); }, waitMs);
    socket.on('data', (d) => { data += d; });
    socket.on('close', () => { closed = true; clearTimeout(timer); resolve({ data, closed, ms: Date.now() - began }); });
    socket.on('error', () => {});
    (async () => {
      for (const chunk of [].concat(chunks)) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await sleep(gapMs);
      }
    })();
  });
}
const statusOf = (r) => Number((/^HTTP\/1\.1 (\d{3})/.exec(r.data) || [])[1] || 0);
const codeOf = (r) => (/"code": "([^"]+)"/.exec(r.data) || [])[1];

const server = await start(['--timeout', '2', '--threads', '2']);
const port = Number(new URL(server.url).port);
const get = (host) => `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

// --- Host: exact, parsed (DNS rebinding) ----------------------------------
for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST.:${port}`, `[::1]:${port}`, `127.1.2.3:${port}`]) {
  const r = await raw(port, get(host));
  equal(`Host ${host}: 200`, statusOf(r), 200);
}
for (const host of [`127.evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`,
  `127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost', `127.1:${port}`, `[::ffff:127.0.0.1]:${port}`, `evil.example:${port}`]) {
  const r = await raw(port, get(host));
  equal(`Host ${host}: 403`, [statusOf(r), codeOf(r)], [403, 'http.host-not-allowed']);
}
{
  const none = await raw(port, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
  equal('no Host: 400', [statusOf(none), codeOf(none)], [400, 'http.host-missing']);
  const two = await raw(port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\n\r\n`);
  equal('two Host headers: 400', [statusOf(two), codeOf(two)], [400, 'http.host-missing']);
  const old = await raw(port, 'GET /healthz HTTP/1.0\r\n\r\n');
  equal('HTTP/1.0 without Host: 400', statusOf(old), 400);
}

// --- Framing: refused from the head, before any body ------------------------
const host = `Host: 127.0.0.1:${port}\r\n`;
const postHead = (headers) => `POST /api/validate HTTP/1.1\r\n${host}${headers}\r\n`;
for (const [name, headers, status, code] of [
  ['two Content-Length', 'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n', 400, 'http.bad-framing'],
  ['different Content-Lengths', 'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 20\r\n', 400, 'http.bad-framing'],
  ['Content-Length not a number', 'Content-Type: application/json\r\nContent-Length: 2x\r\n', 400, 'http.bad-framing'],
  ['negative Content-Length', 'Content-Type: application/json\r\nContent-Length: -1\r\n', 400, 'http.bad-framing'],
  ['Content-Length with chunked', 'Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n', 400, 'http.bad-framing'],
  ['unknown Transfer-Encoding', 'Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n', 400, 'http.bad-framing'],
  ['no length at all', 'Content-Type: application/json\r\n', 411, 'http.length-required'],
  ['Content-Length over the limit', `Content-Type: application/json\r\nContent-Length: ${LIMIT + 1}\r\n`, 413, 'http.too-large'],
  ['Content-Length of 30 digits', 'Content-Type: application/json\r\nContent-Length: 999999999999999999999999999999\r\n', 413, 'http.too-large'],
  // curl --data-binary without -H sends this type: 415, not 413, however large.
  ['form type, 9 KB announced', 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9000\r\n', 415, 'http.unsupported-media-type'],
  ['no Content-Type, 9 KB announced', 'Content-Length: 9000\r\n', 415, 'http.unsupported-media-type'],
]) {
  // Only the head is sent: the answer must come without the body.
  const r = await raw(port, postHead(headers), { waitMs: 5000 });
  equal(`${name}: ${status} from the head alone`, [statusOf(r), codeOf(r)], [status, code]);
}
{
  // A client that sends its whole 9 KB body without Content-Type reads the 415 (lingering close: no reset).
  const body = 'x'.repeat(9000);
  const r = await raw(port, postHead(`Content-Length: ${body.length}\r\n`) + body);
  equal('9 KB body without Content-Type: 415', [statusOf(r), codeOf(r)], [415, 'http.unsupported-media-type']);
  const viaFetch = await fetch(`${server.url}api/validate`, { method: 'POST', body: new Blob([body]) });
  equal('fetch without Content-Type: 415', viaFetch.status, 415);
  // A chunked body over the limit is cut off at the limit.
  const chunk = 'x'.repeat(50000);
  const chunks = [postHead('Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n')];
  for (let i = 0; i < 6; i++) chunks.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
  chunks.push('0\r\n\r\n');
  const big = await raw(port, chunks);
  equal('chunked body over the limit: 413', [statusOf(big), codeOf(big)], [413, 'http.too-large']);
  const small = await raw(port, [postHead('Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n'),
    `${Buffer.byteLength(sample).toString(16)}\r\n${sample}\r\n0\r\n\r\n`]);
  equal('chunked body under the limit: checked', statusOf(small), 200);
  // Request line and headers are capped (httplib alone grows a line without end).
  const endless = await raw(port, [`GET /healthz HTTP/1.1\r\n${host}X-Long: ${'a'.repeat(100000)}`]);
  check('a head over 64 KB is refused (431 or 400) and closed', endless.closed && [400, 431].includes(statusOf(endless)),
    `${statusOf(endless)} closed=${endless.closed}`);
}

// --- Slow clients ----------------------------------------------------------
{
  // Ten clients each send a byte every 500 ms of a request that never ends;
  // the read timeout is 2 s per read, so only a deadline for the whole
  // request stops them. Meanwhile /healthz must be answered.
  const head = postHead(`Content-Type: application/json\r\nContent-Length: ${LIMIT}\r\n`);
  const attackers = Array.from({ length: 10 }, () => raw(port, [head, ...'{"a": 1'.repeat(20)], { gapMs: 500, waitMs: 10000 }));
  await sleep(300);
  const began = Date.now();
  const health = await fetch(`${server.url}healthz`, { signal: AbortSignal.timeout(5000) }).catch((e) => ({ status: String(e) }));
  const healthMs = Date.now() - began;
  // Hang guard of 5 s (generous: it answers in milliseconds).
  equal('/healthz answered while ten slow clients are connected (5 s guard)', health.status, 200);
  console.log(`/healthz under a slow-client attack: ${healthMs} ms`);
  const cut = await Promise.all(attackers);
  // Hang guard: each is cut off (408) though it kept sending, well before the 10 s guard.
  check('ten slow clients each get 408 and are closed by the request deadline',
    cut.every((r) => r.closed && statusOf(r) === 408), cut.map((r) => `${statusOf(r)}/${r.closed}/${r.ms}ms`).join(' '));
  console.log(`slow clients cut after ${Math.min(...cut.map((r) => r.ms))}–${Math.max(...cut.map((r) => r.ms))} ms (deadline 2 s)`);
  // One that sends the request line slowly gets a 408 too.
  const line = await raw(port, [...'GET /healthz HTTP/1.1\r\n'], { gapMs: 300, waitMs: 10000 });
  check('a slow request line: 408, closed', line.closed && statusOf(line) === 408, `${statusOf(line)} ${line.ms} ms`);
  equal('healthy after the attack', (await fetch(`${server.url}healthz`)).status, 200);
}

// --- Memory returns after large requests -----------------------------------
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
{
  const big = await start(['--threads', '4'], 16 << 20);
  await fetch(`${big.url}healthz`);
  const before = rss(big.proc.pid);
  // A submission with 150 000 extra objects (7 MB): many small allocations,
  // which glibc keeps in its arenas unless trimmed (before: RSS +120 MB).
  const submission = JSON.parse(sample);
  submission.padding_goals = Array.from({ length: 150000 }, (_, i) => ({ id: `g${i}`, name: `goal ${i}`, x: [1, 2, 3] }));
  const padding = JSON.stringify(submission);
  const statuses = [];
  for (let round = 0; round < 3; round++)
    statuses.push(...await Promise.all(Array.from({ length: 4 }, () => fetch(`${big.url}api/validate`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: padding }).then(async (r) => { await r.text(); return r.status; }))));
  equal('twelve large requests checked', statuses.filter((s) => s === 200).length, 12);
  await sleep(200);
  const after = rss(big.proc.pid);
  console.log(`RSS: ${before} kB before, ${after} kB after 12 requests of ${(padding.length / 1e6).toFixed(1)} MB`);
  if (process.env.BUDGETCHECK_SANITIZED) console.log('RSS check skipped: sanitizer build (its allocator ignores malloc_trim)');
  else check('memory returns after large requests (RSS grows by less than 32 MB)', after - before < 32 * 1024, `${before} → ${after} kB`);
  equal('big server stops on SIGTERM', await big.stop(), 0);
}

// --- More slow clients than threads ---------------------------------------
{
  // Four connections that send nothing and four that send a byte every
  // 300 ms hold all four threads (--max-connections 4); before, /healthz
  // waited in line until their 30 s deadline. Now a request still being read
  // 1 s after it was accepted gives its thread up (408) while others wait.
  const full = await start(['--timeout', '30', '--max-connections', '4']);
  const p = Number(new URL(full.url).port);
  const idle = Array.from({ length: 4 }, () => raw(p, [], { waitMs: 10000 }));
  const trickle = Array.from({ length: 4 }, () =>
    raw(p, [...`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nX-Slow: ${'a'.repeat(100)}`], { gapMs: 300, waitMs: 10000 }));
  await sleep(300);
  const began = Date.now();
  const health = await fetch(`${full.url}healthz`, { signal: AbortSignal.timeout(5000) }).catch((e) => ({ status: String(e) }));
  // Hang guard of 5 s; their deadline is 30 s.
  equal('/healthz answered while more slow clients than threads are connected (5 s guard)', health.status, 200);
  console.log(`/healthz with every thread held by a slow client: ${Date.now() - began} ms`);
  // Those that gave way got a clear 408; once nobody waits, the rest keep their deadline (ended by the stop).
  equal('server with four threads stops on SIGTERM', await full.stop(), 0);
  const cut = await Promise.all([...idle, ...trickle]);
  check('at least four slow clients gave their thread up with 408 (10 s guard)',
    cut.filter((r) => statusOf(r) === 408).length >= 4 && cut.every((r) => r.closed),
    cut.map((r) => `${statusOf(r)}/${r.closed}/${r.ms}ms`).join(' '));
}

// --- SIGTERM while slow clients hold connections ---------------------------
{
  const slowServer = await start(['--timeout', '60']);
  const p = Number(new URL(slowServer.url).port);
  const attackers = Array.from({ length: 10 }, () =>
    raw(p, [...`POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`],
      { gapMs: 1000, waitMs: 20000 }));
  await sleep(500);
  const began = Date.now();
  const code = await Promise.race([slowServer.stop(), sleep(10000).then(() => 'hung')]);
  const ms = Date.now() - began;
  console.log(`SIGTERM with ten slow clients connected: stopped in ${ms} ms`);
  // Hang guard 10 s; the deadline is 60 s, so only the stop can end them this early.
  equal('SIGTERM stops the server (exit 0) while slow clients are connected', code, 0);
  check('…and well before their 60 s deadline (10 s guard)', ms < 10000, `${ms} ms`);
  await Promise.all(attackers);
}

equal('SIGTERM stops the first server', await server.stop(), 0);
process.exit(summary());
