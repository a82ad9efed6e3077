/**
 * Projects with several flows (issue 17 B): `simulate --all` runs each flow of the app with a per-flow
 * summary, and `diagram` draws every flow of a folder; the init scaffold's scripts use both.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CommanderError } from "commander";
import { runSimulateAll } from "../../bin/commands/simulate-all";
import { createLogger, EXIT_CODE } from "../../bin/logger";
import { createProgram } from "../../bin/program";
import { DisconnectParticipant, Flow, MessageParticipant } from "../../flows";

const TWO_FLOWS_APP = path.join(__dirname, "fixtures", "two-flows-app");

/** Runs the program in-process and returns what a user would see, and the exit code. */
async function connectAsync(...args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger({ stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } });
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    await createProgram(logger)
      .parseAsync(["node", "connect-async", ...args])
      .catch((error: unknown) => {
        // A usage error ends in commander's exception, as in bin/connect-async.ts, which exits with its code.
        if (!(error instanceof CommanderError)) throw error;
        process.exitCode = error.exitCode;
      });
    return { out: out.join(""), err: err.join(""), exitCode: process.exitCode as number | undefined };
  } finally {
    process.exitCode = saved;
  }
}

describe("simulate --all", () => {
  it("simulates every flow of the app, each with its own operation, and ends with a line per flow", async () => {
    // WHEN the two-flow app is simulated with --all
    const { out, err, exitCode } = await connectAsync("simulate", "--all", "--scenario", "fast-backend", "--project", TWO_FLOWS_APP);
    // THEN each flow has its report, under its name, and the summary names both with their outcome
    expect(err).toBe("");
    expect(exitCode).toBe(EXIT_CODE.Ok);
    expect(out).toContain("=== Balance line ===");
    expect(out).toContain("=== Card line ===");
    const summary = out.slice(out.indexOf("Summary: scenario fast-backend, 2 flows"));
    expect(summary).toMatch(/^ {2}Balance line +success +\d+\.\d s +\d+\.\d s$/m);
    expect(summary).toMatch(/^ {2}Card line +success +\d+\.\d s +\d+\.\d s$/m);
  }, 120_000);

  it("runs each flow with the operation it names, from the stack", async () => {
    const { runs, exitCode } = await runSimulateAll({ scenario: "fast-backend", projectDir: TWO_FLOWS_APP });
    expect(exitCode).toBe(EXIT_CODE.Ok);
    expect(runs.map((run) => [run.flowName, Object.keys(run.result?.operations ?? {}).sort()])).toEqual([
      ["Balance line", ["balance", "card"]],
      ["Card line", ["balance", "card"]],
    ]);
    expect(runs.map((run) => run.result!.executions.length)).toEqual([1, 1]);
  }, 120_000);

  it("without --all, several flows still ask for a name, and now say --all exists", async () => {
    const { err, exitCode } = await connectAsync("simulate", "--scenario", "fast-backend", "--project", TWO_FLOWS_APP);
    expect(exitCode).toBe(EXIT_CODE.UserError);
    expect(err).toMatch(/the project has several flows \("Balance line", "Card line"\); choose one by name, or simulate every one with --all/);
  }, 120_000);

  it("refuses --all with --flow, saying what to do", async () => {
    const { err, exitCode } = await connectAsync("simulate", "--all", "--flow", "Card line", "--scenario", "fast-backend", "--project", TWO_FLOWS_APP);
    expect(exitCode).toBe(EXIT_CODE.UserError);
    expect(err).toMatch(/--all simulates every flow; leave out --flow and --svg/);
  });
});

describe("diagram of several flows", () => {
  let workDir: string;
  beforeAll(() => {
    // GIVEN a folder with two flows, as build-flows --out writes them
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-diagrams-"));
    for (const name of ["Greeting", "Closed"]) {
      const bye = new DisconnectParticipant("Bye");
      const flow = new Flow({ name, startWith: new MessageParticipant(`Say ${name}`, { prompt: { text: name } }).onError(bye).next(bye) }).toJson();
      writeFileSync(path.join(workDir, `${name}.json`), JSON.stringify(flow));
    }
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("draws every flow of a folder as Markdown, one mermaid block under each file's name", async () => {
    const { out, exitCode } = await connectAsync("diagram", workDir);
    expect(exitCode ?? EXIT_CODE.Ok).toBe(EXIT_CODE.Ok);
    const headings = [...out.matchAll(/^## (.+)$/gm)].map((match) => path.basename(match[1]!));
    expect(headings).toEqual(["Closed.json", "Greeting.json"]);
    expect(out.match(/^```mermaid\nflowchart TD\n/gm)).toHaveLength(2);
    expect(out).toContain("Say Greeting");
    expect(out).toContain("Say Closed");
  });

  it("draws a folder holding one flow as plain Mermaid, as for a file", async () => {
    const single = mkdtempSync(path.join(tmpdir(), "connect-async-diagram-"));
    try {
      const bye = new DisconnectParticipant("Bye");
      writeFileSync(path.join(single, "Only.json"), JSON.stringify(new Flow({ name: "Only", startWith: bye }).toJson()));
      expect((await connectAsync("diagram", single)).out).toMatch(/^flowchart TD\n/);
    } finally {
      rmSync(single, { recursive: true, force: true });
    }
  });

  it("refuses --out with several flows and points at build-flows", async () => {
    const { err, exitCode } = await connectAsync("diagram", workDir, "--out", path.join(workDir, "x.mmd"));
    expect(exitCode).toBe(EXIT_CODE.UserError);
    expect(err).toMatch(/--out writes one flow, and 2 were given/);
  });
});
