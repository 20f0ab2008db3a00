// Browser test of the staff workspace: Debian's chromium driven by playwright-core against a real
// `otos serve` on a scratch database. Walks what staff do: sign in, upload a questionnaire with an
// error, read the error, fix it, preview it in Swedish, publish it, invite people from a CSV,
// download the personal links, open the results with a chart, download the results CSV, visit
// users and the audit log, sign out. Each step asserts what the page shows. Runs with
// JavaScript disabled (the workspace has none).
// Screenshots go to the scratch directory, or to docs/images/staff_*.png (the staff guide's
// pictures) when OTOS_UPDATE_SCREENSHOTS=1.
// Environment: OTOS_BIN (the otos binary, required), CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core and axe-core come from this folder's node_modules (the browser suite's npm install); without
// it the test is skipped (exit 77, ctest's SKIP_RETURN_CODE) with the reason on stderr.
let chromium;
let axeSource;
try {
  ({ chromium } = await import('playwright-core'));
  const { createRequire } = await import('node:module');
  axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  console.error(`staff browser: skipped: playwright-core or axe-core is not installed (${e.code || e.message})`);
  process.exit(77);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = process.env.OTOS_SOURCE || path.resolve(here, '..', '..');
const otos = process.env.OTOS_BIN;
if (!otos) {
  console.error('staff.mjs: set OTOS_BIN to the otos binary');
  process.exit(2);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'otos-staff-browser-'));
const shots = process.env.OTOS_UPDATE_SCREENSHOTS === '1' ? path.join(repo, 'docs', 'images') : scratch;
const db = path.join(scratch, 'otos.db');

const validYaml = `id: family_feedback
version: 2026
title: {fi: Perheiden palaute 2026, sv: Familjernas respons 2026, en: Family feedback 2026}
languages: [fi, sv, en]
access: invitation
min_cell: 5
groups: [municipality]
pages:
  - id: about
    title: {fi: Taustatiedot, sv: Bakgrund, en: Background}
    questions:
      - id: municipality
        type: single_choice
        text: {fi: Kotikunta, sv: Hemkommun, en: Home municipality}
        required: true
        options:
          - {code: "853", label: {fi: Turku, sv: Åbo, en: Turku}}
          - {code: "202", label: {fi: Kaarina, sv: S:t Karins, en: Kaarina}}
      - id: satisfied
        type: likert
        scale: agree3
        text: {fi: Olen tyytyväinen tukeen, sv: Jag är nöjd med stödet, en: I am satisfied with the support}
scales:
  agree3:
    - {code: disagree, label: {fi: Eri mieltä, sv: Av annan åsikt, en: Disagree}}
    - {code: neutral, label: {fi: En osaa sanoa, sv: Vet inte, en: Neither}}
    - {code: agree, label: {fi: Samaa mieltä, sv: Av samma åsikt, en: Agree}}
indicators:
  - id: satisfied_share
    title: {fi: Tyytyväisiä, sv: Nöjda, en: Satisfied}
    share: {question: satisfied, values: [agree]}
`;
// "txt" instead of "text" on line 14, column 9.
const brokenYaml = validYaml.replace(
  '        type: single_choice\n        text: {fi: Kotikunta',
  '        type: single_choice\n        txt: {fi: Kotikunta');
assert.notEqual(brokenYaml, validYaml);

function step(name) {
  console.log(`staff browser: ${name}`);
}

function addAdmin() {
  const out = execFileSync(otos, ['user', 'add', 'maria', '--role', 'admin', '--db', db], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const m = out.match(/password: +(\S+)/);
  assert.ok(m, out);
  return m[1];
}

// Starts `otos serve --port 0` and resolves with its base URL once it printed its listening line.
function startServer() {
  const child = spawn(
    otos,
    ['serve', '--port', '0', '--host', '127.0.0.1', '--db', db, '--surveys', path.join(repo, 'surveys')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ child, base: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`otos serve exited with ${code}`)));
  });
}

async function postResponses(base, n) {
  const codes = ['853', '853', '853', '202', '202', '529', '680'];
  const agree = ['fully_disagree', 'disagree', 'neutral', 'agree', 'fully_agree', 'agree', 'agree'];
  for (let i = 0; i < n; ++i) {
    const body = {
      answers: { municipality: codes[i % codes.length], seek_help: agree[(i * 3) % agree.length] },
      lang: 'fi',
    };
    const r = await fetch(`${base}/api/v1/surveys/kohderyhmakysely/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 201, await r.text());
  }
}

async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(scratch, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

// Last year's wave (closed now) gets its responses the way past data comes in: `otos import`.
function importLastYear() {
  const rows = ['municipality,seek_help'];
  const agree = ['agree', 'disagree', 'fully_agree', 'neutral', 'agree'];
  for (let i = 0; i < 50; ++i) rows.push(`${['853', '202', '853', '529'][i % 4]},${agree[i % 5]}`);
  const file = path.join(scratch, 'wave2025.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  execFileSync(otos, ['import', 'kohderyhmakysely', file, '--version', '2025', '--db', db,
    '--surveys', path.join(repo, 'surveys')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const password = addAdmin();
importLastYear();
const { child, base } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  await postResponses(base, 70);
  const context = await browser.newContext({
    javaScriptEnabled: false,
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
  });
  const page = await context.newPage();

  step('sign in');
  await page.goto(`${base}/staff/`);
  assert.equal(await page.locator('h1').textContent(), 'Sign in');
  await page.fill('#name', 'maria');
  await page.fill('#password', password);
  await page.screenshot({ path: path.join(shots, 'staff_signin.png') });
  await page.click('button[type=submit]');
  assert.equal(await page.locator('h1').textContent(), 'Overview');
  assert.match(await page.locator('main').textContent(), /Signed in as maria, role admin\./);
  await page.screenshot({ path: path.join(shots, 'staff_overview.png') });

  step('upload a questionnaire with an error');
  await page.click('nav >> text=Questionnaires');
  await page.setInputFiles('#file', {
    name: 'family_feedback.yaml', mimeType: 'text/yaml', buffer: Buffer.from(brokenYaml),
  });
  await page.click('button:has-text("Check")');
  const errors = page.locator('.errors');
  assert.match(await errors.textContent(), /1 problem found; nothing was published\./);
  const cells = await errors.locator('tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(cells.slice(0, 2), ['14', '9']);
  assert.match(cells[2], /unknown key 'txt' in question 'municipality' \(did you mean 'text'\?\)/);
  assert.equal(await page.locator('button:has-text("Publish")').count(), 0);
  await page.screenshot({ path: path.join(shots, 'staff_upload_error.png'), fullPage: true });

  step('fix it in the page, check again, preview in Swedish');
  await page.fill('#yaml', validYaml);
  await page.click('button:has-text("Check")');
  assert.match(await page.locator('.ok').textContent(), /No problems found in family_feedback@2026/);
  await page.click('button:has-text("Preview in sv")');
  assert.equal(await page.locator('h2:has-text("Preview in")').textContent(), 'Preview in sv');
  assert.match(await page.locator('.preview').textContent(), /Jag är nöjd med stödet/);
  await page.screenshot({ path: path.join(shots, 'staff_preview.png'), fullPage: true });

  step('publish');
  await page.click('button:has-text("Publish as wave family_feedback@2026")');
  assert.match(page.url(), /\/staff\/questionnaires\?published=family_feedback@2026$/);
  assert.match(await page.locator('.message.ok').textContent(), /Published family_feedback@2026\./);
  const api = await fetch(`${base}/api/v1/surveys/family_feedback`);
  assert.equal(api.status, 200);

  step('invite from a CSV, download the links');
  await page.goto(`${base}/staff/surveys/family_feedback/invitations`);
  await page.setInputFiles('#csv-file', {
    name: 'people.csv', mimeType: 'text/csv',
    buffer: Buffer.from('name,municipality\nAino Virtanen,853\nBo Lindqvist,202\nCarla Mäkinen,853\n'),
  });
  await page.click('button:has-text("Create the invitations")');
  assert.match(await page.locator('.message.ok').textContent(), /Created 3 invitations\./);
  const progress = await page.locator('table.counts').first().locator('tbody td').allTextContents();
  assert.deepEqual(progress, ['3', '3', '0', '0', '0.0 %']);
  await page.screenshot({ path: path.join(shots, 'staff_invitations.png'), fullPage: true });
  const links = await downloadText(page, () => page.click('text=Download the personal links (CSV)'));
  assert.equal(links.name, 'family_feedback_invitations.csv');
  const lines = links.text.trim().split('\r\n');
  assert.equal(lines[0], 'name,municipality,status,created_at,link');
  assert.equal(lines.length, 4);
  assert.match(lines[1], /^Aino Virtanen,853,not started,\S+,http:\/\/127\.0\.0\.1:\d+\/s\/family_feedback\/[A-Za-z0-9_-]{22}$/);

  step('results with a chart, by municipality, and a download');
  await page.goto(`${base}/staff/surveys/kohderyhmakysely/results`);
  await page.selectOption('#by', 'municipality');
  await page.click('button:has-text("Show")');
  assert.match(page.url(), /by=municipality/);
  assert.match(await page.locator('main > p').first().textContent(), /70 responses/);
  const chart = page.locator('figure.chart svg').first();
  assert.ok(await chart.isVisible());
  assert.match(await chart.locator('desc').textContent(), /Could seek support from organisations: \d+\.\d % \(n 70\)/);
  // Kaarina has 20, Turku 30; the other two are below min_cell and show as <5.
  assert.ok((await page.locator('td:text-is("<5")').count()) > 0);
  await page.screenshot({ path: path.join(shots, 'staff_results.png') });
  const trend = page.locator('h2:text-is("Trend over the waves") + figure svg');
  assert.match(await trend.locator('desc').textContent(),
    /Could seek support from organisations: 2025 \d+\.\d %; 2026 \d+\.\d %;/);
  await page.locator('h2:text-is("Trend over the waves")').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'staff_results_trend.png') });
  await page.locator('section:has(h2:has-text("By municipality")) figure').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'staff_results_groups.png') });
  const csv = await downloadText(page, () => page.click('.downloads a:text-is("CSV") >> nth=0'));
  assert.equal(csv.name, 'kohderyhmakysely_2026_results.csv');
  assert.equal(csv.text.split('\r\n')[0].replace(/^\uFEFF/, ''),
    'survey,version,group,question,row,option,count,n,share,ci_low,ci_high,value');

  step('users and the audit log');
  for (const [name, role] of [['jonas', 'coordinator'], ['liisa', 'analyst']]) {
    await page.click('nav >> text=Users');
    await page.fill('#new-name', name);
    await page.selectOption('#new-role', role);
    await page.click('button:text-is("Create")');
    assert.equal(await page.locator('h1').textContent(), 'User created');
    assert.match(await page.locator('code.secret').first().textContent(), /^[0-9a-z]{5}(-[0-9a-z]{5}){3}$/);
  }
  await page.click('nav >> text=Users');
  assert.equal(await page.locator('h1').textContent(), 'Users');
  assert.equal(await page.locator('table.users tbody tr').count(), 3);
  await page.screenshot({ path: path.join(shots, 'staff_users.png') });
  await page.click('nav >> text=Audit log');
  const audit = await page.locator('table.audit tbody').textContent();
  for (const what of ['sign-in', 'publish', 'invite', 'download']) assert.match(audit, new RegExp(what));
  await page.screenshot({ path: path.join(shots, 'staff_audit.png') });

  step('sign out');
  await page.click('button:has-text("Sign out")');
  assert.equal(await page.locator('h1').textContent(), 'Sign in');
  await page.goto(`${base}/staff/users`);
  assert.equal(await page.locator('h1').textContent(), 'Sign in');
  await context.close();

  step('axe-core on every staff page type (JavaScript on, only for axe)');
  const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  const ax = await axeContext.newPage();
  const problems = [];
  async function axe(label) {
    await ax.addScriptTag({ content: axeSource });
    const { passes, bad } = await ax.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return {
        passes: r.passes.length,
        bad: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
      };
    });
    assert.ok(passes >= 10, `axe ${label} ran only ${passes} rules`);
    for (const b of bad) problems.push(`${label}: ${b}`);
  }
  await ax.goto(`${base}/staff/`);
  await axe('sign-in');
  await ax.fill('#name', 'maria');
  await ax.fill('#password', password);
  await ax.click('button[type=submit]');
  await axe('overview');
  await ax.goto(`${base}/staff/questionnaires`);
  await axe('questionnaires');
  await ax.fill('#yaml', brokenYaml);
  await ax.click('button:has-text("Check")');
  await axe('check with errors');
  await ax.fill('#yaml', validYaml);
  await ax.click('button:has-text("Check")');
  await axe('check with preview');
  await ax.goto(`${base}/staff/surveys/family_feedback/invitations`);
  await axe('invitations');
  await ax.goto(`${base}/staff/surveys/kohderyhmakysely/results?by=municipality`);
  await axe('results');
  await ax.goto(`${base}/staff/users`);
  await axe('users');
  await ax.goto(`${base}/staff/audit`);
  await axe('audit log');
  await axeContext.close();
  assert.deepEqual(problems, []);

  console.log('staff browser: 1 passed, 0 failed');
} finally {
  await browser.close();
  child.kill('SIGTERM');
  if (shots !== scratch) console.log(`staff browser: screenshots in ${shots}`);
  fs.rmSync(scratch, { recursive: true, force: true });
}
