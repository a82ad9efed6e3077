/**
 * wrap on every real exported flow with a Lambda call (../shared/fixtures/connect-flows, read in place):
 * each call is wrapped, or refused for a stated reason; a wrapped flow keeps every other block as it
 * was, validates, and plays to success against a slow backend in the simulator.
 */
import { findAsyncMacroUses } from "../../../flows/recognise/macro-uses";
import type { FlowAction, FlowJson } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { wrapFlow, type WrapResult } from "../../../flows/wrap/wrap-flow";
import { WrapRefusedError } from "../../../flows/wrap/wrap-refusal";
import { functionsForFlow } from "../../../sim/aws/function-map";
import { simulate } from "../../../sim/call-simulator";
import { UnsupportedActionError } from "../../../sim/connect/flow-errors";
import { namedScenario } from "../../../sim/world/scenarios";
import { asFlow, fixtureNames, loadFixture } from "../../support/connect-flow-fixtures";

const OPERATION = "slowCall";

/** Every (fixture, Lambda block) pair. */
const CALLS: Array<[string, string]> = fixtureNames().flatMap((name) =>
  loadFixture(name).Actions.filter((action) => action.Type === "InvokeLambdaFunction").map((action): [string, string] => [name, action.Identifier]));

/** Calls that send a parameter named "operation", which start reserves: read from the files, not from wrap. */
function sendsOperation(name: string, blockId: string): boolean {
  const action = loadFixture(name).Actions.find((candidate) => candidate.Identifier === blockId);
  return "operation" in ((action?.Parameters.LambdaInvocationAttributes as object | undefined) ?? {});
}

function tryWrap(name: string, blockId: string, strategy: "loop" | "event"): WrapResult | WrapRefusedError {
  try {
    return wrapFlow(asFlow(loadFixture(name)), { block: blockId, operation: OPERATION, strategy });
  } catch (error) {
    if (error instanceof WrapRefusedError) return error;
    throw error;
  }
}

/**
 * The simulator does not model agent-workspace and case actions (ShowView, CreateTask, CreateCase …) that
 * some guides run after the call. The outcome of the wait is decided before them, so the simulated copy
 * ends the call where such a block would run; the flow under test is otherwise the wrapped one.
 */
async function simulateToOutcome(flow: FlowJson, startAt: string): Promise<{ outcome: string; stubbed: string[] }> {
  let copy: FlowJson = { ...flow, StartAction: startAt };
  const stubbed: string[] = [];
  for (;;) {
    try {
      const result = await simulate({ scenario: namedScenario("slow-backend"), flow: copy, functions: functionsForFlow(copy) });
      return { outcome: result.callers[0].outcome.kind, stubbed };
    } catch (error) {
      if (!(error instanceof UnsupportedActionError) || stubbed.length > 10) throw error;
      stubbed.push(error.actionType);
      copy = { ...copy, Actions: copy.Actions.map((action): FlowAction => (action.Identifier === error.blockId ? { Identifier: action.Identifier, Type: "DisconnectParticipant", Parameters: {}, Transitions: {} } : action)) };
    }
  }
}

describe("wrap on the real exported flows", () => {
  it("has real flows with Lambda calls to work on", () => {
    expect(CALLS.length).toBeGreaterThanOrEqual(15);
    // AND most of them can be wrapped; every flow but one (all of whose calls send "operation") has such a call
    const wrappable = CALLS.filter(([name, blockId]) => !sendsOperation(name, blockId));
    expect(wrappable.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CALLS.map(([name]) => name)).size - new Set(wrappable.map(([name]) => name)).size).toBe(1);
  });

  it.each(CALLS)("%s: block %s is wrapped with both strategies, or refused with a reason", async (name, blockId) => {
    const original = asFlow(loadFixture(name));
    const target = original.Actions.find((action) => action.Identifier === blockId) as FlowAction;
    for (const strategy of ["loop", "event"] as const) {
      // WHEN the block is wrapped
      const result = tryWrap(name, blockId, strategy);
      if (sendsOperation(name, blockId)) {
        // THEN a call that sends "operation" is refused, saying why and what to change
        expect(result).toBeInstanceOf(WrapRefusedError);
        expect((result as WrapRefusedError).reasons).toEqual([expect.objectContaining({ code: "RESERVED_INPUT", blockId, message: expect.stringContaining('named "operation"') })]);
        continue;
      }
      if (result instanceof WrapRefusedError) throw new Error(`${name} ${blockId} (${strategy}) was refused: ${result.message}`);
      const wrapped = result.flow;

      // THEN every other action is exactly as it was, in the same order, around the new blocks
      const others = (flow: FlowJson): FlowAction[] => flow.Actions.filter((action) => action.Identifier !== blockId && !result.addedBlockIds.includes(action.Identifier));
      expect(others(wrapped)).toStrictEqual(others(original));
      expect(wrapped.StartAction).toBe(original.StartAction);
      // AND so is every other block's designer metadata, and no new block sits on an old one
      for (const action of others(original)) expect(wrapped.Metadata?.ActionMetadata?.[action.Identifier]).toStrictEqual(original.Metadata?.ActionMetadata?.[action.Identifier]);
      const oldBoxes = others(original).map((action) => original.Metadata?.ActionMetadata?.[action.Identifier]?.position).filter((position) => position !== undefined);
      for (const added of result.addedBlockIds) {
        const position = wrapped.Metadata?.ActionMetadata?.[added]?.position;
        expect(position).toBeDefined();
        expect(oldBoxes.filter((old) => Math.abs(old!.x - position!.x) < 220 && Math.abs(old!.y - position!.y) < 140)).toEqual([]);
      }
      // AND the macro starts where the call was, with the call's input, and leads to the call's own branches
      const use = findAsyncMacroUses(wrapped).find((candidate) => candidate.entry === blockId);
      expect(use).toBeDefined();
      expect(wrapped.Actions.find((action) => action.Identifier === blockId)?.Parameters.LambdaInvocationAttributes).toEqual({ operation: OPERATION, ...(target.Parameters.LambdaInvocationAttributes as object) });
      const errorTarget = target.Transitions.Errors?.find((error) => error.ErrorType === "NoMatchingError")?.NextAction;
      expect(new Set(use!.exits.filter((exit) => exit.outcome === "success").map((exit) => exit.to))).toEqual(new Set([target.Transitions.NextAction]));
      expect(new Set(use!.exits.filter((exit) => exit.outcome !== "success").map((exit) => exit.to))).toEqual(new Set([errorTarget]));
      // AND it validates as Connect would accept it
      expect(validateFlow(wrapped, { flowType: result.flowType }).filter((issue) => issue.severity === "error")).toEqual([]);
      // AND a caller reaching it with a 25 s backend hears the success branch
      const simulated = await simulateToOutcome(wrapped, blockId);
      expect(simulated.outcome).toBe("success");
    }
  }, 120_000);
});
