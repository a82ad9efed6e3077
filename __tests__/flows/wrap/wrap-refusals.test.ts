import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runSimulate } from "../../../bin/commands/simulate";
import { runValidate } from "../../../bin/commands/validate";
import { runWrap } from "../../../bin/commands/wrap";
import { EXIT_CODE } from "../../../bin/logger";
import { buildDemoFlow } from "../../../flows/demo";
import type { FlowJson } from "../../../flows/flow-json";
import { renderMermaid } from "../../../flows/mermaid";
import { wrapFlow, type WrapOptions } from "../../../flows/wrap/wrap-flow";
import { WrapRefusedError } from "../../../flows/wrap/wrap-refusal";
import { asFlow, FIXTURE_DIR, loadFixture } from "../../support/connect-flow-fixtures";

const SEED = path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json");
const FN = (name: string): string => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

function refusalCodes(flow: FlowJson, options: WrapOptions): string[] {
  try {
    wrapFlow(flow, options);
  } catch (error) {
    if (error instanceof WrapRefusedError) return error.reasons.map((reason) => reason.code);
    throw error;
  }
  return [];
}

/** lookup → say name → other Lambda → say name again: the second read comes after another call replaced $.External. */
const READ_AFTER_OTHER_CALL: FlowJson = {
  Version: "2019-10-30",
  StartAction: "lookup",
  Actions: [
    { Identifier: "lookup", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: FN("lookup"), InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "say", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "Hello $.External.name" }, Transitions: { NextAction: "audit", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "audit", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: FN("audit"), InvocationTimeLimitSeconds: "3" }, Transitions: { NextAction: "again", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "again", Type: "MessageParticipant", Parameters: { Text: "Goodbye $.External.name" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

describe("wrap refuses what it cannot wrap safely, saying why", () => {
  it("a call whose result is read after another Lambda call", () => {
    expect(refusalCodes(READ_AFTER_OTHER_CALL, { block: "lookup", operation: "lookup" })).toEqual(["RESULT_READ_AFTER_OTHER_LAMBDA"]);
    // AND the other call, whose result nobody reads later, wraps
    expect(refusalCodes(READ_AFTER_OTHER_CALL, { block: "audit", operation: "audit" })).toEqual([]);
  });

  it("a flow type that allows neither the loop's prompts nor the Wait", () => {
    expect(refusalCodes(asFlow(loadFixture("seed_Sample-Async-Lambda.json")), { block: "Async Trigger", operation: "x", flowType: "CUSTOMER_HOLD" })).toEqual(["FLOW_TYPE"]);
    expect(refusalCodes(asFlow(loadFixture("seed_Sample-Async-Lambda.json")), { block: "Async Trigger", operation: "x", flowType: "CUSTOMER_WHISPER", strategy: "event" })).toEqual(["FLOW_TYPE"]);
  });

  it("an ambiguous or unknown block, listing the calls there are", () => {
    const seed = asFlow(loadFixture("seed_Sample-Async-Lambda.json"));
    expect(refusalCodes(seed, { operation: "x" })).toEqual(["AMBIGUOUS_BLOCK"]);
    expect(refusalCodes(seed, { lambda: "sfn_function", operation: "x" })).toEqual(["AMBIGUOUS_BLOCK"]);
    expect(() => wrapFlow(seed, { block: "nope", operation: "x" })).toThrow(/--block nope matches no Lambda call; the flow's Lambda calls are: Async Check \(sfn_function\), Async Trigger \(sfn_function\)/);
  });

  it("macro options the builder refuses, such as a loop hold prompt of unknown length, with the builder's reason", () => {
    const seed = asFlow(loadFixture("seed_Sample-Async-Lambda.json"));
    const options: WrapOptions = { block: "Async Trigger", operation: "x", strategy: "loop", holdPromptId: "arn:aws:connect:us-east-1:111111111111:instance/abc/prompt/def" };
    expect(refusalCodes(seed, options)).toEqual(["BAD_OPTION"]);
    expect(() => wrapFlow(seed, options)).toThrow(/holdPrompt is a recording of unknown length/);
    // AND with the prompt's length the same options wrap
    expect(refusalCodes(seed, { ...options, holdPromptSeconds: 5 })).toEqual([]);
  });

  it("the macro's own poll, and a bad operation name, all at once", () => {
    const demo = buildDemoFlow({ startFunctionArn: FN("s"), pollFunctionArn: FN("p") });
    const poll = demo.Actions.find((action) => action.Parameters.LambdaFunctionARN === FN("p"))!;
    expect(refusalCodes(demo, { block: poll.Identifier, operation: "not ok!" })).toEqual(["BAD_OPTION", "ALREADY_ASYNC"]);
  });
});

describe("connect-async wrap, end to end", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-wrap-"));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it("wraps the seed's slow call into a file that validates, draws as one macro node, and simulates to success from the flow's own start", async () => {
    // GIVEN the seed export, WHEN its trigger call is wrapped
    const out = path.join(workDir, "wrapped.json");
    const result = await runWrap({ file: SEED, block: "Async Trigger", operation: "lookUp", out, initialMessage: "One moment please." });
    expect(result.exitCode).toBe(EXIT_CODE.Ok);
    // THEN the report names the original Lambda as the drop-in target, with the call's input
    const report = result.ok ? result.report.join("\n") : "";
    expect(report).toContain('target: "arn:aws:lambda:ap-southeast-2:012345678910:function:sfn_function",');
    expect(report).toContain('inputs: ["customer_number"],');
    expect(report).toContain('"lookUp" = { target = "arn:aws:lambda:ap-southeast-2:012345678910:function:sfn_function"');
    // AND the file passes validate
    expect((await runValidate({ paths: [out], strict: false, flowType: "CONTACT_FLOW" })).exitCode).toBe(EXIT_CODE.Ok);
    // AND its compact diagram shows the macro as one node
    expect(renderMermaid(JSON.parse(readFileSync(out, "utf8")) as FlowJson)).toMatch(/m_lookUp\[\["lookUp: async/);
    // AND simulate --flow plays it to success against the slow backend
    const simulated = await runSimulate({ scenario: "slow-backend", flow: out });
    expect(simulated.result.callers[0].outcome.kind).toBe("success");
  }, 120_000);

  it("exits 1 with every reason when it refuses, and writes nothing", async () => {
    const input = path.join(workDir, "read-after.json");
    writeFileSync(input, JSON.stringify(READ_AFTER_OTHER_CALL));
    const out = path.join(workDir, "never.json");
    const result = await runWrap({ file: input, block: "lookup", operation: "lookup", out });
    expect(result).toMatchObject({ ok: false, exitCode: EXIT_CODE.UserError, refusals: [expect.objectContaining({ code: "RESULT_READ_AFTER_OTHER_LAMBDA", message: expect.stringContaining("copy the values") })] });
    expect(() => readFileSync(out)).toThrow();
  });
});

describe("wrap's inputs and layout", () => {
  it("takes describe-contact-flow output, whose Content is the flow as a string", async () => {
    // GIVEN the seed export wrapped as `aws connect describe-contact-flow` prints it
    const workDir = mkdtempSync(path.join(tmpdir(), "connect-async-wrap-describe-"));
    try {
      const described = path.join(workDir, "described.json");
      writeFileSync(described, JSON.stringify({ ContactFlow: { Name: "seed", Type: "CONTACT_FLOW", Content: readFileSync(SEED, "utf8") } }));
      // WHEN wrapped, THEN the result is the wrapped flow document itself
      const result = await runWrap({ file: described, block: "Async Trigger", operation: "lookUp" });
      expect(result.ok && result.wrap.flow.Actions.some((action) => action.Identifier === "Async Trigger")).toBe(true);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it("lays out the whole flow when it has no designer metadata, without overlaps", () => {
    // GIVEN a flow without Metadata, WHEN a call is wrapped
    const wrapped = wrapFlow(READ_AFTER_OTHER_CALL, { block: "audit", operation: "audit" }).flow;
    // THEN every block has a position, and no two boxes (220 x 140) overlap
    const positions = wrapped.Actions.map((action) => wrapped.Metadata?.ActionMetadata?.[action.Identifier]?.position);
    expect(positions.every((position) => position !== undefined)).toBe(true);
    for (let i = 0; i < positions.length; i += 1) {
      for (let j = i + 1; j < positions.length; j += 1) {
        expect(Math.abs(positions[i]!.x - positions[j]!.x) < 220 && Math.abs(positions[i]!.y - positions[j]!.y) < 140).toBe(false);
      }
    }
  });
});
