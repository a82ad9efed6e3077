import { Command } from "commander";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerSimulate, runSimulate, SimulateInputError } from "../../bin/commands/simulate";
import type { Logger } from "../../bin/logger";

const FIXTURES = join(__dirname, "..", "..", "..", "shared", "fixtures", "connect-flows");

function capturingLogger(): Logger & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (line) => void out.push(`${line}\n`), data: (text) => void out.push(text), warn: (line) => void err.push(line), error: (line) => void err.push(line) };
}

describe("connect-async simulate", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "simulate-"));
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("runs a named scenario on the demo flow and prints the timeline and figures", async () => {
    // GIVEN the command registered on a program with a capturing logger
    const logger = capturingLogger();
    const program = new Command().exitOverride();
    registerSimulate(program, logger);
    // WHEN it runs the fast-backend scenario with an SVG
    const svg = join(dir, "fast.svg");
    await program.parseAsync(["node", "connect-async", "simulate", "--scenario", "fast-backend", "--svg", svg]);
    // THEN the report is printed and the SVG written
    const text = logger.out.join("");
    expect(text).toMatch(/^Outcome +success$/m);
    expect(text).toMatch(/^Lambda invocations +start 1$/m);
    expect(readFileSync(svg, "utf8")).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n$/);
    expect(process.exitCode).toBe(0);
  });

  it("prints JSON with --json", async () => {
    const logger = capturingLogger();
    const program = new Command().exitOverride();
    registerSimulate(program, logger);
    await program.parseAsync(["node", "connect-async", "simulate", "--scenario", "too-slow", "--json"]);
    const json = JSON.parse(logger.out.join(""));
    expect(json.outcome).toBe("timeout");
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["outcome", "timeToOutcomeMs", "resultDeliveryLagMs", "longestSilenceMs", "invocations", "executions", "timeline"]));
  });

  it("reads a scenario file and reports all its problems as a user error", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ name: "bad", backend: { latencyMs: -1 }, callers: [] }));
    await expect(runSimulate({ scenario: file })).rejects.toThrow(SimulateInputError);
    await expect(runSimulate({ scenario: file })).rejects.toThrow(/backend\.latencyMs: must be a number of milliseconds ≥ 0, got -1\n {2}- callers: must be a non-empty list/);
    await expect(runSimulate({ scenario: "no-such-scenario" })).rejects.toThrow(/unknown scenario "no-such-scenario"/);
  });

  it("runs another flow from a file, stubbing Lambdas that are not the macro's", async () => {
    // GIVEN an exported sync-to-async sample flow whose Lambda is not ours
    const { result } = await runSimulate({ scenario: "fast-backend", flow: join(FIXTURES, "seed_Sample-Async-Lambda.json") });
    // THEN it runs to its end with the stub answering {} (its compare never matches, so it loops out)
    expect(result.callers[0].terminal.type).toBe("DisconnectParticipant");
    expect(result.callers[0].outcome.kind).toBe("disconnect");
    expect(result.invocations).toEqual({ sfn_function: 12 });
    expect(result.executions).toHaveLength(0);
  });

  it("stops with a clear user error (not a crash) at an action the interpreter does not model", async () => {
    const run = runSimulate({ scenario: "fast-backend", flow: join(FIXTURES, "sbs_examples_Retail_contactFlow.json") });
    await expect(run).rejects.toThrow(/^cannot simulate this flow: unsupported action ShowView at /);
    await expect(run).rejects.toBeInstanceOf(SimulateInputError);
  });
});
