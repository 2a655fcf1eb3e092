// Parses an AsyncAPI document with the official parser and exits non-zero if it finds an error.
// Usage: NODE_PATH=.local/asyncapi/node_modules node tools/asyncapi/validate.cjs docs/asyncapi.json
// CommonJS rather than an ES module because only require() honours NODE_PATH, and the parser
// is installed under .local/ (DESIGN.md: every cache and node module stays there).
"use strict";

const fs = require("node:fs");
const { Parser, DiagnosticSeverity } = require("@asyncapi/parser");

async function main(path) {
  if (!path) {
    console.error("usage: validate.cjs DOCUMENT");
    return 2;
  }
  const { document, diagnostics } = await new Parser().parse(fs.readFileSync(path, "utf8"), { source: path });
  const names = { [DiagnosticSeverity.Error]: "error", [DiagnosticSeverity.Warning]: "warning",
                  [DiagnosticSeverity.Information]: "info", [DiagnosticSeverity.Hint]: "hint" };
  for (const diagnostic of diagnostics) {
    const where = diagnostic.path.join("/") || "<root>";
    console.log(`${names[diagnostic.severity]} ${diagnostic.code} at ${where}: ${diagnostic.message}`);
  }
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error);
  if (document === undefined || errors.length > 0) {
    console.log(`${path}: not a valid AsyncAPI document (${errors.length} error(s))`);
    return 1;
  }
  console.log(`${path}: valid AsyncAPI ${document.version()} with ${document.channels().length} channels`);
  return 0;
}

main(process.argv[2]).then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
