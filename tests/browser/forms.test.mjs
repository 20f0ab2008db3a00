// The respondent forms in a real browser (Debian's chromium via playwright-core) against a real
// `otos serve` with a scratch database and the bundled questionnaires:
//   - kohderyhmakysely 2026 filled in Finnish and in Swedish through every page, a show_if branch
//     taken both ways (seek_help agree -> channels; disagree -> barriers; children >= 1 or 0),
//     a validation error triggered and fixed, Back keeping answers, the language switcher;
//   - an invitation draft started in one browser context and finished in a new one, then shown
//     as answered (and refused by the API with 409);
//   - the stored answers read back through the export API with an analyst's token;
//   - 320 px wide without horizontal scrolling;
//   - with --js: axe-core on every page type (no serious or critical violation); with --nojs the
//     same walk with JavaScript disabled in the browser.
// Screenshots of every page go to $OTOS_BROWSER_OUT; with OTOS_DOC_IMAGES=DIR the ones that
// docs/forms.md shows are written there too.
import fs from "node:fs";
import path from "node:path";
import { loadModules, env, scratchSurveys, otos, startServer, scratchDir, Checks, axeCheck } from "./lib.mjs";

const JS = !process.argv.includes("--nojs");
const MODE = JS ? "js" : "nojs";
const { chromium, axeSource, chromiumPath } = loadModules();
const BIN = env("OTOS_BIN");
const SOURCE = env("OTOS_SOURCE_DIR");
const OUT = path.join(env("OTOS_BROWSER_OUT"), MODE);
const DOC_IMAGES = process.env.OTOS_DOC_IMAGES || "";
fs.mkdirSync(OUT, { recursive: true });

const checks = new Checks();
const scratch = scratchDir();
const db = path.join(scratch, "otos.db");
const surveys = scratchSurveys(SOURCE, scratch);

let shotNo = 0;
async function shot(page, name, docName = "") {
  const file = path.join(OUT, `${String(++shotNo).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (docName && DOC_IMAGES && JS) fs.copyFileSync(file, path.join(DOC_IMAGES, `${docName}.png`));
}

async function axe(page, label) {
  if (JS) await axeCheck(page, axeSource, checks, label);
}

// Clicks a submit button and waits for the page the POST leads to (303 -> GET, or a page).
async function press(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name, exact: true }).click()]);
}

async function h2(page) {
  return (await page.locator("main h2").first().textContent()).trim();
}

async function lang(page) {
  return page.locator("html").getAttribute("lang");
}

// A question that an answer on the same page calls for: with JavaScript it appears at once;
// without, the next POST shows the page again with it (and a note) before moving on.
async function reveal(page, button) {
  if (JS) return;
  await press(page, button);
  checks.ok(await page.locator(".notice").isVisible(), "note about questions that appeared");
}

const visible = (page, name) => page.locator(`input[name="${name}"]:visible`).count();

const pick = (page, name, value) => page.locator(`input[name="${name}"][value="${value}"]`).check();

async function main() {
  const analyst = otos(BIN, ["user", "add", "analyst1", "--role", "analyst", "--db", db])
    .match(/api token: (\S+)/)[1];
  const inviteLink = otos(BIN, ["invite", "kohderyhmakysely", "--name", "Perhe Virtanen",
                                "--group", "municipality=853", "--db", db, "--surveys", surveys]).trim();
  const server = await startServer(BIN, db, surveys, scratch);
  const base = server.url;
  const invitePath = new URL(inviteLink).pathname;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const newContext = (options = {}) => browser.newContext({
    javaScriptEnabled: JS, bypassCSP: true, viewport: { width: 900, height: 900 }, ...options,
  });
  const stored = {};
  try {
    // ---- Finnish, seek_help agree, children 2, an error fixed -----------------------------
    {
      const ctx = await newContext({ locale: "fi-FI" });
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      checks.equal(await lang(page), "fi", "front page language from Accept-Language");
      checks.equal((await page.locator("h1").textContent()).trim(), "Avoimet kyselyt", "front page h1");
      await axe(page, "front page");
      await shot(page, "fi-front", "forms-front-fi");
      await Promise.all([page.waitForNavigation(),
                         page.locator('a[href^="/s/kohderyhmakysely"]').first().click()]);
      checks.equal(await h2(page), "Taustatiedot", "fi page 1 title");
      checks.ok((await page.textContent("#progress-text")).includes("Sivu 1 / 5"), "fi progress 1/5");
      checks.equal(await page.locator('input[name="municipality"]').count(), 27, "27 municipalities");
      await axe(page, "form page");
      await shot(page, "fi-1-about", "forms-page-fi");

      // Nothing chosen, a letter in a number: the summary links to the fields, typed text stays.
      await page.fill("#q-children", "kaksi");
      await press(page, "Seuraava");
      const summary = page.locator(".error-summary");
      checks.equal(await summary.locator("a").count(), 2, "fi two errors in the summary");
      checks.equal(await summary.locator("a").first().getAttribute("href"), "#q-municipality",
                   "summary links to the field");
      checks.ok((await summary.textContent()).includes("Kotikunta:"), "summary names the question");
      checks.equal(await page.inputValue("#q-children"), "kaksi", "typed value kept");
      checks.ok((await page.title()).startsWith("Virhe:"), "title says there is an error");
      // form.js moves focus to the summary; without JavaScript nothing does (and nothing needs it).
      checks.equal(await page.locator(".error-summary:focus").count(), JS ? 1 : 0,
                   "focus on the error summary only with JavaScript");
      await axe(page, "page with errors");
      await shot(page, "fi-1-errors", "forms-errors-fi");
      await summary.locator("a").first().click();
      checks.ok(page.url().endsWith("#q-municipality"), "summary link goes to the field");

      await page.getByLabel("Turku", { exact: true }).check();
      checks.ok(!(await page.locator("#q-youngest_age").isVisible()), "youngest_age hidden at first");
      await page.fill("#q-children", "2");
      await reveal(page, "Seuraava");
      // children >= 1 shows youngest_age on the same page: asked before moving on.
      checks.ok(await page.locator("#q-youngest_age").isVisible(), "youngest_age appears");
      await page.fill("#q-youngest_age", "3");
      await press(page, "Seuraava");

      checks.equal(await h2(page), "Palvelut ja toiminta", "fi page 2");
      await pick(page, "used_services", "family_cafe");
      await pick(page, "satisfaction.child_health_clinic", "satisfied");
      await pick(page, "satisfaction.early_education", "very_satisfied");
      await shot(page, "fi-2-services");
      await reveal(page, "Seuraava");
      checks.ok(await page.locator("#q-last_participation").isVisible(), "date appears after a service");
      await page.fill("#q-last_participation", "2026-05-04");
      await press(page, "Seuraava");

      checks.equal(await h2(page), "Tuen hakeminen", "fi page 3");
      checks.equal(await visible(page, "channels"), 0, "channels hidden at first");
      await pick(page, "seek_help", "agree");
      await reveal(page, "Seuraava");
      checks.equal(await visible(page, "channels"), 7, "agree shows channels");
      checks.equal(await visible(page, "barriers"), 0, "agree hides barriers");
      await pick(page, "channels", "web");
      await pick(page, "channels", "friends");
      await shot(page, "fi-3-support", "forms-likert-fi");
      await press(page, "Seuraava");

      checks.equal(await h2(page), "Arki ja jaksaminen", "fi page 4");
      checks.equal(await visible(page, "children_wellbeing"), 6,
                   "children_wellbeing shown with children");
      await pick(page, "coping", "agree");
      await press(page, "Seuraava");

      checks.equal(await h2(page), "Lopuksi", "fi page 5");
      await page.fill("#q-ideas", "<b>Enemmän</b> kerhoja & leirejä");
      await shot(page, "fi-5-final");
      await press(page, "Tarkista vastaukset");

      checks.equal(await h2(page), "Tarkista vastauksesi", "fi review");
      checks.ok(await page.getByText("<b>Enemmän</b> kerhoja & leirejä").isVisible(),
                "respondent text shown as text");
      await axe(page, "review");
      await shot(page, "fi-review", "forms-review-fi");
      await press(page, "Lähetä vastaukset");
      checks.equal((await page.locator("h1").textContent()).trim(), "Kiitos vastauksestasi!", "fi thanks");
      stored.fi = (await page.textContent("#response-id")).trim();
      checks.ok(/^[0-9a-z]{26}$/.test(stored.fi), "response id shown");
      await axe(page, "thank-you page");
      await shot(page, "fi-thanks", "forms-thanks-fi");
      // Reload of the POST's result: still the same thank-you page.
      await page.reload();
      checks.equal((await page.textContent("#response-id")).trim(), stored.fi, "reload keeps the id");
      await ctx.close();
    }

    // ---- Swedish, seek_help disagree, children 0, Back, the language switcher --------------
    {
      const ctx = await newContext({ locale: "sv-FI" });
      const page = await ctx.newPage();
      await page.goto(`${base}/s/kohderyhmakysely`);
      checks.equal(await lang(page), "sv", "sv from Accept-Language");
      checks.equal(await h2(page), "Bakgrundsuppgifter", "sv page 1");
      await shot(page, "sv-1-about", "forms-page-sv");
      await page.getByLabel("S:t Karins", { exact: true }).check();
      await page.fill("#q-children", "0");
      await press(page, "Nästa");
      checks.equal(await h2(page), "Tjänster och verksamhet", "sv page 2 (no youngest_age with 0)");
      checks.ok((await page.textContent("#progress-text")).includes("Sida 2 av 5"), "sv progress");
      await press(page, "Nästa");
      checks.equal(await h2(page), "Att söka stöd", "sv page 3");
      await pick(page, "seek_help", "disagree");
      await reveal(page, "Nästa");
      checks.equal(await visible(page, "barriers"), 8, "disagree shows barriers");
      checks.equal(await visible(page, "channels"), 0, "disagree hides channels");
      await pick(page, "barriers", "distance");
      await pick(page, "support_topics", "money");
      await shot(page, "sv-3-support", "forms-likert-sv");
      // Too many choices: an error in Swedish, the choices kept.
      await pick(page, "support_topics", "parenting");
      await pick(page, "support_topics", "school");
      await pick(page, "support_topics", "hobbies");
      await press(page, "Nästa");
      checks.equal(await page.locator(".error-summary a").count(), 1, "max_choices error");
      checks.ok(await page.locator('input[name="support_topics"][value="hobbies"]').isChecked(),
                "choices kept");
      await shot(page, "sv-3-errors", "forms-errors-sv");
      await page.locator('input[name="support_topics"][value="hobbies"]').uncheck();
      // Back keeps this page's answers.
      await press(page, "Föregående");
      checks.equal(await h2(page), "Tjänster och verksamhet", "back to page 2");
      await press(page, "Nästa");
      checks.ok(await page.locator('input[name="seek_help"][value="disagree"]').isChecked(),
                "back kept seek_help");
      checks.ok(await page.locator('input[name="barriers"][value="distance"]').isChecked(),
                "back kept barriers");
      await press(page, "Nästa");
      checks.equal(await h2(page), "Vardag och ork", "sv page 4");
      checks.equal(await visible(page, "children_wellbeing"), 0,
                   "children_wellbeing hidden with 0 children");
      await press(page, "Nästa");
      checks.equal(await h2(page), "Till sist", "sv page 5");
      await press(page, "Granska svaren");
      checks.equal(await h2(page), "Granska dina svar", "sv review");
      await shot(page, "sv-review", "forms-review-sv");
      // The switcher keeps the step and changes the language.
      await Promise.all([page.waitForNavigation(), page.locator('nav a[lang="en"]').click()]);
      checks.equal(await lang(page), "en", "switched to English");
      checks.equal(await h2(page), "Check your answers", "en review");
      await shot(page, "en-review", "forms-review-en");
      await Promise.all([page.waitForNavigation(), page.locator('nav a[lang="sv"]').click()]);
      await press(page, "Skicka svaren");
      checks.equal((await page.locator("h1").textContent()).trim(), "Tack för ditt svar!", "sv thanks");
      stored.sv = (await page.textContent("#response-id")).trim();
      await shot(page, "sv-thanks", "forms-thanks-sv");
      await ctx.close();
    }

    // ---- English page for the docs, 320 px wide ----------------------------------------------
    {
      const ctx = await newContext({ locale: "en-GB", viewport: { width: 320, height: 700 } });
      const page = await ctx.newPage();
      await page.goto(`${base}/s/kohderyhmakysely?lang=en`);
      checks.equal(await h2(page), "About your family", "en page 1");
      const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
      checks.ok((await wide()) <= 320, "page 1 fits 320 px");
      await shot(page, "en-1-about-320", "forms-page-en-320");
      await page.getByLabel("Turku", { exact: true }).check();
      await press(page, "Next");
      checks.ok((await wide()) <= 320, "matrix page fits 320 px");
      await shot(page, "en-2-matrix-320", "forms-matrix-en-320");
      await ctx.close();
    }

    // ---- An invitation: started on one device, finished on another ---------------------------
    {
      const phone = await newContext({ locale: "fi-FI" });
      let page = await phone.newPage();
      await page.goto(`${base}${invitePath}`);
      checks.equal(await page.locator('input[name="municipality"]').count(), 0, "group not asked");
      checks.ok((await page.textContent("main")).includes("Voit jatkaa myöhemmin"), "draft note");
      await page.fill("#q-children", "1");
      await reveal(page, "Seuraava");
      await page.fill("#q-youngest_age", "0");
      await press(page, "Seuraava");
      await pick(page, "used_services", "none");
      await press(page, "Seuraava");
      checks.equal(await h2(page), "Tuen hakeminen", "invitation at page 3");
      await phone.close();

      const laptop = await newContext({ locale: "fi-FI" });
      page = await laptop.newPage();
      await page.goto(`${base}${invitePath}`);
      checks.equal(await h2(page), "Tuen hakeminen", "resumed where left off");
      await press(page, "Edellinen");
      checks.ok(await page.locator('input[name="used_services"][value="none"]').isChecked(),
                "draft answers on the new device");
      await press(page, "Seuraava");
      await pick(page, "seek_help", "neutral");
      await reveal(page, "Seuraava");
      checks.equal(await visible(page, "barriers"), 8, "neutral shows barriers");
      await press(page, "Seuraava");
      await press(page, "Seuraava");
      await press(page, "Tarkista vastaukset");
      checks.equal(await h2(page), "Tarkista vastauksesi", "invitation review");
      checks.ok((await page.textContent("main")).includes("Turku"), "group shown in the review");
      await press(page, "Lähetä vastaukset");
      stored.invite = (await page.textContent("#response-id")).trim();
      await page.goto(`${base}${invitePath}`);
      checks.equal((await page.locator("h1").textContent()).trim(), "Kyselyyn on jo vastattu",
                   "link shows it was answered");
      await axe(page, "answered notice");
      await shot(page, "fi-invitation-answered");
      const api = await fetch(`${base}/api/v1/surveys/kohderyhmakysely/responses`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers: { municipality: "853" }, token: invitePath.split("/").pop() }),
      });
      checks.equal(api.status, 409, "API refuses the answered invitation");
      const missing = await page.goto(`${base}/s/no_such_survey?lang=sv`);
      checks.equal(missing.status(), 404, "unknown survey 404");
      checks.equal((await page.locator("h1").textContent()).trim(), "Sidan hittades inte", "404 in sv");
      await axe(page, "404 page");
      await shot(page, "sv-404");
      await laptop.close();
    }

    // ---- The stored answers, as an analyst exports them --------------------------------------
    const res = await fetch(`${base}/api/v1/surveys/kohderyhmakysely/export?format=json`,
                            { headers: { Authorization: `Bearer ${analyst}` } });
    checks.equal(res.status, 200, "export as analyst");
    const exported = await res.json();
    const byId = Object.fromEntries(exported.responses.map((r) => [r.id, r]));
    checks.equal(exported.responses.length, 3, "three responses stored");
    checks.equal(byId[stored.fi]?.answers, {
      channels: ["web", "friends"], children: 2, coping: "agree", ideas: "<b>Enemmän</b> kerhoja & leirejä",
      last_participation: "2026-05-04", municipality: "853",
      satisfaction: { child_health_clinic: "satisfied", early_education: "very_satisfied" },
      seek_help: "agree", used_services: ["family_cafe"], youngest_age: 3,
    }, "Finnish answers stored");
    checks.equal(byId[stored.fi]?.lang, "fi", "Finnish response's language");
    checks.equal(byId[stored.sv]?.answers, {
      barriers: ["distance"], children: 0, municipality: "202", seek_help: "disagree",
      support_topics: ["parenting", "school", "money"],
    }, "Swedish answers stored");
    checks.equal(byId[stored.sv]?.lang, "sv", "Swedish response's language");
    checks.equal(byId[stored.invite]?.answers, {
      children: 1, municipality: "853", seek_help: "neutral", used_services: ["none"], youngest_age: 0,
    }, "invitation answers stored with its group");
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`${checks.count - checks.failures.length}/${checks.count} checks passed (${MODE}); ` +
              `screenshots in ${OUT}`);
  process.exit(checks.failures.length ? 1 : 0);
}, (e) => {
  console.error(e);
  process.exit(1);
});
