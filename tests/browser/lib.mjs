// Browser suite support: a scratch copy of the bundled questionnaires, `otos` commands, a real
// `otos serve` on a free port with a scratch database (ready when it prints its listening line),
// Debian's chromium through playwright-core, axe-core checks, screenshots and a small assert log.
// Test support only: no test logic here.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const here = path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(import.meta.url);

export const SKIP = 77;  // ctest SKIP_RETURN_CODE

// playwright-core and axe-core from tests/browser/node_modules; a clear skip when missing.
export function loadModules() {
  if (!fs.existsSync(path.join(here, "node_modules", "playwright-core")) ||
      !fs.existsSync(path.join(here, "node_modules", "axe-core"))) {
    console.log("browser suite skipped: tests/browser/node_modules is missing " +
                "(run `npm ci` in tests/browser, as scripts/test does)");
    process.exit(SKIP);
  }
  const chromiumPath = process.env.OTOS_CHROMIUM || "/usr/bin/chromium";
  if (!fs.existsSync(chromiumPath)) {
    console.log(`browser suite skipped: no chromium at ${chromiumPath} (apt-get install chromium)`);
    process.exit(SKIP);
  }
  const { chromium } = require("playwright-core");
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return { chromium, axeSource, chromiumPath };
}

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (ctest sets it)`);
  return v;
}

// The bundled questionnaires in a scratch folder. The test must not expire with a wave: the
// copy's open/close dates of kohderyhmakysely 2026 are widened (everything else is unchanged).
export function scratchSurveys(sourceDir, scratch) {
  const dir = path.join(scratch, "surveys");
  fs.mkdirSync(dir);
  for (const name of fs.readdirSync(path.join(sourceDir, "surveys"))) {
    if (!name.endsWith(".yaml")) continue;
    let text = fs.readFileSync(path.join(sourceDir, "surveys", name), "utf8");
    if (name === "kohderyhmakysely_2026.yaml") {
      text = text.replace(/^open: .*$/m, "open: 2000-01-01").replace(/^close: .*$/m, "close: 2099-12-31");
    }
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function otos(bin, args) {
  return execFileSync(bin, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// Starts `otos serve --port 0` and resolves with {url, stop} once it listens.
export function startServer(bin, db, surveys, scratch) {
  const errPath = path.join(scratch, "server.err");
  const err = fs.openSync(errPath, "w");
  const child = spawn(bin, ["serve", "--port", "0", "--host", "127.0.0.1", "--db", db,
                            "--surveys", surveys], { stdio: ["ignore", "pipe", err] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("otos serve did not start in 30 s")), 30000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/otos: listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () => new Promise((done) => {
            child.once("exit", done);
            child.kill("SIGTERM");
          }),
        });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`otos serve exited ${code}: ${fs.readFileSync(errPath, "utf8")}`));
    });
  });
}

export function scratchDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "otos-browser-"));
}

// Collects failed checks; the run fails at the end with all of them listed.
export class Checks {
  constructor() { this.failures = []; this.count = 0; }
  ok(cond, what) {
    this.count++;
    if (!cond) {
      this.failures.push(what);
      console.log(`FAIL: ${what}`);
    }
  }
  equal(actual, expected, what) {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    this.ok(a === e, `${what}: expected ${e}, got ${a}`);
  }
}

// Runs axe-core on the page (WCAG 2.0/2.1 A and AA rules and best practices) and records every
// serious or critical violation as a failure.
export async function axeCheck(page, axeSource, checks, label) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                             nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) })),
    };
  });
  checks.ok(result.passes >= 10, `axe ${label} ran (${result.passes} rules passed)`);
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of result.violations) {
    if (!bad.includes(v)) console.log(`axe ${label}: (${v.impact}) ${v.id}: ${v.help}`);
  }
  checks.ok(bad.length === 0, `axe ${label}: ${JSON.stringify(bad)}`);
}
