/**
 * One recogniser of the async macro (flows/recognise/, issue 20): forms of the macro that only some of the
 * old recognisers accepted are now read the same way by the diagram, the simulator and ContactFlow.
 * Each flow is the builder's own, then edited the way a person editing it in the designer would.
 */
import { Testing, TerraformStack } from "cdktf";
import { asyncInvoke } from "../../../flows/async";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { blockNamesOf } from "../../../flows/diagram/block-name-metadata";
import { Flow } from "../../../flows/flow";
import type { FlowAction, FlowJson } from "../../../flows/flow-json";
import { findAsyncMacroUses } from "../../../flows/recognise/macro-uses";
import { findAsyncBranches } from "../../../flows/recognise/outcome-transitions";
import { findStartInvocations } from "../../../flows/recognise/start-invocations";
import { ConnectAsyncBridge } from "../../../infra/connect-async-bridge";
import { ContactFlow, ContactFlowError } from "../../../infra/contact-flow";
import { simulate } from "../../../sim/call-simulator";
import { simulatedDemoFlow } from "../../../sim/world/demo-world";
import { namedScenario } from "../../../sim/world/scenarios";
import { writeFixtureBundles } from "../../infra/support/synthesized-stack";

const STATUS = "$.External.asyncStatus";
const REQUEST_ID = "$.External.asyncRequestId";

/** The target of a Compare's `Equals <operand>` condition, read from the JSON. */
function equalsTargetOf(action: FlowAction, operand: string): string {
  const target = action.Transitions.Conditions?.find((condition) => condition.Condition.Operands[0] === operand)?.NextAction;
  if (target === undefined) throw new Error(`test setup: block ${action.Identifier} has no Equals ${operand}`);
  return target;
}

/** The flow with `edit` applied to every action. */
function editActions(flow: FlowJson, edit: (action: FlowAction) => FlowAction): FlowJson {
  return { ...flow, Actions: flow.Actions.map(edit) };
}

describe("a status check whose otherwise keeps waiting (it leads where PENDING does)", () => {
  /** The demo flow with every status check's no-match branch sent into the wait, as a designer might to ride out unknown answers. */
  function keepWaitingOnOtherAnswers(): FlowJson {
    return editActions(simulatedDemoFlow(), (action) => {
      if (action.Type !== "Compare" || action.Parameters.ComparisonValue !== STATUS) return action;
      const pending = equalsTargetOf(action, "PENDING");
      return { ...action, Transitions: { ...action.Transitions, NextAction: pending, Errors: [{ NextAction: pending, ErrorType: "NoMatchingCondition" }] } };
    });
  }

  it("is no outcome for the simulator or the diagram", () => {
    // GIVEN the edited flow
    const flow = keepWaitingOnOtherAnswers();
    const checks = flow.Actions.filter((action) => action.Type === "Compare" && action.Parameters.ComparisonValue === STATUS);
    const intoWait = new Set(checks.map((check) => `${check.Identifier} -> ${equalsTargetOf(check, "PENDING")}`));
    expect(intoWait.size).toBe(checks.length);

    // WHEN the simulator's outcome transitions and the diagram's macro exits are found
    const branches = findAsyncBranches(flow).map((branch) => `${branch.from} -> ${branch.to}`);
    const uses = findAsyncMacroUses(flow, blockNamesOf(flow));

    // THEN no move into the wait is an outcome, and the diagram still sees one use holding the wait
    expect(branches.filter((branch) => intoWait.has(branch))).toEqual([]);
    expect(uses).toHaveLength(1);
    expect(uses[0]!.exits.map((exit) => `${exit.from} -> ${exit.to}`).filter((exit) => intoWait.has(exit))).toEqual([]);
    for (const check of checks) expect(uses[0]!.members.has(equalsTargetOf(check, "PENDING"))).toBe(true);
  });

  it("lets a slow call wait for its result in the simulator instead of failing at the first PENDING", async () => {
    // WHEN a caller whose backend is slow runs through the edited flow
    const result = await simulate({ scenario: namedScenario("slow-backend"), flow: keepWaitingOnOtherAnswers() });

    // THEN the call succeeds, as it does on the unedited flow
    const unedited = await simulate({ scenario: namedScenario("slow-backend"), flow: simulatedDemoFlow() });
    expect(unedited.callers[0]!.outcome.kind).toBe("success");
    expect(result.callers[0]!.outcome.kind).toBe("success");
  }, 60_000);
});

describe("ContactFlow pairs a start with its polls however the request id is saved", () => {
  const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  const connectInstance = { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}` };
  const handlersDir = writeFixtureBundles();
  const TARGET = "arn:aws:lambda:us-east-1:123456789012:function:backend";

  /** Builds a flow that starts on one bridge and polls another, edited by `edit`; returns ContactFlow's error message. */
  function errorFor(edit: (flow: FlowJson) => FlowJson): string {
    const stack = new TerraformStack(Testing.app(), "stack");
    const operations = [{ name: "lookup", timeoutSeconds: 60, target: TARGET }];
    const main = new ConnectAsyncBridge(stack, "main", { connectInstance, handlersDir, namePrefix: "main", operations });
    const other = new ConnectAsyncBridge(stack, "other", { connectInstance, handlersDir, namePrefix: "other", operations });
    const bye = new DisconnectParticipant("Bye");
    const lookUp = asyncInvoke("lookup", { startFunctionArn: main.startFunction.arn, pollFunctionArn: other.pollFunction.arn, maxWaitSeconds: 30, onSuccess: bye, onFailure: bye, onTimeout: bye });
    const flow = edit(new Flow({ name: "Lookup", startWith: lookUp }).toJson());
    try {
      new ContactFlow(stack, "flow", { instanceId: INSTANCE_ID, name: "Lookup", flow, associatedFunctionArns: [...main.associatedFunctionArns, ...other.associatedFunctionArns], bridges: [main, other] });
    } catch (error) {
      if (error instanceof ContactFlowError) return error.message;
      throw error;
    }
    throw new Error("test setup: the flow was accepted");
  }

  const POLLED_ELSEWHERE = /polls the poll of bridge stack\/other, but the request was started on bridge stack\/main/;

  it("as the builder writes it ({ Value: … })", () => {
    expect(errorFor((flow) => flow)).toMatch(POLLED_ELSEWHERE);
  });

  it("as plain text, the form older and hand-written flows use (which the diagram and simulator read too)", () => {
    // GIVEN the save block's attributes rewritten from { key: { Value: v } } to { key: v }
    const plain = (flow: FlowJson): FlowJson =>
      editActions(flow, (action) => {
        const attributes = action.Parameters.FlowAttributes as { [key: string]: { Value: string } } | undefined;
        if (action.Type !== "UpdateFlowAttributes" || attributes === undefined) return action;
        return { ...action, Parameters: { ...action.Parameters, FlowAttributes: Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, value.Value])) } };
      });
    // THEN the start is still recognised, and its polls are still checked against its bridge
    const probe = plain(simulatedDemoFlow());
    expect(findStartInvocations(probe).map((start) => start.macroId)).toEqual(["lookUpAccount"]);
    expect(errorFor(plain)).toMatch(POLLED_ELSEWHERE);
  });

  it("in a contact attribute, polled as $.Attributes.<name>", () => {
    // GIVEN the save block turned into a contact-attribute update, and the polls sending that attribute
    const inContactAttribute = (flow: FlowJson): FlowJson => {
      const save = flow.Actions.find((action) => Object.values((action.Parameters.FlowAttributes ?? {}) as { [key: string]: { Value?: string } }).some((value) => value.Value === REQUEST_ID));
      if (save === undefined) throw new Error("test setup: no save block");
      const [name] = Object.keys(save.Parameters.FlowAttributes as object);
      return editActions(flow, (action) => {
        if (action === save) return { ...action, Type: "UpdateContactAttributes", Parameters: { TargetContact: "Current", Attributes: { [name!]: REQUEST_ID } } };
        const sent = action.Parameters.LambdaInvocationAttributes as { [key: string]: string } | undefined;
        if (sent?.asyncRequestId !== `$.FlowAttributes.${name}`) return action;
        return { ...action, Parameters: { ...action.Parameters, LambdaInvocationAttributes: { ...sent, asyncRequestId: `$.Attributes.${name}` } } };
      });
    };
    // THEN the polls are checked against the bridge the request was started on
    expect(errorFor(inContactAttribute)).toMatch(POLLED_ELSEWHERE);
  });
});
