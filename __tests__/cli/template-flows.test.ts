import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { printBuildFlowsResult, readValues, runBuildFlows } from "../../bin/commands/build-flows";
import { createLogger, EXIT_CODE } from "../../bin/logger";
import type { FlowJson } from "../../flows/flow-json";
import { PROJECT_ROOT } from "../support/connect-flow-fixtures";

// Issue 17 D on the command line: validate warns about placeholders instead of failing, and build-flows
// lists the references its flows still hold and fills them in from --set / --set-file.
function connectAsync(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync("npx", ["--no", "connect-async", ...args], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const PROMPT_ARN = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555/prompt/66666666-7777-8888-9999-000000000000";
const LAMBDA_ARN = "arn:aws:lambda:eu-west-2:123456789012:function:backend";

function capture(): { logger: ReturnType<typeof createLogger>; err: string[] } {
  const err: string[] = [];
  const logger = createLogger({ stdout: { write: () => undefined }, stderr: { write: (text: string) => err.push(text) } });
  return { logger, err };
}

function beepTemplate(): FlowJson {
  return {
    Version: "2019-10-30",
    StartAction: "beep",
    Actions: [
      { Identifier: "beep", Type: "MessageParticipant", Parameters: { PromptId: "%BeepPromptArn%" }, Transitions: { NextAction: "call", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "call", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "ENTER BACKEND LAMBDA", InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  } as unknown as FlowJson;
}

describe("flows kept as templates on the command line", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-templates-"));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("validate passes a template with a warning per placeholder, and --strict fails it", () => {
    // GIVEN a flow file whose PromptId is %BeepPromptArn% and whose Lambda ARN is "ENTER BACKEND LAMBDA"
    const file = path.join(workDir, "beep.json");
    writeFileSync(file, JSON.stringify(beepTemplate()));
    // WHEN it is validated, plainly and strictly
    const plain = connectAsync("validate", file);
    const strict = connectAsync("validate", "--strict", file);
    // THEN the plain run passes and names both placeholders as warnings; the strict run fails
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/\[beep\] warning: .*"%BeepPromptArn%".*\(TEMPLATE_PLACEHOLDER\)/);
    expect(plain.stdout).toMatch(/\[call\] warning: .*"ENTER BACKEND LAMBDA".*\(TEMPLATE_PLACEHOLDER\)/);
    expect(plain.stdout).not.toContain("PROMPT_ID_MALFORMED");
    expect(strict.status).toBe(1);
  });

  it("build-flows lists the references left, and writes the flow filled in from --set-file and --set", async () => {
    // GIVEN a template, a values file for one placeholder, and a --set for the other
    const varsFile = path.join(workDir, "vars.json");
    writeFileSync(varsFile, JSON.stringify({ BeepPromptArn: "arn:aws:connect:wrong" }));
    const values = await readValues(varsFile, [`BeepPromptArn=${PROMPT_ARN}`, `ENTER BACKEND LAMBDA=${LAMBDA_ARN}`]);
    const outDir = path.join(workDir, "filled");
    // WHEN the flow is built without values and with them
    const bare = await runBuildFlows({ outDir: path.join(workDir, "bare"), loadFlows: () => [{ name: "beep", flow: beepTemplate() }] });
    const filled = await runBuildFlows({ outDir, values, loadFlows: () => [{ name: "beep", flow: beepTemplate() }] });
    // THEN without values both are listed and the flow is still written (warnings only)
    expect(bare.exitCode).toBe(EXIT_CODE.Ok);
    expect(bare.flows[0]!.unresolved!.map((reference) => reference.name)).toEqual(["BeepPromptArn", "ENTER BACKEND LAMBDA"]);
    // AND with them (--set winning over the file) nothing is left, and the JSON holds the values
    expect(filled.exitCode).toBe(EXIT_CODE.Ok);
    expect(filled.flows[0]!.unresolved).toEqual([]);
    expect(filled.flows[0]!.issues.filter((issue) => issue.code === "TEMPLATE_PLACEHOLDER")).toEqual([]);
    const written = JSON.parse(readFileSync(path.join(outDir, "beep.json"), "utf8")) as FlowJson;
    expect(written.Actions.map((action) => action.Parameters.PromptId ?? action.Parameters.LambdaFunctionARN)).toEqual([PROMPT_ARN, LAMBDA_ARN, undefined]);
  });

  it("build-flows judges the values given: one that is not a prompt ARN is an error, and the flow is not written", async () => {
    const result = await runBuildFlows({ outDir: path.join(workDir, "bad"), values: new Map([["BeepPromptArn", "beep.wav"]]), loadFlows: () => [{ name: "beep", flow: beepTemplate() }] });
    expect(result.exitCode).toBe(EXIT_CODE.UserError);
    expect(result.flows[0]!.issues.map((issue) => issue.code)).toContain("PROMPT_ID_MALFORMED");
    expect(result.flows[0]!.jsonFile).toBeUndefined();
  });

  it("build-flows reports a --set that matches nothing, and fails", async () => {
    // GIVEN a misspelt name
    const { logger, err } = capture();
    // WHEN the flow is built with it
    const result = await runBuildFlows({ outDir: path.join(workDir, "typo"), values: new Map([["BeepPromptARN", PROMPT_ARN]]), loadFlows: () => [{ name: "beep", flow: beepTemplate() }] });
    printBuildFlowsResult(result, logger);
    // THEN the run fails and says which names the flows hold
    expect(result.exitCode).toBe(EXIT_CODE.UserError);
    expect(result.unmatchedValues).toEqual(["BeepPromptARN"]);
    expect(err.join("")).toMatch(/--set BeepPromptARN matches nothing in any flow.*BeepPromptArn, ENTER BACKEND LAMBDA/);
  });

  it.each([
    ["no =", ["BeepPromptArn"], /--set takes NAME=VALUE/],
    ["no value", ["BeepPromptArn="], /--set takes NAME=VALUE/],
  ])("refuses a --set with %s, saying how to write it", async (_case, settings, message) => {
    await expect(readValues(undefined, settings)).rejects.toThrow(message);
  });

  it("refuses a --set-file that is not an object of strings", async () => {
    const file = path.join(workDir, "bad-vars.json");
    writeFileSync(file, JSON.stringify({ BeepPromptArn: 42 }));
    await expect(readValues(file, [])).rejects.toThrow(/value of "BeepPromptArn" must be a non-empty string/);
  });

  it("build-flows on the demo project lists its Lambdas and hold music by name, and fills in the one given", () => {
    // GIVEN the demo app (its hold music is looked up by a Terraform data source) and a value for that prompt
    const outDir = path.join(workDir, "demo");
    // WHEN build-flows runs with it and with a misspelt name
    const result = connectAsync("build-flows", "--out", outDir, "--set", `data.aws_connect_prompt.hold_music.arn=${PROMPT_ARN}`, "--set", "data.aws_connect_prompt.hold_musik.arn=x");
    // THEN the prompt is filled in, the Lambdas are listed by their Terraform references, and the misspelt name fails the run
    const demo = JSON.parse(readFileSync(path.join(outDir, "connect-async-demo.json"), "utf8")) as FlowJson;
    expect(demo.Actions.map((action) => action.Parameters.PromptId).filter((id) => id !== undefined)).toEqual([PROMPT_ARN]);
    expect(result.stdout).toMatch(/^ {2}aws_lambda_function\.[A-Za-z0-9_]+\.arn {2}\(the stack's Lambda connect-async-demo-start, written arn:aws:lambda:[a-z0-9-]+:000000000000:function:connect-async-demo-start/m);
    expect(result.stderr).toContain("--set data.aws_connect_prompt.hold_musik.arn matches nothing");
    expect(result.status).toBe(1);
  });
});
