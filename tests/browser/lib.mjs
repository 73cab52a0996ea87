// Shared helpers of the browser and API tests: a tiny harness, the CLI, and
// a budgetcheck server started on a free loopback port.
import { spawn, execFileSync } from 'node:child_process';

let passed = 0;
let failed = 0;

export function check(name, condition, detail = '') {
  if (condition) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
  return condition;
}

export function equal(name, actual, expected) {
  const a = String(JSON.stringify(actual));
  const e = String(JSON.stringify(expected));
  return check(name, a === e, `expected ${e.slice(0, 300)}, got ${a.slice(0, 300)}`);
}

export function summary() {
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

// Runs the CLI; returns {status, stdout}. Non-zero exit codes are results here.
export function cli(binary, args, cwd) {
  try {
    const stdout = execFileSync(binary, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout };
  } catch (e) {
    return { status: e.status, stdout: e.stdout ?? '' };
  }
}

// Starts `budgetcheck serve --port 0 ...` and resolves with its URL.
export function startServer(binary, args = [], options = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out} ${err}`)), 20000);
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          proc,
          stderr: () => err,
          stop: () => new Promise((done) => {
            if (proc.exitCode !== null) return done(proc.exitCode);
            proc.once('exit', (code) => done(code));
            proc.kill('SIGTERM');
          }),
        });
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${err}`)); });
  });
}

// The budget year and plan years of a submission.
export function years(submission) {
  return [submission.budget_year, ...(submission.plan_years ?? [])];
}

// Findings a chart marks: not waived, with a year, in the chart's section.
export function firedYears(findings, section, rulePrefix, chartYears) {
  const set = new Set();
  for (const f of findings) {
    // A notice is never drawn as an alarm.
    if (f.year === null || f.year === undefined || f.waiver || f.waived || f.severity === 'notice') continue;
    const inSection = f.pointer === '/' + section || f.pointer.startsWith('/' + section + '/') || f.rule.startsWith(rulePrefix);
    if (inSection && chartYears.includes(f.year)) set.add(f.year);
  }
  return [...set].sort();
}
