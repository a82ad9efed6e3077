import { Condition } from "../../../flows/condition";
import { Compare } from "../../../flows/blocks/compare";
import { CustomAction } from "../../../flows/blocks/custom-action";
import { GetParticipantInput } from "../../../flows/blocks/get-participant-input";
import { InvokeLambdaFunction } from "../../../flows/blocks/invoke-lambda-function";
import { Loop } from "../../../flows/blocks/loop";
import { MessageParticipant, type PromptSource } from "../../../flows/blocks/message-participant";
import { UpdateContactAttributes } from "../../../flows/blocks/update-contact-attributes";
import { UpdateContactTargetQueue } from "../../../flows/blocks/update-contact-target-queue";
import { UpdateFlowAttributes } from "../../../flows/blocks/update-flow-attributes";
import { Wait } from "../../../flows/blocks/wait";

const ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup";

describe("bad props throw at once, naming the block and the value", () => {
  test.each([
    { what: "a Lambda time limit of 9", make: () => new InvokeLambdaFunction("Call", { functionArn: ARN, invocationTimeLimitSeconds: 9 }), message: /InvokeLambdaFunction "Call": invocationTimeLimitSeconds must be an integer from 1 to 8 \(got 9\)/ },
    { what: "a Lambda time limit of 0", make: () => new InvokeLambdaFunction("Call", { functionArn: ARN, invocationTimeLimitSeconds: 0 }), message: /"Call".*\(got 0\)/ },
    { what: "a fractional Lambda time limit", make: () => new InvokeLambdaFunction("Call", { functionArn: ARN, invocationTimeLimitSeconds: 2.5 }), message: /"Call".*\(got 2\.5\)/ },
    { what: "an empty Lambda ARN", make: () => new InvokeLambdaFunction("Call", { functionArn: "" }), message: /InvokeLambdaFunction "Call": functionArn must be a non-empty string \(got ""\)/ },
    { what: "a LoopCount of 101", make: () => new Loop("Retry", { loopCount: 101 }), message: /Loop "Retry": loopCount must be an integer from 0 to 100 \(got 101\)/ },
    { what: "a LoopCount of -1", make: () => new Loop("Retry", { loopCount: -1 }), message: /Loop "Retry".*\(got -1\)/ },
    { what: "a LoopCount that is text around a reference", make: () => new Loop("Retry", { loopCount: "$.Attributes.n times" as `$.${string}` }), message: /Loop "Retry".*"\$\.Attributes\.n times"/ },
    { what: "empty prompt text", make: () => new MessageParticipant("Greeting", { prompt: { text: "" } }), message: /MessageParticipant "Greeting": text must be a non-empty string \(got ""\)/ },
    { what: "two prompt sources", make: () => new MessageParticipant("Greeting", { prompt: { text: "a", ssml: "<speak>b</speak>" } as unknown as PromptSource }), message: /MessageParticipant "Greeting": give exactly one of text, ssml, promptId or s3Uri \(got text, ssml\)/ },
    { what: "SSML without <speak>", make: () => new MessageParticipant("Greeting", { prompt: { ssml: "hello" } }), message: /MessageParticipant "Greeting": ssml must be a <speak>…<\/speak> document \(got "hello"\)/ },
    { what: "text over 6,000 characters", make: () => new MessageParticipant("Greeting", { prompt: { text: "a".repeat(6001) } }), message: /"Greeting": text is 6001 characters/ },
    { what: "a Compare on text rather than one reference", make: () => new Compare("Check", { comparisonValue: "tier" as `$.${string}` }), message: /Compare "Check": comparisonValue must be exactly one \$\. reference \(got "tier"\)/ },
    { what: "a queue id with text around a reference", make: () => new UpdateContactTargetQueue("Queue", { queueId: "queue/$.Attributes.q" }), message: /UpdateContactTargetQueue "Queue": queueId must be a static value or exactly one \$\. reference/ },
    { what: "a contact attribute key with a dot", make: () => new UpdateContactAttributes("Set", { attributes: { "a.b": "x" } }), message: /UpdateContactAttributes "Set": attribute keys may use only letters, digits, "-" and "_" \(got "a\.b"\)/ },
    { what: "no flow attributes", make: () => new UpdateFlowAttributes("Set", { attributes: {} }), message: /UpdateFlowAttributes "Set": attributes must set at least one flow attribute/ },
    { what: "a Wait of 8 days", make: () => new Wait("Pause", { timeLimitSeconds: 691200 }), message: /Wait "Pause": timeLimitSeconds must be an integer from 1 to 604800 \(got 691200\)/ },
    { what: "a menu digit of 12", make: () => new GetParticipantInput("Menu", { prompt: { text: "Press" } }).when("12", new Loop("L", { loopCount: 1 })), message: /GetParticipantInput "Menu": when\(\) needs one digit 0-9, \* or # \(got "12"\)/ },
    { what: "a custom action type with spaces", make: () => new CustomAction("Tag", { type: "Tag Contact" }), message: /"Tag": type must be an action type name \(got "Tag Contact"\)/ },
    { what: "an empty block name", make: () => new Loop("", { loopCount: 1 }), message: /Loop: a block needs a non-empty name \(got ""\)/ },
  ])("$what", ({ make, message }) => {
    // GIVEN / WHEN / THEN
    expect(make).toThrow(message);
  });

  test("conditions reject a non-numeric number operand and an empty text operand", () => {
    // GIVEN / WHEN / THEN
    expect(() => Condition.numberLessThan(Number.NaN)).toThrow(/Condition\.numberLessThan: the operand must be a finite number \(got NaN\)/);
    expect(() => Condition.numberLessThan("ten" as `$.${string}`)).toThrow(/Condition\.numberLessThan: .*\(got "ten"\)/);
    expect(() => Condition.textContains("")).toThrow(/Condition\.textContains: the operand must not be empty/);
  });

  test("a Lambda ARN that is a deploy-time token is accepted as is", () => {
    // GIVEN a Terraform token where the ARN goes
    const call = new InvokeLambdaFunction("Call", { functionArn: "${TfToken[TOKEN.12]}" });

    // WHEN / THEN
    expect(call.renderParameters()).toStrictEqual({ LambdaFunctionARN: "${TfToken[TOKEN.12]}", InvocationTimeLimitSeconds: "8" });
  });
});
