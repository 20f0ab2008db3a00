// form.js reads typed numbers as the server does (parse_form_number in
// engine/answers/scalar_checks.cpp), so that a show_if on a number shows the same questions
// before and after the page is posted. Runs the function from web/static/form.js in node; the
// cases are those of answers_test's "thousands separators" test case.
import fs from "node:fs";
import path from "node:path";

const source = fs.readFileSync(path.join(process.env.OTOS_SOURCE_DIR, "web/static/form.js"), "utf8");
const start = source.indexOf("function formNumber(");
const end = source.indexOf("\n  }\n", start);
if (start < 0 || end < 0) {
  console.log("FAIL: formNumber not found in web/static/form.js");
  process.exit(1);
}
const formNumber = new Function(`${source.slice(start, end + 4)}; return formNumber;`)();

const cases = [
  ["3", "fi", 3], ["3,5", "fi", 3.5], ["-0.25", "en", -0.25], [".5", "fi", 0.5], ["5.", "sv", 5],
  ["12 500", "fi", 12500], ["1 234 567", "sv", 1234567], ["12 500,50", "fi", 12500.5],
  ["12 500.50", "en", 12500.5], ["-1 000", "fi", -1000], ["\u22125", "fi", -5],
  ["12\u00a0500", "fi", 12500], ["12\u202f500", "sv", 12500], ["1\u2009000\u2009000", "en", 1e6],
  ["\u00a0125\u00a0000\u00a0 ".trim(), "fi", 125000], ["2,5", "en", 2.5], ["0,125", "en", 0.125], ["1 234,567", "en", 1234.567],
  ["12,500", "en", 12500], ["1,234,567.25", "en", 1234567.25], ["12,500", "fi", 12.5],
  ["12,500", "sv", 12.5], ["1,234,567.25", "fi", undefined], ["12,500,5", "en", undefined],
  ["1,234 567", "en", undefined], ["12 50", "fi", undefined], ["1234 567", "fi", undefined],
  ["1 2345", "fi", undefined], ["1 000\u00a0000", "fi", undefined], ["1  000", "fi", undefined],
  ["1 ,5", "fi", undefined], ["0 125", "fi", undefined], ["- 5", "fi", undefined],
  ["12 500 €", "fi", undefined], ["1.000.000", "fi", undefined], ["1e3", "en", undefined],
  ["abc", "en", undefined], ["-", "fi", undefined], [",", "fi", undefined], ["", "fi", undefined],
];
let failed = 0;
for (const [text, lang, expected] of cases) {
  const got = formNumber(text, lang);
  if (!Object.is(got, expected)) {
    failed++;
    console.log(`FAIL: formNumber(${JSON.stringify(text)}, ${lang}) = ${got}, expected ${expected}`);
  }
}
console.log(`${cases.length - failed} of ${cases.length} cases as the server reads them`);
process.exit(failed ? 1 : 0);
