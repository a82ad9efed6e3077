import { Chain } from "../../../flows/chain";
import { Condition } from "../../../flows/condition";
import { Compare } from "../../../flows/blocks/compare";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { EndFlowExecution } from "../../../flows/blocks/end-flow-execution";
import { InvokeLambdaFunction } from "../../../flows/blocks/invoke-lambda-function";
import { Loop } from "../../../flows/blocks/loop";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import { TransferContactToQueue } from "../../../flows/blocks/transfer-contact-to-queue";
import { FlowValidationError } from "../../../flows/flow-validation-error";
import { id, render } from "./render";

const ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup";

describe("chaining", () => {
  test("chaining after Disconnect throws and names the block", () => {
    // GIVEN
    const chain = Chain.start(new MessageParticipant("Goodbye", { prompt: { text: "Bye" } })).next(new DisconnectParticipant("Hang up"));

    // WHEN / THEN
    expect(() => chain.next(new MessageParticipant("Too late", { prompt: { text: "Hello?" } }))).toThrow(
      /after DisconnectParticipant "Hang up": it does not allow continuation/,
    );
  });

  test("chaining after EndFlowExecution or a queue transfer throws and names the block", () => {
    // GIVEN
    const after = (): MessageParticipant => new MessageParticipant("After", { prompt: { text: "x" } });

    // WHEN / THEN
    expect(() => Chain.start(new EndFlowExecution("End")).next(after())).toThrow(/EndFlowExecution "End"/);
    expect(() => Chain.start(new TransferContactToQueue("Transfer")).next(after())).toThrow(/TransferContactToQueue "Transfer"/);
  });

  test("wiring a block's next twice throws and names the block and both targets", () => {
    // GIVEN
    const greeting = new MessageParticipant("Greeting", { prompt: { text: "Hi" } });
    greeting.next(new DisconnectParticipant("First"));

    // WHEN / THEN
    expect(() => greeting.next(new DisconnectParticipant("Second"))).toThrow(
      /MessageParticipant "Greeting": the next branch already leads to DisconnectParticipant "First"; it cannot also lead to DisconnectParticipant "Second"/,
    );
  });

  test("afterwards() rejoins every branch of a Compare", () => {
    // GIVEN
    const check = new Compare("Check", { comparisonValue: "$.Attributes.tier" });
    const gold = new MessageParticipant("Gold", { prompt: { text: "Gold" } });
    const other = new MessageParticipant("Other", { prompt: { text: "Other" } });
    const hangUp = new DisconnectParticipant("Hang up");

    // WHEN
    Chain.start(check.when(Condition.equals("gold"), gold).otherwise(other).afterwards()).next(hangUp);
    const json = render(check, { defaultErrorTarget: hangUp });

    // THEN
    const nextOf = (name: string): string | undefined => json.Actions.find((action) => action.Identifier === id(name))?.Transitions.NextAction;
    expect(nextOf("Gold")).toBe(id("Hang up"));
    expect(nextOf("Other")).toBe(id("Hang up"));
  });

  test("an error branch never joins the main path", () => {
    // GIVEN a Lambda whose error goes to a prompt, then chained on
    const call = new InvokeLambdaFunction("Call", { functionArn: ARN });
    const sorry = new MessageParticipant("Sorry", { prompt: { text: "Sorry" } });
    call.onError(sorry);

    // WHEN
    const chain = Chain.start(call).next(new MessageParticipant("Next", { prompt: { text: "Next" } }));

    // THEN only the Lambda's own next continues
    expect(chain.endBlocks).toHaveLength(1);
    expect((chain.endBlocks[0] as MessageParticipant).name).toBe("Next");
  });
});

describe("wiring every branch", () => {
  test("an unwired error branch refuses to render and names the block", () => {
    // GIVEN a prompt without onError and no default error target
    const greeting = new MessageParticipant("Greeting", { prompt: { text: "Hi" } });
    greeting.next(new DisconnectParticipant("Hang up"));

    // WHEN / THEN
    expect(() => render(greeting)).toThrow(FlowValidationError);
    expect(() => render(greeting)).toThrow(/MessageParticipant "Greeting": the NoMatchingError branch is not wired; wire it with \.onError\(\) or give the flow a defaultErrorTarget/);
  });

  test("a flow-wide default error target wires every unwired error branch", () => {
    // GIVEN
    const greeting = new MessageParticipant("Greeting", { prompt: { text: "Hi" } });
    const hangUp = new DisconnectParticipant("Hang up");
    greeting.next(hangUp);
    const fallback = new MessageParticipant("Fallback", { prompt: { text: "Sorry" } }).onError(hangUp);
    fallback.next(hangUp);

    // WHEN
    const json = render(greeting, { defaultErrorTarget: fallback });

    // THEN
    expect(json.Actions[0]!.Transitions.Errors).toStrictEqual([{ NextAction: id("Fallback"), ErrorType: "NoMatchingError" }]);
  });

  test("a missing next, otherwise and loop branch are all reported at once, each naming its block", () => {
    // GIVEN
    const check = new Compare("Check", { comparisonValue: "$.Attributes.x" });
    const loop = new Loop("Again", { loopCount: 3 });
    const dangling = new MessageParticipant("Dangling", { prompt: { text: "…" } });
    check.when(Condition.equals("a"), loop);
    loop.eachTurn(dangling);
    dangling.onError(check);

    // WHEN
    let error: FlowValidationError | undefined;
    try {
      render(check);
    } catch (caught) {
      error = caught as FlowValidationError;
    }

    // THEN
    expect(error).toBeInstanceOf(FlowValidationError);
    expect(error!.issues.map((issue) => issue.message)).toStrictEqual([
      'Compare "Check": the NoMatchingCondition branch is not wired; wire it with .otherwise()',
      'Loop "Again": the Equals "DoneLooping" branch is not wired; wire it with .whenDone()',
      'MessageParticipant "Dangling": has no next block; wire it with .next()',
    ]);
    expect(error!.issues.map((issue) => issue.blockId)).toStrictEqual([id("Check"), id("Again"), id("Dangling")]);
  });

  test("a Compare without any condition refuses to render", () => {
    // GIVEN
    const hangUp = new DisconnectParticipant("Hang up");
    const check = new Compare("Check", { comparisonValue: "$.Attributes.x" }).otherwise(hangUp);

    // WHEN / THEN
    expect(() => render(check)).toThrow(/Compare "Check" has no condition; add one with \.when\(\)/);
  });

  test("two different blocks with the same name throw, naming both", () => {
    // GIVEN
    const first = new MessageParticipant("Hello", { prompt: { text: "one" } });
    const second = new Loop("Hello", { loopCount: 1 });
    const hangUp = new DisconnectParticipant("Hang up");
    first.onError(hangUp).next(second);
    second.eachTurn(hangUp).whenDone(hangUp);

    // WHEN / THEN
    expect(() => render(first)).toThrow(/two different blocks are named "Hello" \(MessageParticipant "Hello" and Loop "Hello"\)/);
  });

  test("the same block reached twice is rendered once", () => {
    // GIVEN two branches that both lead to one hang-up block
    const hangUp = new DisconnectParticipant("Hang up");
    const check = new Compare("Check", { comparisonValue: "$.Attributes.x" }).when(Condition.equals("a"), hangUp).otherwise(hangUp);

    // WHEN
    const json = render(check);

    // THEN
    expect(json.Actions.map((action) => action.Type)).toStrictEqual(["Compare", "DisconnectParticipant"]);
  });
});
