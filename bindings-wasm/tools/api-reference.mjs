// Writes the package's API reference (Markdown) from its hand-written types, so the reference
// cannot drift from them: `node api-reference.mjs <index.d.ts> <API.md>`. Every exported class
// with its members, every interface and type with its declaration, each with its doc comment.
// Run by scripts/build-wasm.sh.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const ts = createRequire(import.meta.url)("typescript");
const [input, output] = process.argv.slice(2);
const source = ts.createSourceFile(input, readFileSync(input, "utf8"), ts.ScriptTarget.Latest, true);

/** The doc comment of a node, on one line. */
function doc(node) {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((comment) => (typeof comment.comment === "string" ? comment.comment : ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The declaration's text without its doc comment, on one line. */
function signature(node) {
  return node.getText(source).replace(/\s+/g, " ").replace(/^(export )?(declare )?/, "").trim();
}

function classSection(node) {
  const lines = [`## class ${node.name.text}`, "", doc(node), ""];
  for (const member of node.members) {
    if (ts.isConstructorDeclaration(member)) continue;
    const comment = doc(member);
    lines.push(`- \`${signature(member).replace(/;$/, "")}\`${comment ? ` — ${comment}` : ""}`);
  }
  return lines;
}

function declarationSection(node) {
  const kind = ts.isInterfaceDeclaration(node) ? "interface" : ts.isTypeAliasDeclaration(node) ? "type" : "";
  const name = node.name?.text ?? node.declarationList?.declarations[0]?.name.getText(source);
  return [`### ${kind ? `${kind} ` : ""}${name}`, "", doc(node), "", "```ts", node.getText(source).replace(/^\s*\/\*\*[\s\S]*?\*\/\s*/, ""), "```", ""];
}

const classes = [];
const others = [];
for (const statement of source.statements) {
  if (ts.isClassDeclaration(statement)) {
    classes.push(...classSection(statement), "");
  } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isVariableStatement(statement) || ts.isFunctionDeclaration(statement)) {
    others.push(...declarationSection(statement));
  }
}

const header = [
  "# API reference of the npm package `sentc`",
  "",
  "Generated from the package's types (`index.d.ts`) by `bindings-wasm/tools/api-reference.mjs`.",
  "sentc's names and shapes; the differences from sentc's SDK are in `docs/migrating-from-sentc.md`.",
  "",
];
writeFileSync(output, [...header, ...classes, "## Types", "", ...others].join("\n").replace(/\n{3,}/g, "\n\n"));
