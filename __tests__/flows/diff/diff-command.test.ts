import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DIFF_CHANGED_EXIT_CODE } from "../../../bin/commands/diff";
import { createLogger, EXIT_CODE } from "../../../bin/logger";
import { createProgram } from "../../../bin/program";
import { FIXTURE_DIR, loadFixture } from "../../support/connect-flow-fixtures";

const SEED = path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json");

async function run(args: ReadonlyArray<string>): Promise<{ exitCode: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger({ stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } });
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await createProgram(logger).parseAsync(["node", "connect-async", "diff", ...args]);
    return { exitCode: Number(process.exitCode ?? 0), out: out.join(""), err: err.join("") };
  } finally {
    process.exitCode = previous;
  }
}

describe("connect-async diff", () => {
  let workDir: string;
  let changed: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-diff-"));
    const flow = loadFixture("seed_Sample-Async-Lambda.json");
    const prompt = flow.Actions.find((action) => action.Type === "MessageParticipant" && typeof action.Parameters.Text === "string")!;
    prompt.Parameters.Text = "New words";
    changed = path.join(workDir, "changed.json");
    writeFileSync(changed, JSON.stringify(flow));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it("exits 0 with 'no changes' for the same flow, also with --detailed-exitcode", async () => {
    const result = await run([SEED, SEED, "--detailed-exitcode"]);
    expect(result.exitCode).toBe(EXIT_CODE.Ok);
    expect(result.out).toMatch(/: no changes\n$/);
  });

  it("exits 0 on changes by default and 3 with --detailed-exitcode, so CI can tell changed from failed", async () => {
    expect((await run([SEED, changed])).exitCode).toBe(EXIT_CODE.Ok);
    const detailed = await run([SEED, changed, "--detailed-exitcode"]);
    expect(detailed.exitCode).toBe(DIFF_CHANGED_EXIT_CODE);
    expect(detailed.out).toContain('Text: "');
  });

  it("gives the change list as JSON and the diagram as a file", async () => {
    const mermaidFile = path.join(workDir, "diff.mmd");
    const result = await run([SEED, changed, "--json", "--mermaid", mermaidFile]);
    const report = JSON.parse(result.out) as { changed: boolean; changes: Array<{ kind: string; parameters?: Array<{ path: string }> }> };
    expect(report.changed).toBe(true);
    expect(report.changes).toEqual([expect.objectContaining({ kind: "changed", parameters: [expect.objectContaining({ path: "Text" })] })]);
    expect(readFileSync(mermaidFile, "utf8")).toMatch(/^flowchart TD\n[\s\S]*class \w+ changed;/);
  });

  it("prints Markdown with the summary and a mermaid block for a job summary", async () => {
    const result = await run([SEED, changed, "--markdown"]);
    expect(result.out).toMatch(/^```text\n[\s\S]*\n```\n\n```mermaid\nflowchart TD\n[\s\S]*\n```\n$/);
  });

  it("exits 1 naming the file when a file is not a flow", async () => {
    const notAFlow = path.join(workDir, "not-a-flow.json");
    writeFileSync(notAFlow, '{"hello": 1}');
    const result = await run([SEED, notAFlow]);
    expect(result.exitCode).toBe(EXIT_CODE.UserError);
    expect(result.err).toContain(notAFlow);
  });
});
