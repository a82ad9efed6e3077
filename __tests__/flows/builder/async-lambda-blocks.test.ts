import { InvokeLambdaFunction } from "../../../flows/blocks/invoke-lambda-function";
import { LoadLambdaFunctionResult } from "../../../flows/blocks/load-lambda-function-result";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { UpdateFlowAttributes } from "../../../flows/blocks/update-flow-attributes";
import { Wait } from "../../../flows/blocks/wait";
import { id, render } from "./render";

const LOOKUP_ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup";

/** The shape of reference §2.1.2, built with the blocks: invoke asynchronously, wait with music, load the result. */
function asyncLookup() {
  const hangUp = new DisconnectParticipant("Hang up");
  const failed = new MessageParticipant("Failed", { prompt: { text: "Sorry." } }).onError(hangUp);
  failed.next(hangUp);
  const found = new MessageParticipant("Found", { prompt: { text: "Your balance is $.External.balance" } }).onError(hangUp);
  found.next(hangUp);
  const invoke = new InvokeLambdaFunction("Look up", {
    functionArn: LOOKUP_ARN,
    invocationType: "ASYNCHRONOUS",
    invocationTimeLimitSeconds: 60,
    invocationAttributes: { accountId: "$.Attributes.accountId" },
    responseType: "JSON",
  }).onError(failed);
  const save = new UpdateFlowAttributes("Save invocation id", { attributes: { lookupId: "$.LambdaInvocation.InvocationId" } }).onError(failed);
  const music = new MessageParticipant("Music", { prompt: { promptId: "arn:aws:connect:us-east-1:111111111111:instance/i-1/prompt/p-1" } });
  music.next(music);
  music.onError(failed);
  const load = new LoadLambdaFunctionResult("Load result", { invocationId: "$.FlowAttributes.lookupId" }).onError(failed).onInProgress(failed);
  load.next(found);
  const wait = new Wait("Wait for the lookup", { timeLimitSeconds: 65, continueWhileWaiting: true, lambdaReturned: { LookupReturned: "$.FlowAttributes.lookupId" }, minimumWaitTimeSeconds: 1 })
    .whileWaiting(music)
    .whenLambdaReturned("LookupReturned", load)
    .whenCompleted(failed)
    .onError(failed);
  invoke.next(save).next(wait);
  return invoke;
}

describe("blocks of Connect's asynchronous Lambda mode", () => {
  test("render the JSON the console exports (reference §2.1.2)", () => {
    // GIVEN / WHEN
    const json = render(asyncLookup());
    const action = (name: string) => json.Actions.find((candidate) => candidate.Identifier === id(name))!;

    // THEN
    expect(action("Look up").Parameters).toStrictEqual({
      LambdaFunctionARN: LOOKUP_ARN,
      InvocationTimeLimitSeconds: "60",
      InvocationType: "ASYNCHRONOUS",
      LambdaInvocationAttributes: { accountId: "$.Attributes.accountId" },
      ResponseValidation: { ResponseType: "JSON" },
    });
    expect(action("Wait for the lookup")).toStrictEqual({
      Identifier: id("Wait for the lookup"),
      Type: "Wait",
      Parameters: {
        TimeLimitSeconds: "65",
        ContinueExecution: "TRUE",
        InterruptibleEvents: { LookupReturned: { AsyncLambdaCompletionEvent: { Identifier: "$.FlowAttributes.lookupId" } } },
        MinimumWaitTimeSeconds: "1",
      },
      Transitions: {
        NextAction: id("Failed"),
        Conditions: [
          { NextAction: id("Music"), Condition: { Operator: "Equals", Operands: ["Continue"] } },
          { NextAction: id("Load result"), Condition: { Operator: "Equals", Operands: ["LookupReturned"] } },
          { NextAction: id("Failed"), Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } },
        ],
        Errors: [{ NextAction: id("Failed"), ErrorType: "NoMatchingError" }],
      },
    });
    expect(action("Load result")).toStrictEqual({
      Identifier: id("Load result"),
      Type: "LoadLambdaFunctionResult",
      Parameters: { LambdaInvocationId: "$.FlowAttributes.lookupId" },
      Transitions: {
        NextAction: id("Found"),
        Errors: [
          { NextAction: id("Failed"), ErrorType: "NoMatchingError" },
          { NextAction: id("Failed"), ErrorType: "InProgress" },
        ],
      },
    });
  });

  test("a synchronous invoke renders exactly as before the asynchronous mode: no InvocationType key", () => {
    // GIVEN / WHEN
    const json = render(new InvokeLambdaFunction("Look up", { functionArn: LOOKUP_ARN }).next(new DisconnectParticipant("Hang up")), {
      defaultErrorTarget: new DisconnectParticipant("Error"),
    });

    // THEN
    expect(json.Actions.find((action) => action.Identifier === id("Look up"))!.Parameters).toStrictEqual({ LambdaFunctionARN: LOOKUP_ARN, InvocationTimeLimitSeconds: "8" });
  });

  test("Load result without its InProgress branch fails the build, naming the block and the method", () => {
    // GIVEN
    const hangUp = new DisconnectParticipant("Hang up");
    const load = new LoadLambdaFunctionResult("Load result").onError(hangUp);
    load.next(hangUp);

    // WHEN / THEN
    expect(() => render(load)).toThrow(/LoadLambdaFunctionResult "Load result".*InProgress.*\.onInProgress\(\)/s);
  });

  test("a Wait that keeps running without its Continue branch fails the build", () => {
    // GIVEN
    const hangUp = new DisconnectParticipant("Hang up");
    const wait = new Wait("Wait", { timeLimitSeconds: 10, continueWhileWaiting: true }).whenCompleted(hangUp).onError(hangUp);

    // WHEN / THEN
    expect(() => render(wait)).toThrow(/Wait "Wait".*Continue.*\.whileWaiting\(\)/s);
  });

  test.each([
    { what: "an asynchronous limit over 60 s", make: () => new InvokeLambdaFunction("L", { functionArn: LOOKUP_ARN, invocationType: "ASYNCHRONOUS", invocationTimeLimitSeconds: 61 }), message: /invocationTimeLimitSeconds \(asynchronous\) must be an integer from 1 to 60 \(got 61\)/ },
    { what: "a synchronous limit over 8 s", make: () => new InvokeLambdaFunction("L", { functionArn: LOOKUP_ARN, invocationTimeLimitSeconds: 9 }), message: /invocationTimeLimitSeconds must be an integer from 1 to 8 \(got 9\)/ },
    { what: "an unknown invocation type", make: () => new InvokeLambdaFunction("L", { functionArn: LOOKUP_ARN, invocationType: "LATER" as never }), message: /invocationType must be SYNCHRONOUS or ASYNCHRONOUS \(got "LATER"\)/ },
    { what: "text around a reference as the invocation id", make: () => new LoadLambdaFunctionResult("L", { invocationId: "id $.FlowAttributes.x" }), message: /invocationId must be a static value or exactly one \$\. reference/ },
    { what: "an event branch named like a fixed result", make: () => new Wait("W", { timeLimitSeconds: 10, lambdaReturned: { WaitCompleted: "$.FlowAttributes.x" } }), message: /branch name "WaitCompleted" is already a branch of this Wait/ },
    { what: "an event branch name over 100 characters", make: () => new Wait("W", { timeLimitSeconds: 10, lambdaReturned: { ["x".repeat(101)]: "$.FlowAttributes.x" } }), message: /branch names must have 1 to 100 characters/ },
    { what: "whileWaiting on a Wait that does not keep running", make: () => new Wait("W", { timeLimitSeconds: 10 }).whileWaiting(new DisconnectParticipant("D")), message: /whileWaiting\(\) needs continueWhileWaiting: true/ },
    { what: "an event branch not declared", make: () => new Wait("W", { timeLimitSeconds: 10 }).whenLambdaReturned("Nope", new DisconnectParticipant("D")), message: /whenLambdaReturned\("Nope"\) needs that branch name in props.lambdaReturned/ },
  ])("$what is refused, naming the block", ({ make, message }) => {
    expect(make).toThrow(message);
  });
});
