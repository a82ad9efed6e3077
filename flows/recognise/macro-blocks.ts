/**
 * What each block of the async macro (flows/async/) looks like in flow JSON, read from the parameters it
 * sends and the references it compares, never from Identifiers or names, so a flow read from a file, a
 * wrapped export or a hand-written flow is recognised as well as one the builder made. The recognisers
 * beside this file (start-invocations.ts, outcome-transitions.ts, macro-uses.ts) are built from these
 * predicates only, so the diagram, the simulator, ContactFlow's cross-checks and wrap agree on what a
 * start, a poll, a status check and a deadline check are.
 */
import type { FlowAction, FlowParameterValue } from "../flow-json";
import { ActionType } from "../flow-language";
import { AsyncParameter, AsyncResponseKey } from "../private/async-response";

/** The reference a status check compares: the answer start and poll give. */
export const STATUS_REFERENCE = `$.External.${AsyncResponseKey.status}`;
/** The reference a deadline check compares: how long the caller has waited, as poll reports it. */
export const ELAPSED_REFERENCE = `$.External.${AsyncResponseKey.elapsedMs}`;
/** The reference the macro's channel split compares (voice and text waits differ). */
export const CHANNEL_REFERENCE = "$.Channel";
/** The value a save block stores: the request id only start answers with. */
const REQUEST_ID_REFERENCE = `$.External.${AsyncResponseKey.requestId}`;
/** The macro names the flow attribute holding its request id `<id>_asyncRequestId`. */
const REQUEST_ID_SUFFIX = `_${AsyncResponseKey.requestId}`;
const POLL_REFERENCE = new RegExp(`^\\$\\.FlowAttributes\\.([A-Za-z0-9_-]{1,40})${REQUEST_ID_SUFFIX}$`);

/** Where a save block keeps start's request id: a flow attribute (as the macro does) or a contact attribute (hand-written flows). */
export const SavedAttributeScope = { flow: "flow", contact: "contact" } as const;
export type SavedAttributeScope = (typeof SavedAttributeScope)[keyof typeof SavedAttributeScope];

/** One attribute a block sets to start's request id. */
export interface SavedRequestId {
  /** The attribute's name, e.g. `lookUpAccount_asyncRequestId`. */
  readonly name: string;
  readonly scope: SavedAttributeScope;
}

/** The invocation attributes (parameters) of a Lambda block, or undefined for any other block. */
export function invocationAttributes(action: FlowAction): { readonly [key: string]: FlowParameterValue } | undefined {
  if (action.Type !== ActionType.InvokeLambdaFunction) return undefined;
  const attributes = action.Parameters.LambdaInvocationAttributes;
  return attributes !== null && typeof attributes === "object" && !Array.isArray(attributes) ? attributes : undefined;
}

/**
 * The attributes a flow-attribute block sets, name → value. The builder writes `{ key: { Value: "…" } }`;
 * older or hand-written flows `{ key: "…" }`: both read as `{ key: "…" }`.
 */
export function flowAttributes(action: FlowAction): { readonly [key: string]: FlowParameterValue } {
  return attributeValues(action.Parameters.FlowAttributes);
}

function attributeValues(attributes: FlowParameterValue | undefined): { readonly [key: string]: FlowParameterValue } {
  if (attributes === undefined || attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) return {};
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, value !== null && typeof value === "object" && !Array.isArray(value) ? (value.Value ?? null) : value]));
}

/**
 * The attributes `action` sets to `$.External.asyncRequestId` (the answer only start gives), in the order
 * written: flow attributes (UpdateFlowAttributes) or contact attributes (UpdateContactAttributes).
 */
export function savedRequestIds(action: FlowAction | undefined): SavedRequestId[] {
  if (action === undefined) return [];
  const scope = action.Type === ActionType.UpdateFlowAttributes ? SavedAttributeScope.flow : action.Type === ActionType.UpdateContactAttributes ? SavedAttributeScope.contact : undefined;
  if (scope === undefined) return [];
  const saved = attributeValues(scope === SavedAttributeScope.flow ? action.Parameters.FlowAttributes : action.Parameters.Attributes);
  return Object.entries(saved).flatMap(([name, value]) => (value === REQUEST_ID_REFERENCE ? [{ name, scope }] : []));
}

/** The macro id whose request id this block saves (`<id>_asyncRequestId` = `$.External.asyncRequestId`, a flow attribute), if it does. */
export function savedMacroIdOf(action: FlowAction | undefined): string | undefined {
  const saved = savedRequestIds(action).find((attribute) => attribute.scope === SavedAttributeScope.flow && macroIdOfAttribute(attribute.name) !== undefined);
  return saved === undefined ? undefined : macroIdOfAttribute(saved.name);
}

/** The macro id an attribute named `<id>_asyncRequestId` belongs to; undefined for any other name. */
function macroIdOfAttribute(name: string): string | undefined {
  return name.endsWith(REQUEST_ID_SUFFIX) && name.length > REQUEST_ID_SUFFIX.length ? name.slice(0, -REQUEST_ID_SUFFIX.length) : undefined;
}

/** The reference a poll sends for an attribute saved by {@link savedRequestIds}. */
export function requestIdReference(saved: SavedRequestId): string {
  return `${saved.scope === SavedAttributeScope.flow ? "$.FlowAttributes" : "$.Attributes"}.${saved.name}`;
}

/** Whether `action` is a poll invocation: a Lambda block that sends `asyncRequestId`, whatever its value. */
export function isPollInvocation(action: FlowAction): boolean {
  const attributes = invocationAttributes(action);
  return attributes !== undefined && AsyncParameter.requestId in attributes;
}

/** The macro id a poll asks about (it sends `$.FlowAttributes.<id>_asyncRequestId`), if it is such a poll. */
export function polledMacroIdOf(action: FlowAction): string | undefined {
  const requestId = invocationAttributes(action)?.[AsyncParameter.requestId];
  return typeof requestId === "string" ? POLL_REFERENCE.exec(requestId)?.[1] : undefined;
}

/** Whether `action` checks the macro's answer (`Compare` on `$.External.asyncStatus`). */
export function isStatusCheck(action: FlowAction | undefined): boolean {
  return action?.Type === ActionType.Compare && action.Parameters.ComparisonValue === STATUS_REFERENCE;
}

/** Whether `action` checks the caller's wait against a deadline (`Compare` on `$.External.asyncElapsedMs`). */
export function isDeadlineCheck(action: FlowAction | undefined): boolean {
  return action?.Type === ActionType.Compare && action.Parameters.ComparisonValue === ELAPSED_REFERENCE;
}

/** The target of `action`'s `Equals <operand>` condition (a status, or a Loop's `DoneLooping`). */
export function equalsTarget(action: FlowAction, operand: string): string | undefined {
  return action.Transitions.Conditions?.find((condition) => condition.Condition.Operator === "Equals" && condition.Condition.Operands[0] === operand)?.NextAction;
}

/** The target of `action`'s error branch of `errorType`. */
export function errorTarget(action: FlowAction, errorType: string): string | undefined {
  return action.Transitions.Errors?.find((error) => error.ErrorType === errorType)?.NextAction;
}
