// Measures how big mermaid draws diagrams, with mermaid's defaults, in a real browser: mermaid in jsdom
// cannot measure text, so the layout there is not the one a reader sees. Not a Jest test (CI has no
// browser); run by hand where Debian's chromium is installed (`apt-get install -y chromium`):
//
//   node __tests__/flows/mermaid/measure-in-chromium.mjs diagram.mmd... [--png out-dir]
//
// Prints one JSON line per diagram: { file, width, height } in CSS pixels (the SVG's viewBox, which is
// what the page lays out); with --png also writes <out-dir>/<name>.png, a screenshot at that size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const mermaidBundle = path.resolve(here, "..", "..", "..", "node_modules", "mermaid", "dist", "mermaid.min.js");
const args = process.argv.slice(2);
const pngIndex = args.indexOf("--png");
const pngDir = pngIndex >= 0 ? args[pngIndex + 1] : undefined;
const files = args.filter((_, index) => pngIndex < 0 || (index !== pngIndex && index !== pngIndex + 1));
const work = mkdtempSync(path.join(tmpdir(), "mermaid-measure-"));

function page(text, { frame }) {
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}</style>
<script src="file://${mermaidBundle}"></script></head><body><pre class="mermaid" id="d">${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</pre>
<script>
mermaid.initialize({ startOnLoad: false });
mermaid.run({ querySelector: "#d" }).then(() => {
  const svg = document.querySelector("#d svg");
  const box = svg.viewBox.baseVal;
  document.title = JSON.stringify({ width: Math.round(box.width), height: Math.round(box.height) });
  ${frame ? 'svg.style.maxWidth = "none"; svg.setAttribute("width", box.width); svg.setAttribute("height", box.height);' : ""}
}).catch((error) => { document.title = JSON.stringify({ error: String(error) }); });
</script></body></html>`;
}

function chromium(htmlFile, extra) {
  return execFileSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--virtual-time-budget=30000", ...extra, `file://${htmlFile}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
}

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const htmlFile = path.join(work, `${path.basename(file)}.html`);
  writeFileSync(htmlFile, page(text, { frame: false }));
  const dom = chromium(htmlFile, ["--dump-dom"]);
  const title = /<title>(.*?)<\/title>/s.exec(dom)?.[1] ?? '{"error":"no result"}';
  const size = JSON.parse(title.replace(/&quot;/g, '"'));
  if (pngDir !== undefined && size.width !== undefined) {
    const framed = path.join(work, `${path.basename(file)}.framed.html`);
    writeFileSync(framed, page(text, { frame: true }));
    const out = path.resolve(pngDir, `${path.basename(file).replace(/\.[^.]+$/, "")}.png`);
    chromium(framed, [`--screenshot=${out}`, `--window-size=${size.width},${size.height}`, "--hide-scrollbars"]);
  }
  process.stdout.write(`${JSON.stringify({ file, ...size })}\n`);
}
