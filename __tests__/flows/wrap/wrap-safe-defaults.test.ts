import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { runWrap } from "../../../bin/commands/wrap";
import { EXIT_CODE } from "../../../bin/logger";
import type { FlowAction, FlowJson } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { bridgeOperationSnippet, terraformOperationSnippet } from "../../../flows/wrap/operation-snippet";
import { wrapFlow, type WrapOptions } from "../../../flows/wrap/wrap-flow";
import { WrapRefusedError } from "../../../flows/wrap/wrap-refusal";
import { FIXTURE_DIR, loadFixture } from "../../support/connect-flow-fixtures";

// Issue 17 E: wrap, safe by default.
const SEED = path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json");
const FN = (name: string): string => `arn:aws:lambda:eu-west-2:123456789012:function:${name}`;
const MUSIC = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555/prompt/66666666-7777-8888-9999-000000000000";

const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** The block that plays over and over until the answer cuts it: the Play prompt that leads to itself. */
function holdBlocks(flow: FlowJson): FlowAction[] {
  return flow.Actions.filter((action) => action.Type === "MessageParticipant" && action.Transitions.NextAction === action.Identifier);
}

function refusalCodes(flow: FlowJson, options: WrapOptions): string[] {
  try {
    wrapFlow(flow, options);
  } catch (error) {
    if (error instanceof WrapRefusedError) return error.reasons.map((reason) => reason.code);
    throw error;
  }
  return [];
}

const call = (id: string, arn: string, next: string): FlowAction => ({
  Identifier: id, Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: arn, InvocationTimeLimitSeconds: "8" },
  Transitions: { NextAction: next, Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] },
});
const say = (id: string, text: string, next: string): FlowAction => ({
  Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next, Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] },
});
const BYE: FlowAction = { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };

describe("wrap's hold music with the event strategy", () => {
  it("is the instance's CustomerQueue.wav, looked up by name through a templatefile() variable, when no --hold-prompt is given", async () => {
    // GIVEN the seed export (an inbound flow, so the event strategy), and no hold prompt
    // WHEN its slow call is wrapped
    const result = await runWrap({ file: SEED, block: "Async Trigger", operation: "lookUp" });
    if (!result.ok) throw new Error("wrap failed");
    // THEN what repeats until the answer cuts it is a library prompt, not a pause
    const holds = holdBlocks(result.wrap.flow);
    expect(holds.length).toBeGreaterThan(0);
    for (const hold of holds) expect(hold.Parameters).toStrictEqual({ PromptId: "${connect_async_hold_prompt_arn}" });
    expect(result.wrap.holdPrompt).toMatchObject({ source: "instance", name: "CustomerQueue.wav" });
    // AND the Terraform the report suggests looks that prompt up by name and passes it to templatefile()
    const report = result.report.join("\n");
    const hcl = report.slice(report.indexOf("  # Hold music"), report.indexOf("Or run wrap again")).split("\n").map((line) => line.replace(/^ {2}/, "")).join("\n");
    const parsed = await parse("wrapped.tf", hcl) as {
      data: { aws_connect_prompt: { hold_music: Array<{ name: string }> } };
      resource: { aws_connect_contact_flow: { wrapped: Array<{ content: string }> } };
    };
    expect(parsed.data.aws_connect_prompt.hold_music[0]!.name).toBe("CustomerQueue.wav");
    expect(parsed.resource.aws_connect_contact_flow.wrapped[0]!.content).toMatch(/connect_async_hold_prompt_arn\s*=\s*data\.aws_connect_prompt\.hold_music\.arn/);
  });

  it("is the prompt given with --hold-prompt, with no template variable for it", async () => {
    const result = await runWrap({ file: SEED, block: "Async Trigger", operation: "lookUp", holdPromptId: MUSIC });
    if (!result.ok) throw new Error("wrap failed");
    for (const hold of holdBlocks(result.wrap.flow)) expect(hold.Parameters).toStrictEqual({ PromptId: MUSIC });
    expect(result.text).not.toContain("connect_async_hold_prompt_arn");
  });
});

describe("wrap's output as a Terraform template", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-wrap-template-"));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  /** The seed with a prompt that names its CloudFormation stack, as flows kept in CloudFormation templates do. */
  function seedWithStackName(): string {
    const flow = loadFixture("seed_Sample-Async-Lambda.json");
    const spacer = flow.Actions.find((action) => action.Identifier === "5c14c755-77cf-4b64-b3ae-58c5ccb3f9d9")!;
    spacer.Parameters.Text = "Welcome to ${AWS::StackName}, 100%{ sure }.";
    const file = path.join(workDir, "seed.json");
    writeFileSync(file, JSON.stringify(flow));
    return file;
  }

  (hasTerraform ? it : it.skip)("renders with Terraform's templatefile() to the flow, its own ${…} intact", async () => {
    // GIVEN a flow whose prompt holds ${AWS::StackName}, wrapped with the bridge's ARNs left as template variables
    const out = path.join(workDir, "wrapped.json");
    const result = await runWrap({ file: seedWithStackName(), block: "Async Trigger", operation: "lookUp", out });
    if (!result.ok) throw new Error("wrap failed");
    // WHEN Terraform renders the file as the report says
    const rendered = execFileSync("terraform", ["console"], {
      cwd: workDir,
      input: `jsonencode(templatefile("wrapped.json", { connect_async_start_function_arn = "${FN("start")}", connect_async_poll_function_arn = "${FN("poll")}", connect_async_hold_prompt_arn = "${MUSIC}" }))\n`,
      env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 16 * 1024 * 1024,
    }).toString();
    // The console prints the jsonencode()d string as a quoted literal: unquote it, decode the JSON string, then the flow.
    const flow = JSON.parse(JSON.parse(JSON.parse(rendered.trim().split("\n").pop()!) as string) as string) as FlowJson;
    // THEN it is the wrapped flow, with the ARNs filled in and the prompt's text as it was
    expect(flow.Actions.find((action) => action.Identifier === "5c14c755-77cf-4b64-b3ae-58c5ccb3f9d9")!.Parameters.Text).toBe("Welcome to ${AWS::StackName}, 100%{ sure }.");
    expect(flow.Actions.find((action) => action.Identifier === "Async Trigger")!.Parameters.LambdaFunctionARN).toBe(FN("start"));
    expect(validateFlow(flow).filter((issue) => issue.severity === "error")).toEqual([]);
  });

  it("is not a template, and keeps the flow's text as it is, when every ARN is given", async () => {
    const result = await runWrap({ file: seedWithStackName(), block: "Async Trigger", operation: "lookUp", startFunctionArn: FN("start"), pollFunctionArn: FN("poll"), holdPromptId: MUSIC });
    if (!result.ok) throw new Error("wrap failed");
    const flow = JSON.parse(result.text) as FlowJson;
    expect(flow.Actions.find((action) => action.Identifier === "5c14c755-77cf-4b64-b3ae-58c5ccb3f9d9")!.Parameters.Text).toBe("Welcome to ${AWS::StackName}, 100%{ sure }.");
    expect(result.report.join("\n")).not.toContain("templatefile(");
  });
});

describe("wrap's report", () => {
  it("prints each of the validator's warnings, not only their count", async () => {
    // GIVEN the seed, whose pause prompts are SSML that a chat contact can reach (a warning of the validator)
    const result = await runWrap({ file: SEED, block: "Async Trigger", operation: "lookUp", holdPromptId: MUSIC, startFunctionArn: FN("start"), pollFunctionArn: FN("poll") });
    if (!result.ok) throw new Error("wrap failed");
    // WHEN the wrapped flow is validated on its own
    const warnings = validateFlow(result.wrap.flow, { flowType: result.wrap.flowType }).filter((issue) => issue.severity === "warning");
    // THEN the report has one line per warning, naming its block and code
    expect(warnings.length).toBeGreaterThan(0);
    const report = result.report.join("\n");
    for (const warning of warnings) expect(report).toContain(`[${warning.blockId}] warning: ${warning.message} (${warning.code})`);
  });

  it("does not count wrap's own template variables as the flow's warnings", async () => {
    const result = await runWrap({ file: SEED, block: "Async Trigger", operation: "lookUp" });
    if (!result.ok) throw new Error("wrap failed");
    expect(result.issues.filter((issue) => issue.code === "TEMPLATE_PLACEHOLDER")).toEqual([]);
  });
});

describe("wrap on a block that names its Lambda at run time", () => {
  /** Set flow attributes backendArn, then call the Lambda it names. */
  function dynamicFlow(value: string | undefined): FlowJson {
    return {
      Version: "2019-10-30",
      StartAction: value === undefined ? "call" : "set",
      Actions: [
        ...(value === undefined ? [] : [{ Identifier: "set", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { backendArn: { Value: value } } }, Transitions: { NextAction: "call", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } }]),
        call("call", "$.FlowAttributes.backendArn", "done"),
        say("done", "Done.", "bye"),
        BYE,
      ],
    } as unknown as FlowJson;
  }

  it("reports the target as dynamic, with the ARN the flow sets it to, and never prints the reference as an ARN", async () => {
    // GIVEN a flow that sets $.FlowAttributes.backendArn to a Lambda ARN and calls it
    const wrap = wrapFlow(dynamicFlow(FN("backend")), { block: "call", operation: "backend" });
    // THEN the operation has no static target but a dynamic one naming the reference and the value found
    expect(wrap.operation.target).toBeUndefined();
    expect(wrap.operation.dynamicTarget).toMatchObject({ reference: "$.FlowAttributes.backendArn", values: [FN("backend")] });
    expect(wrap.notes.join(" ")).toMatch(/\$\.FlowAttributes\.backendArn holds at run time/);
    // AND the snippets give the ARN the flow sets, never the reference
    for (const snippet of [bridgeOperationSnippet(wrap.operation), terraformOperationSnippet(wrap.operation)]) {
      expect(snippet).toMatch(new RegExp(`target\\s*[:=]\\s*"${FN("backend")}"`));
      expect(snippet).not.toMatch(/target\s*[:=]\s*"\$\./);
    }
  });

  it("asks for the ARN when the flow does not set the attribute, with a value that is plainly not an ARN", async () => {
    const wrap = wrapFlow(dynamicFlow(undefined), { block: "call", operation: "backend" });
    expect(wrap.operation.dynamicTarget?.values).toEqual([]);
    const tfvars = terraformOperationSnippet(wrap.operation);
    const parsed = await parse("wrap.auto.tfvars", tfvars) as { operations: { backend: { target: string } } };
    expect(parsed.operations.backend.target.startsWith("arn:")).toBe(false);
    expect(parsed.operations.backend.target).not.toMatch(/^\$\./);
    expect(bridgeOperationSnippet(wrap.operation)).toContain("put that Lambda's ARN here");
  });
});

describe("wrap on a flow that calls the same Lambda twice", () => {
  // first (lookup) → second (lookup again) → say $.External.name → audit (another Lambda) → again $.External.name:
  // the name read late is the second call's; the first call's result is never read.
  const TWICE: FlowJson = {
    Version: "2019-10-30",
    StartAction: "first",
    Actions: [
      call("first", FN("lookup"), "second"),
      call("second", FN("lookup"), "say"),
      say("say", "Hello $.External.name", "audit"),
      call("audit", FN("audit"), "again"),
      say("again", "Goodbye $.External.name", "bye"),
      BYE,
    ],
  } as unknown as FlowJson;

  it("refuses the call whose result is read after another Lambda replaced it", () => {
    expect(refusalCodes(TWICE, { block: "second", operation: "lookup" })).toEqual(["RESULT_READ_AFTER_OTHER_LAMBDA"]);
  });

  it("wraps the other call of the same Lambda, whose result nobody reads late", () => {
    expect(refusalCodes(TWICE, { block: "first", operation: "lookup" })).toEqual([]);
  });

  it("and the validator names the second call as the producer", () => {
    const warning = validateFlow(TWICE).find((issue) => issue.code === "EXTERNAL_READ_AFTER_OTHER_LAMBDA");
    expect(warning).toMatchObject({ blockId: "again", message: expect.stringContaining('right after "second"') });
  });
});

describe("wrap exit codes stay as they were", () => {
  it("a refused wrap exits 1", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "connect-async-wrap-exit-"));
    try {
      const file = path.join(dir, "flow.json");
      writeFileSync(file, readFileSync(SEED, "utf8"));
      expect((await runWrap({ file, operation: "x" })).exitCode).toBe(EXIT_CODE.UserError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
