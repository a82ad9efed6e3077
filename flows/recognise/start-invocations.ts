/**
 * The macro's `start` invocations in any flow JSON: a Lambda block that sends `operation` (and not
 * `asyncRequestId`, which only poll takes) and whose next block saves `$.External.asyncRequestId` (the
 * answer only start gives) in a flow or contact attribute, whatever its name, so hand-written flows count
 * too. Another Lambda that happens to take a parameter called `operation` (a wrapped flow's own Lambdas
 * often do) is not a start, so its value is not an operation and its ARN is not the start function.
 * The diagram (macro-uses.ts), the simulator and ContactFlow's pairing of a start with its polls all
 * read starts from here.
 */
import type { FlowAction, FlowJson } from "../flow-json";
import { AsyncParameter } from "../private/async-response";
import { uniqueActions } from "../validation/flow-edges";
import { invocationAttributes, requestIdReference, savedMacroIdOf, savedRequestIds, type SavedRequestId } from "./macro-blocks";

/** One start invocation: its block, the start function, the operation it names, what it sends and where its request id goes. */
export interface StartInvocation {
  readonly blockId: string;
  /** The invoked Lambda (`LambdaFunctionARN`); undefined when the block does not name one as text. */
  readonly functionArn?: string;
  /** The `operation` parameter as written: a name, or a `$.` reference known only when the call runs. */
  readonly operation: string;
  /** Every other text parameter it sends (the operation's inputs), name → value as written. */
  readonly inputs: { readonly [name: string]: string };
  /** The block after it, which saves the request id. */
  readonly saveBlockId: string;
  /** The attributes that block saves the request id in, in the order written (at least one). */
  readonly savedIn: ReadonlyArray<SavedRequestId>;
  /** The macro id, when the request id is saved as the macro saves it (flow attribute `<id>_asyncRequestId`). */
  readonly macroId?: string;
}

/** Every start invocation of `flow`, in the order of the flow's actions. */
export function findStartInvocations(flow: FlowJson): StartInvocation[] {
  const actions = uniqueActions(flow);
  const byId = new Map(actions.map((action) => [action.Identifier, action]));
  const found: StartInvocation[] = [];
  for (const action of actions) {
    const attributes = invocationAttributes(action);
    const operation = attributes?.[AsyncParameter.operation];
    if (attributes === undefined || typeof operation !== "string" || AsyncParameter.requestId in attributes) continue;
    const save = byId.get(action.Transitions.NextAction ?? "");
    const savedIn = savedRequestIds(save);
    if (save === undefined || savedIn.length === 0) continue;
    const inputs: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (name !== AsyncParameter.operation && typeof value === "string") inputs[name] = value;
    }
    const arn = action.Parameters.LambdaFunctionARN;
    const macroId = savedMacroIdOf(save);
    found.push({
      blockId: action.Identifier,
      ...(typeof arn === "string" ? { functionArn: arn } : {}),
      operation,
      inputs,
      saveBlockId: save.Identifier,
      savedIn,
      ...(macroId !== undefined ? { macroId } : {}),
    });
  }
  return found;
}

/**
 * The poll invocations that ask about `start`'s request: those sending, as `asyncRequestId`, the
 * attribute its request id is saved in (the first, when the save block writes several), in the order of
 * the flow's actions. A poll sending another reference asks about another request.
 */
export function pollsOf(flow: FlowJson, start: StartInvocation): FlowAction[] {
  const sent = requestIdReference(start.savedIn[0]!);
  return uniqueActions(flow).filter((action) => invocationAttributes(action)?.[AsyncParameter.requestId] === sent);
}

/** Whether an `operation` value is a name fixed in the flow (not a `$.` reference). */
export function isFixedOperationName(value: string): boolean {
  return value !== "" && !value.includes("$.") && !value.includes("$[");
}

/**
 * The operation names the flow's start invocations pass as a fixed `operation` value, sorted. A `$.`
 * reference is left out: its value is only known when the call runs (and an unconfigured one then gets
 * `UNKNOWN_OPERATION` from start, as in production). Another Lambda's own `operation` parameter is not
 * an operation.
 */
export function findOperationNames(flow: FlowJson): string[] {
  return [...new Set(findStartInvocations(flow).map((invocation) => invocation.operation).filter(isFixedOperationName))].sort();
}
