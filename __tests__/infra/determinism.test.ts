/**
 * Determinism: the same inputs synthesize to byte-identical Terraform JSON and assets in any folder.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listFiles, synthesizeDefaultStack, writeFixtureBundles, type SynthesizedStack } from "./support/synthesized-stack";

let first: SynthesizedStack;
let second: SynthesizedStack;
let secondCwd: string;

beforeAll(() => {
  // GIVEN two checkouts: bundles with the same bytes in different folders, synthesized from different working directories
  first = synthesizeDefaultStack({ handlersDir: writeFixtureBundles() });
  const originalCwd = process.cwd();
  secondCwd = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-elsewhere-"));
  process.chdir(secondCwd);
  try {
    second = synthesizeDefaultStack({ handlersDir: writeFixtureBundles(path.join(secondCwd, "dist", "handlers")) });
  } finally {
    process.chdir(originalCwd);
  }
});

it("gives byte-identical cdk.tf.json in different folders", () => {
  expect(first.outdir).not.toBe(second.outdir);
  expect(second.text).toBe(first.text);
});

it("gives identical asset files, names and hashes", () => {
  const assets = listFiles(path.join(first.stackDir, "assets"));
  expect(assets).toHaveLength(3);
  expect(listFiles(path.join(second.stackDir, "assets"))).toEqual(assets);
  for (const asset of assets) {
    expect(fs.readFileSync(path.join(second.stackDir, "assets", asset))).toEqual(fs.readFileSync(path.join(first.stackDir, "assets", asset)));
  }
});

it("embeds no absolute path, timestamp or cdktf version", () => {
  for (const text of [first.text, second.text]) {
    expect(text).not.toContain(os.tmpdir());
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(secondCwd);
    expect(text).not.toMatch(/"\/(?!aws\/)[A-Za-z][^"]*\//); // no value starting with an absolute path (log group names excepted)
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).not.toContain("stackTrace");
  }
  expect(JSON.parse(first.text)["//"].metadata.version).toBe("stubbed");
});
