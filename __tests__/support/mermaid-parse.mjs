// Parses Mermaid diagrams with the real mermaid parser, in a child process: mermaid 11 is ESM-only and
// Jest here runs CommonJS. Usage: node mermaid-parse.mjs FILE...   (or a JSON array of texts on stdin).
// Prints a JSON array of { name, ok, error? } and exits 0 when every diagram parses, 1 otherwise.
import { readFile } from "node:fs/promises";
import { JSDOM } from "jsdom";

// mermaid's DOMPurify needs a window and a document, even just to parse.
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const files = process.argv.slice(2);
const diagrams = files.length > 0
  ? await Promise.all(files.map(async (file) => ({ name: file, text: await readFile(file, "utf8") })))
  : JSON.parse(await readStdin()).map((text, index) => ({ name: `stdin #${index + 1}`, text }));

const results = [];
for (const { name, text } of diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ name, ok: parsed !== false, type: parsed?.diagramType });
  } catch (error) {
    results.push({ name, ok: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
