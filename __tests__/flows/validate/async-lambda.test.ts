import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { FlowIssue, FlowJson } from "../../../flows/flow-json";
import { validateFlow, type ValidateFlowOptions } from "../../../flows/validate";
import type { MutableAction, MutableFlow } from "../../support/connect-flow-fixtures";

// A console export of Connect's asynchronous Lambda mode, written here from the facts in
// ../shared/reference/connect-flow-language.md §2.1.2: asynchronous invoke → event-based Wait that keeps
// running while waiting (Continue: a text, then hold music) → Load result → success / error / still running.
const EXPORT_FILE = path.join(__dirname, "fixtures", "async-lambda-console-export.json");
const ID = {
  invoke: "7b1f2c4e-0a51-4c55-9d5e-3f6a1c2b9e01",
  wait: "c2d9a8f0-5e3b-4b7a-8f61-0d2e4c6a8b02",
  load: "e4a7b3c1-9f2d-4e8a-b5c6-1a2b3c4d5e03",
  success: "f5b8c4d2-0a3e-4f9b-c6d7-2b3c4d5e6f04",
  holdText: "a6c9d5e3-1b4f-4a0c-d7e8-3c4d5e6f7a05",
  music: "b7d0e6f4-2c5a-4b1d-e8f9-4d5e6f7a8b06",
  failed: "c8e1f7a5-3d6b-4c2e-f9a0-5e6f7a8b9c07",
  stillRunning: "d9f2a8b6-4e7c-4d3f-a0b1-6f7a8b9c0d08",
  bye: "e0a3b9c7-5f8d-4e4a-b1c2-7a8b9c0d1e09",
} as const;

function loadExport(): MutableFlow {
  return JSON.parse(readFileSync(EXPORT_FILE, "utf8")) as MutableFlow;
}

function byId(flow: MutableFlow, id: string): MutableAction {
  const found = flow.Actions.find((action) => action.Identifier === id);
  if (found === undefined) throw new Error(`test setup: no action ${id}`);
  return found;
}

function issuesOf(flow: MutableFlow, options?: ValidateFlowOptions): FlowIssue[] {
  return validateFlow(flow as unknown as FlowJson, options);
}

const codesAt = (issues: FlowIssue[], id: string): string[] => issues.filter((issue) => issue.blockId === id).map((issue) => issue.code);

describe("the validator on Connect's asynchronous Lambda shapes (reference §2.1.2)", () => {
  it("accepts the console export with nothing to report: no error, no unknown type, no time-limit warning", () => {
    // GIVEN the export, WHEN it is validated without a flow type, THEN there is no issue at all
    // (the hold music, reached only through the Continue branch, is not unreachable either)
    expect(issuesOf(loadExport())).toEqual([]);
  });

  it("accepts it as an Inbound flow, warning only that chat contacts can reach the hold music", () => {
    const issues = issuesOf(loadExport(), { flowType: "CONTACT_FLOW" });
    expect(issues.map((issue) => [issue.code, issue.blockId, issue.severity])).toEqual([["VOICE_ONLY_PROMPT_ON_TEXT_CHANNEL", ID.music, "warning"]]);
    expect(issues[0].message).toMatch(/plays PromptId, which only voice supports, yet a CHAT, TASK, EMAIL contact can reach it/);
  });

  describe("a Wait inside a Continue branch is an error", () => {
    it("when the Continue branch runs on into the Wait that owns it", () => {
      // GIVEN the hold music now going back to the Wait instead of hanging up
      const flow = loadExport();
      byId(flow, ID.music).Transitions.NextAction = ID.wait;
      // WHEN validated, THEN the Wait is reported, with the path through the branch
      const errors = issuesOf(flow).filter((issue) => issue.severity === "error");
      expect(errors).toEqual([expect.objectContaining({ code: "WAIT_IN_CONTINUE_BRANCH", blockId: ID.wait })]);
      expect(errors[0].message).toContain(`"${ID.holdText}" → "${ID.music}" → "${ID.wait}"`);
      expect(errors[0].message).toContain("Unsupported Action In Wait Action's Continue Branch");
    });

    it("when a second Wait sits anywhere downstream of the Continue branch, even past other blocks and through an error branch", () => {
      // GIVEN a plain Wait reached from the hold music's error branch, via the "failed" message
      const flow = loadExport();
      flow.Actions.push({ Identifier: "inner-wait", Type: "Wait", Parameters: { TimeLimitSeconds: "5" },
        Transitions: { NextAction: ID.bye, Conditions: [{ NextAction: ID.bye, Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: ID.bye, ErrorType: "NoMatchingError" }] } });
      byId(flow, ID.music).Transitions.Errors = [{ NextAction: "second-hop", ErrorType: "NoMatchingError" }];
      flow.Actions.push({ Identifier: "second-hop", Type: "MessageParticipant", Parameters: { Text: "one more" }, Transitions: { NextAction: "inner-wait" } });
      // WHEN validated, THEN the inner Wait is the error
      expect(issuesOf(flow).filter((issue) => issue.code === "WAIT_IN_CONTINUE_BRANCH").map((issue) => issue.blockId)).toEqual(["inner-wait"]);
    });

    it("but not a Wait after the event branch (the next round of a long wait)", () => {
      // GIVEN the "still running" path going to a second event-based Wait, outside the Continue branch
      const flow = loadExport();
      const second = JSON.parse(JSON.stringify(byId(flow, ID.wait))) as MutableAction;
      second.Identifier = "next-round-wait";
      second.Transitions.Conditions![0].NextAction = "next-round-music";
      flow.Actions.push(second, { Identifier: "next-round-music", Type: "MessageParticipant", Parameters: { Text: "Still working." }, Transitions: { NextAction: "next-round-music" } });
      byId(flow, ID.stillRunning).Transitions.NextAction = "next-round-wait";
      // WHEN validated, THEN nothing is an error
      expect(issuesOf(flow).filter((issue) => issue.severity === "error")).toEqual([]);
    });
  });

  describe("mandatory branches", () => {
    it.each([
      ["Continue", 0, /lacks the condition\(s\) Equals "Continue"/],
      ["the event branch", 1, /lacks the condition\(s\) Equals "LambdaReturned"/],
      ["WaitCompleted", 2, /lacks the condition\(s\) Equals "WaitCompleted"/],
    ])("a keep-running event Wait without its %s condition is an error", (_name, index, message) => {
      const flow = loadExport();
      byId(flow, ID.wait).Transitions.Conditions!.splice(index, 1);
      const errors = issuesOf(flow).filter((issue) => issue.severity === "error");
      expect(errors).toEqual([expect.objectContaining({ code: "WAIT_CONDITIONS", blockId: ID.wait, message: expect.stringMatching(message) })]);
    });

    it("an event branch name over 100 characters, or an event without an Identifier, is an error", () => {
      const flow = loadExport();
      const wait = byId(flow, ID.wait);
      const long = "B".repeat(101);
      wait.Parameters.InterruptibleEvents = { [long]: { AsyncLambdaCompletionEvent: {} } };
      wait.Transitions.Conditions![1].Condition.Operands = [long];
      const errors = issuesOf(flow).filter((issue) => issue.severity === "error");
      expect(errors.map((issue) => issue.code)).toEqual(["WAIT_EVENT_MALFORMED", "WAIT_EVENT_MALFORMED"]);
      expect(errors[0].message).toMatch(/\(101 characters\); a branch name is 1 to 100 characters/);
      expect(errors[1].message).toMatch(/without an "Identifier"/);
    });

    it("an event kind the validator does not know is only a warning", () => {
      const flow = loadExport();
      byId(flow, ID.wait).Parameters.InterruptibleEvents = { LambdaReturned: { CaseFieldsUpdatedEvent: { Fields: [] } } };
      expect(issuesOf(flow).map((issue) => [issue.code, issue.severity])).toEqual([["WAIT_EVENT_UNKNOWN", "warning"]]);
    });

    it.each(["InProgress", "NoMatchingError"])("Load result without its %s error branch is an error", (errorType) => {
      const flow = loadExport();
      const load = byId(flow, ID.load);
      load.Transitions.Errors = load.Transitions.Errors!.filter((entry) => entry.ErrorType !== errorType);
      const errors = issuesOf(flow).filter((issue) => issue.severity === "error");
      expect(errors).toEqual([expect.objectContaining({ code: "LOAD_RESULT_BRANCHES", blockId: ID.load, message: expect.stringContaining(`"${errorType}"`) })]);
    });

    it("Load result without an invocation id is an error", () => {
      const flow = loadExport();
      byId(flow, ID.load).Parameters = {};
      expect(issuesOf(flow).filter((issue) => issue.severity === "error")).toEqual([expect.objectContaining({ code: "LOAD_RESULT_ID_MISSING", blockId: ID.load })]);
    });

    it("an asynchronous time limit over 60 s, and an unknown InvocationType, are errors", () => {
      const over = loadExport();
      byId(over, ID.invoke).Parameters.InvocationTimeLimitSeconds = "61";
      expect(codesAt(issuesOf(over).filter((issue) => issue.severity === "error"), ID.invoke)).toEqual(["LAMBDA_TIMEOUT_RANGE"]);
      const unknown = loadExport();
      byId(unknown, ID.invoke).Parameters.InvocationType = "EVENT";
      expect(codesAt(issuesOf(unknown).filter((issue) => issue.severity === "error"), ID.invoke)).toEqual(["LAMBDA_INVOCATION_TYPE"]);
    });
  });

  describe("data flow", () => {
    /** A synchronous call whose answer the flow reads, then `between`, then the same read again. */
    function readTwice(between: MutableAction): MutableFlow {
      const flow = loadExport();
      flow.StartAction = "sync";
      flow.Actions.push(
        { Identifier: "sync", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "arn:aws:lambda:us-east-1:111111111111:function:profile", InvocationTimeLimitSeconds: "3" }, Transitions: { NextAction: "first-read" } },
        { Identifier: "first-read", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { tier: { Value: "$.External.tier" } } }, Transitions: { NextAction: between.Identifier } },
        between,
        { Identifier: "second-read", Type: "MessageParticipant", Parameters: { Text: "Your tier is $.External.tier" }, Transitions: { NextAction: ID.invoke } },
      );
      return flow;
    }

    it("an asynchronous invoke leaves $.External as it was", () => {
      const flow = readTwice({ Identifier: "fire", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "arn:aws:lambda:us-east-1:111111111111:function:audit", InvocationTimeLimitSeconds: "30", InvocationType: "ASYNCHRONOUS" }, Transitions: { NextAction: "second-read" } });
      expect(codesAt(issuesOf(flow), "second-read")).toEqual([]);
    });

    it("Load result replaces $.External like a synchronous call", () => {
      const flow = readTwice({ Identifier: "fetch", Type: "LoadLambdaFunctionResult", Parameters: { LambdaInvocationId: "$.FlowAttributes.auditId" },
        Transitions: { NextAction: "second-read", Errors: [{ NextAction: "second-read", ErrorType: "NoMatchingError" }, { NextAction: "second-read", ErrorType: "InProgress" }] } });
      expect(codesAt(issuesOf(flow), "second-read")).toEqual(["EXTERNAL_READ_AFTER_OTHER_LAMBDA"]);
    });

    it("reads $.LambdaInvocation.InvocationId after an asynchronous invoke as a known reference, and a retry of a failed invoke loses no id", () => {
      const flow = loadExport();
      // GIVEN the invoke's error branch retrying the invoke itself
      byId(flow, ID.invoke).Transitions.Errors = [{ NextAction: ID.invoke, ErrorType: "NoMatchingError" }];
      expect(issuesOf(flow)).toEqual([]);
    });

    it("does not count asynchronous invocations toward the 20 s of consecutive Lambda time", () => {
      // GIVEN three asynchronous 60 s invokes in a row before the Wait, and the same chain made synchronous at 8 s
      const chain = (invocationType: string | undefined, seconds: string): MutableFlow => {
        const flow = loadExport();
        flow.StartAction = "c1";
        for (const [id, next] of [["c1", "c2"], ["c2", "c3"], ["c3", ID.invoke]]) {
          flow.Actions.push({ Identifier: id, Type: "InvokeLambdaFunction",
            Parameters: { LambdaFunctionARN: `arn:aws:lambda:us-east-1:111111111111:function:${id}`, InvocationTimeLimitSeconds: seconds, ...(invocationType ? { InvocationType: invocationType } : {}) },
            Transitions: { NextAction: next, Errors: [{ NextAction: next, ErrorType: "NoMatchingError" }] } });
        }
        return flow;
      };
      expect(issuesOf(chain("ASYNCHRONOUS", "60")).map((issue) => issue.code)).not.toContain("LAMBDA_CHAIN_TOO_LONG");
      expect(issuesOf(chain(undefined, "8")).map((issue) => issue.code)).toContain("LAMBDA_CHAIN_TOO_LONG");
    });
  });
});

describe("the 20 s Lambda budget and Loop counts", () => {
  /** start → Loop(count) → ContinueLooping: a synchronous poll of `seconds` whose error retries through the Loop; DoneLooping: a prompt. */
  function retryLoop(count: string, seconds: string): FlowJson {
    return {
      Version: "2019-10-30",
      StartAction: "retry",
      Actions: [
        { Identifier: "retry", Type: "Loop", Parameters: { LoopCount: count }, Transitions: { NextAction: "sorry",
          Conditions: [{ NextAction: "poll", Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } }, { NextAction: "sorry", Condition: { Operator: "Equals", Operands: ["DoneLooping"] } }] } },
        { Identifier: "poll", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "arn:aws:lambda:us-east-1:111111111111:function:poll", InvocationTimeLimitSeconds: seconds },
          Transitions: { NextAction: "done", Errors: [{ NextAction: "retry", ErrorType: "NoMatchingError" }] } },
        { Identifier: "done", Type: "MessageParticipant", Parameters: { Text: "Done." }, Transitions: { NextAction: "bye" } },
        { Identifier: "sorry", Type: "MessageParticipant", Parameters: { Text: "Sorry." }, Transitions: { NextAction: "bye" } },
        { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
      ],
    } as unknown as FlowJson;
  }
  const budgetWarnings = (flow: FlowJson): string[] => validateFlow(flow).filter((issue) => issue.code === "LAMBDA_CHAIN_TOO_LONG").map((issue) => issue.blockId as string);

  it("counts a retry inside Loop(1) twice, not forever", () => {
    // 1 turn of 3 s: at most two calls (6 s), well under 20 s
    expect(budgetWarnings(retryLoop("1", "3"))).toEqual([]);
  });

  it("warns when the Loop count lets the retries pass 20 s, or when the count is only known at run time", () => {
    // 3 turns of 8 s: three calls, 24 s; a count from an attribute may be up to 100
    expect(budgetWarnings(retryLoop("3", "8"))).toEqual(["poll"]);
    expect(budgetWarnings(retryLoop("2", "8"))).toEqual([]);
    expect(budgetWarnings(retryLoop("$.Attributes.retries", "3"))).toEqual(["poll"]);
  });
});
