import { blockId } from "../../../flows/block-id";
import { Chain } from "../../../flows/chain";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { InvokeLambdaFunction } from "../../../flows/blocks/invoke-lambda-function";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import { UpdateFlowLoggingBehavior } from "../../../flows/blocks/update-flow-logging-behavior";
import type { FlowJson } from "../../../flows/flow-json";
import { render } from "./render";

function build(greetingName: string): FlowJson {
  const hangUp = new DisconnectParticipant("Hang up");
  const lookup = new InvokeLambdaFunction("Look up", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:lookup" });
  const greeting = new MessageParticipant(greetingName, { prompt: { text: "Hello" } });
  const thanks = new MessageParticipant("Thanks", { prompt: { text: "Thanks" } });
  return render(Chain.start(new UpdateFlowLoggingBehavior("Enable logs")).next(greeting).next(lookup).next(thanks).next(hangUp), {
    defaultErrorTarget: hangUp,
  });
}

describe("deterministic block identifiers", () => {
  test("an identifier is the pinned UUID-shaped SHA-256 of flow and block name", () => {
    // GIVEN the value of `printf 'Demo\0Greeting' | sha256sum`, first 128 bits, version nibble 8, variant 10
    // WHEN / THEN
    expect(blockId("Demo", "Greeting")).toBe("83dee49a-9da7-8e41-809f-3461d3a7679d");
    expect(blockId("Demo", "Hang up")).toBe("77340e0e-40fe-8314-8906-dabe70cfce27");
  });

  test("identifiers are UUID-shaped version-8 strings that fit Connect's 50-character limit", () => {
    // GIVEN / WHEN
    const identifier = blockId("A flow with a long name", "A block with a long name, a comma and (brackets)");

    // THEN
    expect(identifier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("the same block name in another flow gets another identifier, and names cannot collide by shifting a space", () => {
    // GIVEN / WHEN / THEN
    expect(blockId("Demo", "Greeting")).not.toBe(blockId("Other", "Greeting"));
    expect(blockId("a b", "c")).not.toBe(blockId("a", "b c"));
  });

  test("renaming one block changes only that block's identifier and the references to it", () => {
    // GIVEN two builds that differ only in one block's name
    const before = build("Greeting");
    const after = build("Welcome");
    const oldId = blockId("Demo", "Greeting");
    const newId = blockId("Demo", "Welcome");

    // WHEN the actions are compared one by one
    const changed = after.Actions.filter((action, index) => JSON.stringify(action) !== JSON.stringify(before.Actions[index]));

    // THEN only the renamed block and the block pointing at it differ …
    expect(changed.map((action) => action.Type)).toStrictEqual(["UpdateFlowLoggingBehavior", "MessageParticipant"]);
    expect(changed[1]!.Identifier).toBe(newId);
    // … and putting the old identifier back gives the old actions exactly
    expect(JSON.parse(JSON.stringify(after.Actions).split(newId).join(oldId))).toStrictEqual(before.Actions);
    expect(Object.keys(after.Metadata!.ActionMetadata!).filter((key) => !(key in before.Metadata!.ActionMetadata!))).toStrictEqual([newId]);
  });
});
