import { Command } from "commander";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerSimulate, runSimulate, SimulateInputError } from "../../bin/commands/simulate";
import type { Logger } from "../../bin/logger";

const FIXTURES = join(__dirname, "..", "..", "..", "shared", "fixtures", "connect-flows");

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

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

  it("plays a chat contact with --channel CHAT and reports its messages in --json", async () => {
    const logger = capturingLogger();
    const program = new Command().exitOverride();
    registerSimulate(program, logger);
    await program.parseAsync(["node", "connect-async", "simulate", "--scenario", "slow-backend", "--channel", "chat", "--json"]);
    const json = JSON.parse(logger.out.join(""));
    expect(json).toEqual(expect.objectContaining({ channel: "CHAT", outcome: "success", voiceOnlyPromptsOnChat: 0 }));
    expect(json.chatMessages).toBeGreaterThanOrEqual(2);
    expect(json.timeline.some((entry: { kind: string }) => entry.kind === "speech" || entry.kind === "audio")).toBe(false);
    expect(process.exitCode).toBe(0);
  });

  it("takes the channel from the scenario unless --channel says otherwise", async () => {
    const { result: chat } = await runSimulate({ scenario: "chat-slow-backend" });
    expect(chat.channel).toBe("CHAT");
    const { result: voice } = await runSimulate({ scenario: "chat-slow-backend", channel: "VOICE" });
    expect(voice.channel).toBe("VOICE");
    expect(voice.callers[0].chatMessages).toBe(0);
  });

  it("refuses an unknown --channel as a usage error", async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerSimulate(program, capturingLogger());
    await expect(program.parseAsync(["node", "connect-async", "simulate", "--scenario", "fast-backend", "--channel", "FAX"])).rejects.toThrow(
      /--channel must be one of VOICE, CHAT, TASK, EMAIL, got "FAX"/,
    );
  });

  it.each([
    ["a missing file", (dir: string) => join(dir, "missing.json"), /flow file .*missing\.json cannot be read \(ENOENT\)/],
    ["text that is not JSON", (dir: string) => write(dir, "broken.json", "{ not json"), /is not valid JSON/],
    ["JSON that is not a flow", (dir: string) => write(dir, "not-a-flow.json", JSON.stringify({ hello: "world" })), /expected a flow document with an "Actions" array/],
  ])("reports %s given as --flow as a user error", async (_case, file, message) => {
    const run = runSimulate({ scenario: "fast-backend", flow: file(dir) });
    await expect(run).rejects.toBeInstanceOf(SimulateInputError);
    await expect(runSimulate({ scenario: "fast-backend", flow: file(dir) })).rejects.toThrow(message);
  });

  it("runs a flow whose macro calls an operation not named demo, with that operation's executions, and labels Lambdas by function name", async () => {
    // GIVEN the demo flow built for an operation "billing" with Terraform-token ARNs, as a user's synth writes it
    const { buildDemoFlow } = await import("../../flows/demo");
    const file = write(dir, "billing.json", JSON.stringify(buildDemoFlow({ operation: "billing", startFunctionArn: "${aws_lambda_function.billing_start.arn}", pollFunctionArn: "${aws_lambda_function.billing_poll.arn}" })));
    // WHEN it is simulated
    const { result } = await runSimulate({ scenario: "slow-backend", flow: file });
    // THEN the operation ran (no MALFORMED_REQUEST_ID), and the timeline names the functions, not the tokens
    expect(result.callers[0].outcome.kind).toBe("success");
    expect(Object.keys(result.operations)).toEqual(["billing"]);
    expect(result.executions).toHaveLength(1);
    expect(result.callers[0].requestId).toMatch(/^billing#/);
    const names = new Set(result.timeline.flatMap((entry) => ("functionName" in entry ? [entry.functionName] : [])));
    expect(names).toEqual(new Set(["billing_start", "billing_poll"]));
  });

  it("reports a scenario that names an operation the flow does not start as a user error", async () => {
    const file = write(dir, "named.json", JSON.stringify({ name: "named", backend: { latencyMs: 100 }, operation: { name: "nosuch" } }));
    await expect(runSimulate({ scenario: file })).rejects.toThrow(/^cannot simulate this flow: the scenario's operation\.name "nosuch" is not an operation of this flow \(demo\)/);
  });

  it("stops with a clear user error (not a crash) at an action the interpreter does not model", async () => {
    const run = runSimulate({ scenario: "fast-backend", flow: join(FIXTURES, "sbs_examples_Retail_contactFlow.json") });
    await expect(run).rejects.toThrow(/^cannot simulate this flow: unsupported action ShowView at /);
    await expect(run).rejects.toBeInstanceOf(SimulateInputError);
  });
});
