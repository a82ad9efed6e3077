/**
 * `wrap`: turns one synchronous Lambda call of an existing flow (a console export or `describe-contact-flow`
 * output) into the async macro, so a call that has grown too slow for Connect's 8 s runs behind the
 * connect-async bridge instead, with the caller kept company.
 *
 * - The block's invocation attributes become the operation's input; its Lambda becomes the operation's
 *   drop-in target (it receives the same Connect event and returns what it returned), so later
 *   `$.External.<key>` reads keep working: on success the macro's last answer carries the result's keys.
 * - Its NextAction becomes onSuccess; its error branch onFailure and onTimeout (a synchronous call has no
 *   separate timeout branch).
 * - The macro's first block takes the wrapped block's Identifier, so every transition into it stays as it
 *   was; every other action and the designer metadata stay as they were, and the new blocks are placed
 *   below the flow (flows/layout.ts `placeBelow`).
 * - Strategy: `event` (asynchronous poll, Wait, Load result) where the flow type allows Wait (inbound and
 *   customer queue flows), `loop` elsewhere; `auto` picks.
 * - Hold music: the event strategy plays hold audio until the answer cuts it. Without `holdPromptId` it is
 *   the instance's own `CustomerQueue.wav`, looked up by name as the demo stack does, through a
 *   `templatefile()` variable (flows/wrap/templatefile.ts): every instance has that prompt, so the default
 *   is music, never the macro's fallback of pauses (22 s of silence in a 25 s simulated call), and no one
 *   has to look up an ARN before the first try. Refusing instead would make every first run fail.
 * - Target: the block's Lambda becomes the operation's target. A block that names its Lambda at run time
 *   (`$.FlowAttributes.x`, `$.Attributes.x`) has no fixed ARN to give the bridge: the result says so, with
 *   what the flow sets the attribute to, and the snippets never show the reference as an ARN.
 *
 * It refuses, with every reason at once, what it cannot wrap safely (flows/wrap/wrap-refusal.ts).
 */
import { asyncInvoke, AsyncWaitStrategy } from "../async";
import { NAME_PATTERN } from "../async/option-checks";
import { DisconnectParticipant } from "../blocks/disconnect-participant";
import { Flow } from "../flow";
import type { FlowAction, FlowActionMetadata, FlowJson, FlowMetadata, FlowParameterValue, FlowPosition } from "../flow-json";
import { ActionType, ErrorType, LambdaInvocationType } from "../flow-language";
import { layoutFlow, placeBelow } from "../layout";
import { ASYNC_RESERVED_PREFIX, AsyncParameter } from "../private/async-response";
import { LambdaResponseType } from "../private/parameter-value";
import { isPollInvocation } from "../recognise/macro-blocks";
import { DEMO_HOLD_MUSIC, DEMO_HOLD_MUSIC_NAME } from "../demo";
import { actionEdges, uniqueActions } from "../validation/flow-edges";
import { externalKeysRead, findStaleExternalReads } from "../validation/external-dataflow-rules";
import { resolveValidateFlowOptions } from "../validation/options";
import { createRuleContext } from "../validation/rule";
import { FlowType } from "../validation/flow-type";
import { blockNamesOf } from "../diagram/block-name-metadata";
import { functionNameOf } from "../lambda-name";
import { dynamicTargetOf, type DynamicTarget } from "./dynamic-target";
import { templateReference, WRAP_TEMPLATE_VARIABLE } from "./templatefile";
import { WrapRefusalCode, WrapRefusedError, type WrapRefusal } from "./wrap-refusal";

/** How `wrap` chooses the wait strategy. */
export const WrapStrategy = { auto: "auto", loop: AsyncWaitStrategy.LOOP, event: AsyncWaitStrategy.EVENT } as const;
export type WrapStrategy = (typeof WrapStrategy)[keyof typeof WrapStrategy];

/** Placeholders for the bridge's Lambdas when their ARNs are not known yet: Terraform `templatefile` variables. */
export const START_ARN_PLACEHOLDER = templateReference(WRAP_TEMPLATE_VARIABLE.start);
export const POLL_ARN_PLACEHOLDER = templateReference(WRAP_TEMPLATE_VARIABLE.poll);
/** The event strategy's hold music when none is given: the instance's default music, looked up by name at deploy. */
export const HOLD_PROMPT_PLACEHOLDER = templateReference(WRAP_TEMPLATE_VARIABLE.holdPrompt);

/** Options of {@link wrapFlow}. */
export interface WrapOptions {
  /** The block to wrap: its Identifier, or its builder name. @default the flow's only synchronous Lambda call (give `block` or `lambda` when there are several) */
  readonly block?: string;
  /** The block to wrap, by the Lambda it calls: its ARN or function name (the NAME of `${aws_lambda_function.NAME.arn}` too). @default see `block` */
  readonly lambda?: string;
  /** The operation's name (`[A-Za-z0-9_-]{1,40}`), as the bridge will know it. */
  readonly operation: string;
  /** The macro id: names its blocks and flow attributes. @default the operation name */
  readonly id?: string;
  /** The bridge's start Lambda ARN. @default {@link START_ARN_PLACEHOLDER} */
  readonly startFunctionArn?: string;
  /** The bridge's poll Lambda ARN. @default {@link POLL_ARN_PLACEHOLDER} */
  readonly pollFunctionArn?: string;
  /** The longest the caller may wait for the outcome, in seconds. @default 60 */
  readonly maxWaitSeconds?: number;
  /** @default "auto": event where the flow type allows Wait, else loop */
  readonly strategy?: WrapStrategy;
  /** The flow's type. @default read from the designer metadata's `type`, else unknown (then `auto` picks loop) */
  readonly flowType?: FlowType;
  /** Said once when the work is still pending, e.g. "One moment while I look that up." @default nothing */
  readonly initialMessage?: string;
  /** Said now and then while waiting, e.g. "Still working on it." @default nothing */
  readonly comfortMessage?: string;
  /**
   * Hold audio from the instance's prompt library (its ARN or id), e.g. the instance's default music.
   * The loop strategy also needs `holdPromptSeconds`.
   * @default event strategy: the instance's `CustomerQueue.wav` ({@link HOLD_PROMPT_PLACEHOLDER}, looked up by
   * name at deploy); loop strategy: the macro's short pause between polls
   */
  readonly holdPromptId?: string;
  /** How long the hold prompt plays, in seconds (the loop strategy sizes its turns by it). @default unknown */
  readonly holdPromptSeconds?: number;
}

/** What to add to the bridge for the wrapped call. */
export interface SuggestedOperation {
  readonly name: string;
  /** The original Lambda's ARN: the operation's drop-in target. Undefined when the block names it at run time ({@link dynamicTarget}). */
  readonly target?: string;
  /** Set when the block reads its Lambda ARN at run time: the bridge needs a fixed ARN, which the flow does not hold. @default none */
  readonly dynamicTarget?: DynamicTarget;
  /** The invocation attributes the block sends. */
  readonly inputs: ReadonlyArray<string>;
  readonly timeoutSeconds: number;
  readonly responseType: LambdaResponseType;
}

export type { DynamicTarget } from "./dynamic-target";

export interface WrapResult {
  /** The wrapped flow. */
  readonly flow: FlowJson;
  /** The Identifier of the block that was wrapped (now the macro's start). */
  readonly blockId: string;
  readonly strategy: AsyncWaitStrategy;
  /** The flow type used for the choice and the checks, when known. */
  readonly flowType?: FlowType;
  readonly operation: SuggestedOperation;
  /** The Identifiers of the blocks added. */
  readonly addedBlockIds: ReadonlyArray<string>;
  /** Things to know that do not stop the wrap, one sentence each. */
  readonly notes: ReadonlyArray<string>;
  /** Where the hold audio comes from. */
  readonly holdPrompt: WrapHoldPrompt;
}

/** The hold audio of the wrapped call. */
export type WrapHoldPrompt =
  /** The instance's default music, looked up by name at deploy through {@link HOLD_PROMPT_PLACEHOLDER}. */
  | { readonly source: "instance"; readonly name: string; readonly placeholder: string }
  /** The prompt given with `holdPromptId`. */
  | { readonly source: "given"; readonly promptId: string }
  /** The loop strategy's pause between polls (no hold audio given). */
  | { readonly source: "pause" };

const DEFAULT_MAX_WAIT_SECONDS = 60;

/** The designer's `Metadata.type` → the flow type (reference §9.2). A Map: the type comes from the file. */
const DESIGNER_FLOW_TYPE: ReadonlyMap<string, FlowType> = new Map(Object.entries({
  contactFlow: FlowType.CONTACT_FLOW,
  customerQueue: FlowType.CUSTOMER_QUEUE,
  customerHold: FlowType.CUSTOMER_HOLD,
  customerWhisper: FlowType.CUSTOMER_WHISPER,
  outboundWhisper: FlowType.OUTBOUND_WHISPER,
  agentHold: FlowType.AGENT_HOLD,
  agentWhisper: FlowType.AGENT_WHISPER,
  agentTransfer: FlowType.AGENT_TRANSFER,
  queueTransfer: FlowType.QUEUE_TRANSFER,
}));

/** Flow types whose documented restrictions allow Wait with "Keep running while waiting" on voice (reference §2.8). */
const EVENT_FLOW_TYPES: ReadonlySet<FlowType> = new Set([FlowType.CONTACT_FLOW, FlowType.CUSTOMER_QUEUE]);
/** Flow types where the loop's Play prompt blocks are documented (reference §2.2). */
const LOOP_FLOW_TYPES: ReadonlySet<FlowType> = new Set([
  FlowType.CONTACT_FLOW, FlowType.CUSTOMER_QUEUE, FlowType.AGENT_TRANSFER, FlowType.QUEUE_TRANSFER,
  FlowType.CUSTOMER_WHISPER, FlowType.AGENT_WHISPER, FlowType.OUTBOUND_WHISPER,
]);

/** The flow type recorded in the designer metadata, if any. */
export function flowTypeOf(flow: FlowJson): FlowType | undefined {
  const type = flow.Metadata?.type;
  return typeof type === "string" ? DESIGNER_FLOW_TYPE.get(type) : undefined;
}

/**
 * Wraps one synchronous Lambda call of `flow` in the async macro.
 * @throws WrapRefusedError with every reason when the block cannot be wrapped safely
 */
export function wrapFlow(flow: FlowJson, options: WrapOptions): WrapResult {
  const refusals: WrapRefusal[] = [];
  const refuse = (code: WrapRefusalCode, message: string, blockId?: string): void => {
    refusals.push({ code, message, ...(blockId !== undefined ? { blockId } : {}) });
  };
  const operation = options.operation;
  const id = options.id ?? operation;
  if (typeof operation !== "string" || !NAME_PATTERN.test(operation)) refuse(WrapRefusalCode.BAD_OPTION, `the operation name must match [A-Za-z0-9_-]{1,40} (got ${JSON.stringify(operation)}); pass --operation NAME`);
  else if (!NAME_PATTERN.test(id)) refuse(WrapRefusalCode.BAD_OPTION, `the macro id must match [A-Za-z0-9_-]{1,40} (got ${JSON.stringify(id)})`);
  const maxWaitSeconds = options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS;

  const target = selectBlock(flow, options, refuse);
  const flowType = options.flowType ?? flowTypeOf(flow);
  const strategy = chooseStrategy(options.strategy ?? WrapStrategy.auto, flowType, refuse);
  if (target === undefined || strategy === undefined) throw new WrapRefusedError(refusals);

  const attributes = checkCall(flow, target, id, refuse);
  const errorTarget = target.Transitions.Errors?.find((error) => error.ErrorType === ErrorType.NoMatchingError)?.NextAction;
  const successTarget = target.Transitions.NextAction;
  if (errorTarget === undefined || successTarget === undefined) {
    refuse(WrapRefusalCode.NO_ERROR_BRANCH, `${describe(target)} needs both a next block and an Error branch: the first becomes the macro's success, the second its failure and timeout. Wire the missing branch in the designer and export again.`, target.Identifier);
  }
  if (refusals.length > 0) throw new WrapRefusedError(refusals);

  const responseType = responseTypeOf(target);
  const holdPrompt: WrapHoldPrompt = options.holdPromptId !== undefined
    ? { source: "given", promptId: options.holdPromptId }
    : strategy === AsyncWaitStrategy.EVENT ? { source: "instance", name: DEMO_HOLD_MUSIC_NAME, placeholder: HOLD_PROMPT_PLACEHOLDER } : { source: "pause" };
  const macroFlow = buildMacro(flow, target, {
    operation, id, maxWaitSeconds, strategy, responseType, input: attributes as { [key: string]: string },
    startFunctionArn: options.startFunctionArn ?? START_ARN_PLACEHOLDER,
    pollFunctionArn: options.pollFunctionArn ?? POLL_ARN_PLACEHOLDER,
    initialMessage: options.initialMessage,
    comfortMessage: options.comfortMessage,
    holdPromptId: holdPrompt.source === "instance" ? holdPrompt.placeholder : options.holdPromptId,
    // The instance's music repeats until the answer cuts it; its length only tells the simulator how long one play lasts.
    holdPromptSeconds: options.holdPromptSeconds ?? (holdPrompt.source === "instance" ? DEMO_HOLD_MUSIC.lengthSeconds : undefined),
  }, refuse);
  if (macroFlow === undefined) throw new WrapRefusedError(refusals);

  const outcomes = new Map([[macroFlow.placeholders.success, successTarget as string], [macroFlow.placeholders.failure, errorTarget as string], [macroFlow.placeholders.timeout, errorTarget as string]]);
  const wrapped = splice(flow, target, macroFlow.json, outcomes);
  const notes: string[] = [];
  if (reaches(flow, [successTarget as string, errorTarget as string], target.Identifier)) {
    notes.push(`${describe(target)} is on a loop of the flow. Connect keeps Loop counts per block for the whole contact, so a caller who comes round again gets only the wait turns that are left; give each pass its own macro id if that matters.`);
  }
  if (flowType === undefined) notes.push(`The flow's type is unknown (no Metadata.type); the ${strategy} strategy was used. Pass --flow-type to choose by type.`);
  const arn = String(target.Parameters.LambdaFunctionARN);
  const dynamicTarget = dynamicTargetOf(flow, arn);
  if (dynamicTarget !== undefined) notes.push(dynamicTarget.advice);
  return {
    flow: wrapped.flow,
    blockId: target.Identifier,
    strategy,
    ...(flowType !== undefined ? { flowType } : {}),
    operation: { name: operation, ...(dynamicTarget === undefined ? { target: arn } : { dynamicTarget }), inputs: Object.keys(attributes), timeoutSeconds: maxWaitSeconds, responseType },
    addedBlockIds: wrapped.addedIds,
    notes,
    holdPrompt,
  };
}

function selectBlock(flow: FlowJson, options: WrapOptions, refuse: (code: WrapRefusalCode, message: string, blockId?: string) => void): FlowAction | undefined {
  const actions = uniqueActions(flow);
  const names = blockNamesOf(flow);
  const calls = actions.filter((action) => action.Type === ActionType.InvokeLambdaFunction);
  const listing = (candidates: ReadonlyArray<FlowAction>): string => candidates.map((action) => `${action.Identifier} (${functionNameOf(String(action.Parameters.LambdaFunctionARN))})`).join(", ");
  let candidates: FlowAction[];
  let asked: string;
  if (options.block !== undefined) {
    asked = `--block ${options.block}`;
    candidates = actions.filter((action) => action.Identifier === options.block || names.get(action.Identifier) === options.block);
  } else if (options.lambda !== undefined) {
    asked = `--lambda ${options.lambda}`;
    candidates = calls.filter((action) => action.Parameters.LambdaFunctionARN === options.lambda || functionNameOf(String(action.Parameters.LambdaFunctionARN)) === options.lambda);
  } else {
    asked = "the flow";
    candidates = calls.filter((action) => !isAsyncCall(action));
  }
  if (candidates.length === 1) {
    if (candidates[0].Type !== ActionType.InvokeLambdaFunction) {
      refuse(WrapRefusalCode.NOT_A_LAMBDA_CALL, `${describe(candidates[0])} is not a Lambda call; wrap one of: ${listing(calls) || "none (the flow has no Lambda call)"}`, candidates[0].Identifier);
      return undefined;
    }
    return candidates[0];
  }
  if (candidates.length === 0) {
    refuse(WrapRefusalCode.NO_SUCH_BLOCK, `${asked} matches no Lambda call; the flow's Lambda calls are: ${listing(calls) || "none"}`);
  } else {
    refuse(WrapRefusalCode.AMBIGUOUS_BLOCK, `${asked} matches ${candidates.length} Lambda calls: ${listing(candidates)}; pick one with --block <Identifier>`);
  }
  return undefined;
}

function chooseStrategy(asked: WrapStrategy, flowType: FlowType | undefined, refuse: (code: WrapRefusalCode, message: string) => void): AsyncWaitStrategy | undefined {
  if (!(Object.values(WrapStrategy) as string[]).includes(asked)) {
    refuse(WrapRefusalCode.BAD_OPTION, `the strategy must be one of ${Object.values(WrapStrategy).join(", ")} (got ${JSON.stringify(asked)})`);
    return undefined;
  }
  const eventAllowed = flowType === undefined || EVENT_FLOW_TYPES.has(flowType);
  const loopAllowed = flowType === undefined || LOOP_FLOW_TYPES.has(flowType);
  if (asked === WrapStrategy.event && !eventAllowed) {
    refuse(WrapRefusalCode.FLOW_TYPE, `${flowType} flows do not allow the Wait block the event strategy needs (only ${[...EVENT_FLOW_TYPES].join(" and ")} do); use --strategy loop`);
    return undefined;
  }
  if (asked === WrapStrategy.loop && !loopAllowed) {
    refuse(WrapRefusalCode.FLOW_TYPE, `${flowType} flows do not allow the Play prompt blocks the loop strategy plays between polls; move the call to the inbound or customer queue flow`);
    return undefined;
  }
  if (asked === WrapStrategy.auto) {
    if (flowType !== undefined && EVENT_FLOW_TYPES.has(flowType)) return AsyncWaitStrategy.EVENT;
    if (loopAllowed) return AsyncWaitStrategy.LOOP;
    refuse(WrapRefusalCode.FLOW_TYPE, `${flowType} flows allow neither the Play prompt blocks of the loop strategy nor the Wait of the event strategy; move the slow call to the inbound or customer queue flow and wrap it there`);
    return undefined;
  }
  return asked;
}

/** Checks the call itself and the flow around it; returns its invocation attributes. */
function checkCall(flow: FlowJson, target: FlowAction, id: string, refuse: (code: WrapRefusalCode, message: string, blockId?: string) => void): { [key: string]: FlowParameterValue } {
  const here = target.Identifier;
  if (isAsyncCall(target)) {
    refuse(WrapRefusalCode.ALREADY_ASYNC, `${describe(target)} is already asynchronous (InvocationType ASYNCHRONOUS, or the macro's own start or poll); there is nothing to wrap`, here);
    return {};
  }
  const raw = target.Parameters.LambdaInvocationAttributes;
  const attributes = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === AsyncParameter.operation || key.startsWith(ASYNC_RESERVED_PREFIX)) {
      refuse(WrapRefusalCode.RESERVED_INPUT, `${describe(target)} sends a parameter named "${key}", which the start Lambda reserves ("operation" and names starting with "async"); rename it in the function and in the block, then wrap`, here);
    } else if (typeof value !== "string") {
      refuse(WrapRefusalCode.NON_TEXT_INPUT, `${describe(target)} sends "${key}" as ${Array.isArray(value) ? "an array" : typeof value} (JSON input); the start Lambda takes text parameters only. Send it as JSON text and parse it in the function`, here);
    }
  }
  // Reads of the call's result that the macro's answers would shadow, or that already come after another call.
  for (const action of reachableFrom(flow, target.Transitions.NextAction)) {
    const reserved = externalKeysRead(action).filter((key) => key.startsWith(ASYNC_RESERVED_PREFIX));
    if (reserved.length > 0) {
      refuse(WrapRefusalCode.RESERVED_RESULT_KEY, `${describe(action)} reads $.External.${reserved[0]}, a key the macro's own answers use; rename that result key in the function`, action.Identifier);
    }
  }
  // The validator's data-flow result, per block: which calls' results are read after another call replaced them.
  for (const stale of findStaleExternalReads(createRuleContext(flow, resolveValidateFlowOptions()))) {
    const mine = stale.producers.find((producer) => producer.producerId === here);
    if (mine === undefined) continue;
    refuse(WrapRefusalCode.RESULT_READ_AFTER_OTHER_LAMBDA,
      `its result is read by block ${stale.readerId} (${stale.keys.map((key) => `$.External.${key}`).join(", ")}) after block ${mine.overwriterId} has replaced $.External on some path, so the flow depends on which call ran last; copy the values it needs to contact attributes right after the call, then wrap`, here);
  }
  const prefix = `${id}_`;
  for (const action of uniqueActions(flow)) {
    const flowAttributes = action.Parameters.FlowAttributes;
    if (action.Type === ActionType.UpdateFlowAttributes && flowAttributes !== null && typeof flowAttributes === "object" && Object.keys(flowAttributes).some((key) => key.startsWith(prefix))) {
      refuse(WrapRefusalCode.ID_IN_USE, `the flow already sets flow attributes starting with "${prefix}" (${describe(action)}), which the macro with id "${id}" would overwrite; choose another --id`, action.Identifier);
    }
  }
  return attributes;
}

interface MacroSettings {
  readonly operation: string;
  readonly id: string;
  readonly maxWaitSeconds: number;
  readonly strategy: AsyncWaitStrategy;
  readonly responseType: LambdaResponseType;
  readonly input: { readonly [key: string]: string };
  readonly startFunctionArn: string;
  readonly pollFunctionArn: string;
  readonly initialMessage?: string;
  readonly comfortMessage?: string;
  readonly holdPromptId?: string;
  readonly holdPromptSeconds?: number;
}

/** The macro alone, built by the real builder into a throwaway flow whose three outcomes are placeholder blocks. */
function buildMacro(flow: FlowJson, target: FlowAction, settings: MacroSettings, refuse: (code: WrapRefusalCode, message: string, blockId?: string) => void):
  { json: FlowJson; placeholders: { success: string; failure: string; timeout: string } } | undefined {
  const success = new DisconnectParticipant("wrap: onSuccess");
  const failure = new DisconnectParticipant("wrap: onFailure");
  const timeout = new DisconnectParticipant("wrap: onTimeout");
  // The builder checks the macro's options as it builds (e.g. a loop hold prompt of unknown length): a throw
  // here is the user's options, refused with the builder's message rather than shown as a stack trace.
  try {
    // The throwaway flow's name makes the new Identifiers unique to this flow and block, and stable across runs.
    const sub = new Flow({
      name: `connect-async wrap ${typeof flow.Metadata?.name === "string" ? flow.Metadata.name : ""} ${target.Identifier}`,
      startWith: asyncInvoke(settings.operation, {
        id: settings.id,
        startFunctionArn: settings.startFunctionArn,
        pollFunctionArn: settings.pollFunctionArn,
        input: settings.input,
        responseType: settings.responseType,
        maxWaitSeconds: settings.maxWaitSeconds,
        strategy: settings.strategy,
        ...(settings.initialMessage !== undefined ? { initialMessage: { text: settings.initialMessage } } : {}),
        ...(settings.comfortMessage !== undefined ? { comfortMessage: { text: settings.comfortMessage } } : {}),
        ...(settings.holdPromptId !== undefined ? { holdPrompt: { promptId: settings.holdPromptId, ...(settings.holdPromptSeconds !== undefined ? { lengthSeconds: settings.holdPromptSeconds } : {}) } } : {}),
        onSuccess: success,
        onFailure: failure,
        onTimeout: timeout,
      }),
      defaultErrorTarget: failure,
    });
    const json = sub.toJson();
    return { json, placeholders: { success: sub.identifierOf(success), failure: sub.identifierOf(failure), timeout: sub.identifierOf(timeout) } };
  } catch (error) {
    refuse(WrapRefusalCode.BAD_OPTION, `the async macro cannot be built with these options: ${error instanceof Error ? error.message : String(error)}`, target.Identifier);
    return undefined;
  }
}

/** Puts the macro's actions in place of `target`, its start taking the target's Identifier, and lays out the new blocks. */
function splice(flow: FlowJson, target: FlowAction, macro: FlowJson, outcomes: ReadonlyMap<string, string>): { flow: FlowJson; addedIds: string[] } {
  const rename = (identifier: string): string => (identifier === macro.StartAction ? target.Identifier : (outcomes.get(identifier) ?? identifier));
  const macroActions = macro.Actions.filter((action) => !outcomes.has(action.Identifier)).map((action) => retarget(action, rename));
  const addedIds = macroActions.map((action) => action.Identifier).filter((identifier) => identifier !== target.Identifier);
  const actions: FlowAction[] = [];
  for (const action of flow.Actions) {
    if (action === target) actions.push(...macroActions);
    else actions.push(action);
  }

  const macroMetadata = macro.Metadata?.ActionMetadata ?? {};
  const metadataOf = (identifier: string): FlowActionMetadata | undefined => macroMetadata[identifier === target.Identifier ? macro.StartAction : identifier];
  const original = flow.Metadata;
  const existing = original?.ActionMetadata;
  // A Map, then entries: Identifiers come from the flow, and one such as "__proto__" must stay a key.
  const entries = new Map<string, FlowActionMetadata>();
  if (existing === undefined || typeof existing !== "object") {
    // No designer layout to keep: lay out the whole wrapped flow.
    const laidOut = new Map(Object.entries(layoutFlow({ ...flow, Actions: actions }).ActionMetadata ?? {}));
    for (const [identifier, entry] of laidOut) entries.set(identifier, entry);
    for (const action of macroActions) entries.set(action.Identifier, { ...metadataOf(action.Identifier), position: laidOut.get(action.Identifier)!.position });
  } else {
    const existingEntries = new Map(Object.entries(existing));
    const anchor: FlowPosition = existingEntries.get(target.Identifier)?.position ?? macroMetadata[macro.StartAction]?.position ?? { x: 0, y: 0 };
    const others = [...existingEntries].filter(([identifier]) => identifier !== target.Identifier).map(([, entry]) => entry?.position).filter((position): position is FlowPosition => position !== undefined);
    const placed = new Map(Object.entries(placeBelow(others, Object.fromEntries(addedIds.map((identifier) => [identifier, macroMetadata[identifier]?.position ?? { x: 0, y: 0 }])), anchor)));
    for (const [identifier, entry] of existingEntries) {
      entries.set(identifier, identifier === target.Identifier ? { ...metadataOf(identifier), position: anchor } : entry);
    }
    for (const identifier of addedIds) entries.set(identifier, { ...metadataOf(identifier), position: placed.get(identifier)! });
  }
  const actionMetadata: { [identifier: string]: FlowActionMetadata } = Object.fromEntries(entries);
  const metadata: FlowMetadata = { ...(original ?? {}), ActionMetadata: actionMetadata };
  const wrapped: FlowJson = { ...flow, Metadata: metadata, Actions: actions };
  return { flow: wrapped, addedIds };
}

function retarget(action: FlowAction, rename: (identifier: string) => string): FlowAction {
  const transitions = action.Transitions;
  return {
    ...action,
    Identifier: rename(action.Identifier),
    Transitions: {
      ...(transitions.NextAction !== undefined ? { NextAction: rename(transitions.NextAction) } : {}),
      ...(transitions.Errors !== undefined ? { Errors: transitions.Errors.map((error) => ({ ...error, NextAction: rename(error.NextAction) })) } : {}),
      ...(transitions.Conditions !== undefined ? { Conditions: transitions.Conditions.map((condition) => ({ ...condition, NextAction: rename(condition.NextAction) })) } : {}),
    },
  };
}

function responseTypeOf(action: FlowAction): LambdaResponseType {
  const validation = action.Parameters.ResponseValidation;
  const type = validation !== null && typeof validation === "object" && !Array.isArray(validation) ? validation.ResponseType : undefined;
  return type === LambdaResponseType.JSON ? LambdaResponseType.JSON : LambdaResponseType.STRING_MAP;
}

/** An asynchronous invocation, or the macro's own poll (flows/recognise): nothing left to wrap. */
function isAsyncCall(action: FlowAction): boolean {
  if (action.Type !== ActionType.InvokeLambdaFunction) return false;
  return action.Parameters.InvocationType === LambdaInvocationType.ASYNCHRONOUS || isPollInvocation(action);
}

/** Every action reachable from `start` (inclusive), in breadth-first order. */
function reachableFrom(flow: FlowJson, start: string | undefined): FlowAction[] {
  const byId = new Map(uniqueActions(flow).map((action) => [action.Identifier, action]));
  const seen = new Set<string>();
  const queue = start === undefined ? [] : [start];
  const found: FlowAction[] = [];
  while (queue.length > 0) {
    const identifier = queue.shift() as string;
    const action = byId.get(identifier);
    if (seen.has(identifier) || action === undefined) continue;
    seen.add(identifier);
    found.push(action);
    for (const edge of actionEdges(action)) queue.push(edge.to);
  }
  return found;
}

/** Whether `goal` is reachable from any of `starts`. */
function reaches(flow: FlowJson, starts: ReadonlyArray<string>, goal: string): boolean {
  return starts.some((start) => reachableFrom(flow, start).some((action) => action.Identifier === goal));
}

function describe(action: FlowAction): string {
  return `${action.Type} block ${action.Identifier}`;
}
