import type { FlowJson } from "../../../flows/flow-json";
import { FlowType, validateFlow } from "../../../flows/validate";

/** Loop prompts (queue and hold flows only) followed by a transfer to queue (inbound and transfer flows only). */
const HOLD_MUSIC_THEN_TRANSFER: FlowJson = {
  Version: "2019-10-30",
  StartAction: "music",
  Actions: [
    { Identifier: "music", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: "Please hold." }], InterruptFrequencySeconds: "30" },
      Transitions: { NextAction: "queue", Conditions: [{ NextAction: "queue", Condition: { Operator: "Equals", Operands: ["MessagesInterrupted"] } }], Errors: [{ NextAction: "queue", ErrorType: "NoMatchingError" }] } },
    { Identifier: "queue", Type: "TransferContactToQueue", Parameters: {},
      Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "QueueAtCapacity" }, { NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

const codesByBlock = (flowType?: FlowType) =>
  validateFlow(HOLD_MUSIC_THEN_TRANSFER, { flowType })
    .filter((issue) => issue.code === "ACTION_NOT_IN_FLOW_TYPE")
    .map((issue) => [issue.blockId, issue.severity]);

describe("the flow-type check", () => {
  it("warns about loop prompts in an inbound flow, naming the block and the types it belongs to", () => {
    // GIVEN / WHEN validated as an inbound (CONTACT_FLOW) flow
    const issues = validateFlow(HOLD_MUSIC_THEN_TRANSFER, { flowType: FlowType.CONTACT_FLOW }).filter((issue) => issue.code === "ACTION_NOT_IN_FLOW_TYPE");
    // THEN only the loop prompts are out of place
    expect(issues.map((issue) => issue.blockId)).toEqual(["music"]);
    expect(issues[0].message).toMatch(/MessageParticipantIteratively block "music" is documented for CUSTOMER_QUEUE, CUSTOMER_HOLD, AGENT_HOLD flows, not CONTACT_FLOW/);
  });

  it("warns about a transfer to queue in a customer queue flow instead", () => {
    expect(codesByBlock(FlowType.CUSTOMER_QUEUE)).toEqual([["queue", "warning"]]);
  });

  it("says nothing when the flow type is unknown", () => {
    expect(codesByBlock(undefined)).toEqual([]);
  });
});
