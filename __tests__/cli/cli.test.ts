import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { FIXTURE_DIR, PROJECT_ROOT, fixtureNames, loadFixture } from "../support/connect-flow-fixtures";

// These tests run the real command line, as a user would after `npm ci`: each spawn costs about a second,
// so there are only a few; the commands' logic is tested in-process in commands.test.ts.
function connectAsync(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync("npx", ["--no", "connect-async", ...args], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe("the connect-async command line", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-cli-"));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("validates every real flow export and exits 0", () => {
    // GIVEN the fixture exports, named relative to the project as a user would type them
    const files = fixtureNames().map((name) => path.relative(PROJECT_ROOT, path.join(FIXTURE_DIR, name)));
    expect(files[0].startsWith(path.join("..", "shared", "fixtures", "connect-flows"))).toBe(true);
    // WHEN `npx connect-async validate ../shared/fixtures/connect-flows/*.json` runs
    const result = connectAsync("validate", ...files);
    // THEN it exits 0 and its summary counts the files and no errors
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`OK: validated ${files.length} files: 0 errors`);
  });

  it("exits 1 on a broken flow and names the file and the block", () => {
    // GIVEN a copy of the async sample whose "Async Trigger" block goes to a block that does not exist
    const flow = loadFixture("seed_Sample-Async-Lambda.json");
    const trigger = flow.Actions.find((action) => action.Identifier === "Async Trigger");
    if (trigger === undefined) throw new Error("test setup: no Async Trigger block");
    trigger.Transitions.NextAction = "Nowhere";
    const file = path.join(workDir, "broken.json");
    writeFileSync(file, JSON.stringify(flow));
    // WHEN it is validated
    const result = connectAsync("validate", file);
    // THEN the exit code is 1 and the report line names the file, the block and the missing target
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`[${file}] [Async Trigger] `);
    expect(result.stdout).toContain('"Nowhere"');
    expect(result.stdout).toContain("FAILED: validated 1 file: 1 error");
  });

  it("prints a flow as a Mermaid flowchart", () => {
    // WHEN the async sample is drawn
    const result = connectAsync("diagram", path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json"));
    // THEN stdout is a flowchart naming its blocks
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith("flowchart TD\n")).toBe(true);
    expect(result.stdout).toContain("Invoke Lambda<br/>Async Trigger<br/>sfn_function (8 s)");
  });

  it("builds the project's flows into a folder as JSON and Mermaid files", () => {
    // WHEN build-flows writes into a fresh folder
    const outDir = path.join(workDir, "flows-out");
    const result = connectAsync("build-flows", "--out", outDir);
    // THEN it exits 0 (synth warnings, if any, shown as such) and writes a .json and a .mmd per flow; the JSON is a flow with designer positions
    for (const line of result.stderr.split("\n").filter((text) => text !== "")) expect(line).toMatch(/^warning: /);
    expect(result.status).toBe(0);
    const written = readdirSync(outDir).sort();
    expect(written).toContain("connect-async-demo.json");
    expect(written).toContain("connect-async-demo.mmd");
    expect(written.filter((name) => name.endsWith(".json")).length).toBe(written.filter((name) => name.endsWith(".mmd")).length);
    const demo = JSON.parse(readFileSync(path.join(outDir, "connect-async-demo.json"), "utf8"));
    expect(demo.Version).toBe("2019-10-30");
    expect(Object.keys(demo.Metadata.ActionMetadata)).toHaveLength(demo.Actions.length);
    expect(readFileSync(path.join(outDir, "connect-async-demo.mmd"), "utf8")).toMatch(/^flowchart /);
  });
});
