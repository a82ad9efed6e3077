import { buildFrontDoorFlow } from "../../examples/front-door-flow";
import { validateFlow } from "../../flows/validate";

describe("the README's flow-builder example", () => {
  it("builds a menu whose digits lead to the two transfers and everything else to the goodbye", () => {
    // GIVEN / WHEN the example is built
    const flow = buildFrontDoorFlow("arn:billing", "arn:sales");
    // THEN the menu's conditions route 1 and 2 to the transfers of the given flows
    const byId = new Map(flow.Actions.map((action) => [action.Identifier, action]));
    const menu = flow.Actions.find((action) => action.Type === "GetParticipantInput");
    const routes = Object.fromEntries(
      (menu?.Transitions.Conditions ?? []).map((c) => [String(c.Condition.Operands[0]), byId.get(c.NextAction)?.Parameters.ContactFlowId]),
    );
    expect(routes).toEqual({ "1": "arn:billing", "2": "arn:sales" });
    // …and the errors (timeout, no match) hang up
    const errorTargets = new Set((menu?.Transitions.Errors ?? []).map((e) => byId.get(e.NextAction)?.Type));
    expect(errorTargets).toEqual(new Set(["DisconnectParticipant"]));
    expect(validateFlow(flow)).toEqual([]);
  });
});
