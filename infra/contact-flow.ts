/**
 * A contact flow (or flow module) whose content is the flow builder's JSON. Lambda ARNs in the flow
 * may be Terraform references (e.g. the bridge's `startFunction.arn`): CDKTF turns them into
 * `${aws_lambda_function.….arn}` interpolations inside the `content` string.
 *
 * Checked in the constructor, so a bad flow fails synth:
 * - the flow validator (`flows/validate.ts`): errors fail synth as `[blockId] message` lines, warnings
 *   become synth warnings;
 * - the wiring: every Lambda the flow invokes must be one associated with the instance
 *   (`associatedFunctionArns`), otherwise Connect would refuse to publish the flow;
 * - with `bridges`, every start block names one of the bridge's operations and leaves `start` time
 *   for that operation's fast path, and every poll block leaves `poll` time for the longest long poll;
 * - with `bridges`, each use of the async macro against its operation: the inputs it passes are ones the
 *   operation declares, none of its cacheKey inputs is missing, it polls the bridge it started on, and
 *   the caller's wait (maxWaitSeconds) is not longer than the work may take (timeoutSeconds). A cacheKey
 *   that leaves declared inputs out is a warning: callers who differ only in those share one result.
 *
 * Messages name blocks by their builder names (kept in the flow's metadata), else by Identifier.
 */
import { ConnectContactFlow } from "@cdktf/provider-aws/lib/connect-contact-flow";
import { ConnectContactFlowModule } from "@cdktf/provider-aws/lib/connect-contact-flow-module";
import { Annotations, DefaultTokenResolver, StringConcat, Token, Tokenization, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { blockNamesOf } from "../flows/diagram/block-name-metadata";
import { findAsyncMacroUses } from "../flows/recognise/macro-uses";
import { findStartInvocations, pollsOf } from "../flows/recognise/start-invocations";
import type { FlowAction, FlowIssue, FlowJson } from "../flows/flow-json";
import { LambdaInvocationType } from "../flows/flow-language";
import { AsyncParameter, ASYNC_RESERVED_PREFIX } from "../flows/private/async-response";
import { FlowType, validateFlow, type ValidateFlowOptions } from "../flows/validate";
import type { ConnectAsyncBridge } from "./connect-async-bridge";

const INVOKE_LAMBDA = "InvokeLambdaFunction";
/** What the validator sees instead of a Terraform reference (it cannot know the value at synth). */
const PLACEHOLDER_LAMBDA_ARN = "arn:aws:lambda:us-east-1:000000000000:function:synth-placeholder";

/** Props of {@link ContactFlow}. */
export interface ContactFlowProps {
  /** The Connect instance id (a value or a Terraform reference). */
  readonly instanceId: string;
  /** The flow's name in Connect. */
  readonly name: string;
  /** The flow document, e.g. from the flow builder. */
  readonly flow: FlowJson;
  /**
   * The ARNs of the Lambda functions associated with the instance (e.g. `bridge.associatedFunctionArns`).
   * Every `LambdaFunctionARN` the flow invokes must be one of them.
   */
  readonly associatedFunctionArns: ReadonlyArray<string>;
  /** Create an `aws_connect_contact_flow_module` instead of a contact flow. @default false */
  readonly module?: boolean;
  /** The flow type (contact flows only), e.g. `CONTACT_FLOW`, `CUSTOMER_QUEUE`. @default "CONTACT_FLOW" */
  readonly type?: string;
  /** A description shown in Connect. @default none */
  readonly description?: string;
  /** Tags. @default none */
  readonly tags?: { readonly [key: string]: string };
  /**
   * Resources to create first. Connect publishes flows at once and checks that every Lambda they invoke
   * is associated, so pass the Lambda associations (e.g. `bridge.lambdaAssociations`).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /** Options of the flow validator. @default its defaults */
  readonly validateOptions?: ValidateFlowOptions;
  /**
   * The bridges whose `start` function the flow calls. Each block invoking one must name one of the
   * bridge's operations and give `start` at least a second beyond that operation's fast path;
   * otherwise Connect would take the block's error branch whenever the work is slow.
   * @default none: start blocks are not checked
   */
  readonly bridges?: ReadonlyArray<ConnectAsyncBridge>;
}

/** Thrown when the flow fails validation or invokes a Lambda the instance does not know. */
export class ContactFlowError extends Error {
  constructor(
    readonly flowName: string,
    readonly issues: ReadonlyArray<Pick<FlowIssue, "blockId" | "message">>,
  ) {
    super(`Contact flow "${flowName}" is invalid:\n${issues.map((issue) => `  [${issue.blockId ?? "flow"}] ${issue.message}`).join("\n")}`);
    this.name = "ContactFlowError";
  }
}

/** An `aws_connect_contact_flow` (or `_module`) built from a {@link FlowJson}. */
export class ContactFlow extends Construct {
  /** The Terraform resource. */
  readonly resource: ConnectContactFlow | ConnectContactFlowModule;
  /** The `content` string (with Terraform references still as tokens). */
  readonly content: string;

  constructor(scope: Construct, id: string, props: ContactFlowProps) {
    super(scope, id);
    const flowName = Token.isUnresolved(props.name) ? this.node.path : props.name;

    const flowType = props.module ? undefined : ((props.type ?? FlowType.CONTACT_FLOW) as FlowType);
    // The content goes through Terraform, which fills in its ${…} references: only other placeholders are reported.
    const issues = validateFlow(withPlaceholders(this, props.flow), { flowType, terraformResolvesReferences: true, ...props.validateOptions });
    const errors = issues.filter((issue) => issue.severity === "error");
    const operationChecks = checkOperationUses(this, props.flow, props.bridges ?? []);
    const wiring = [
      ...checkLambdaWiring(this, props.flow, props.associatedFunctionArns),
      ...checkStartBlocks(this, props.flow, props.bridges ?? []),
      ...operationChecks.errors,
    ];
    const names = blockNamesOf(props.flow);
    const named = <T extends Pick<FlowIssue, "blockId">>(issue: T): T => (issue.blockId !== undefined && names.has(issue.blockId) ? { ...issue, blockId: names.get(issue.blockId) } : issue);
    if (errors.length > 0 || wiring.length > 0) throw new ContactFlowError(flowName, [...errors, ...wiring].map(named));
    for (const warning of [...issues.filter((issue) => issue.severity === "warning"), ...operationChecks.warnings].map(named)) {
      Annotations.of(this).addWarning(`[${warning.blockId ?? "flow"}] ${warning.message}`);
    }

    this.content = JSON.stringify(escapeTemplateSequences(props.flow));
    const common = {
      instanceId: props.instanceId,
      name: props.name,
      content: this.content,
      description: props.description,
      tags: props.tags,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    };
    this.resource = props.module
      ? new ConnectContactFlowModule(this, "module", common)
      : new ConnectContactFlow(this, "flow", { ...common, type: props.type ?? "CONTACT_FLOW" });
  }

  /** The flow's ARN (a Terraform reference). */
  get arn(): string {
    return this.resource.arn;
  }
}

/** The Lambda ARNs a flow invokes, with the block invoking each. */
export function invokedLambdaArns(flow: FlowJson): Array<{ readonly blockId: string; readonly arn: string }> {
  return flow.Actions.filter((action) => action.Type === INVOKE_LAMBDA && typeof action.Parameters.LambdaFunctionARN === "string").map((action) => ({
    blockId: action.Identifier,
    arn: action.Parameters.LambdaFunctionARN as string,
  }));
}

/** Compares resolved values: two tokens for the same attribute resolve to the same interpolation. */
function checkLambdaWiring(scope: Construct, flow: FlowJson, associated: ReadonlyArray<string>): Array<{ blockId: string; message: string }> {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: string): string => String(Tokenization.resolve(value, { scope, resolver }));
  const known = new Set(associated.map(resolve));
  return invokedLambdaArns(flow)
    .filter(({ arn }) => !known.has(resolve(arn)))
    .map(({ blockId, arn }) => ({
      blockId,
      message:
        `invokes ${resolve(arn)}, which is not associated with the instance; ` +
        "associate it (aws_connect_lambda_function_association, plus an aws_lambda_permission for connect.amazonaws.com) and list it in associatedFunctionArns",
    }));
}

/** The margin `start` (and `poll`) need beyond their waiting to read, write and answer. */
const START_MARGIN_MS = 1000;

/**
 * Blocks calling a bridge's functions against its operations: a start block names a known operation and
 * its time limit covers that operation's fast path; a poll block's covers the longest long poll.
 */
function checkStartBlocks(scope: Construct, flow: FlowJson, bridges: ReadonlyArray<ConnectAsyncBridge>): Array<{ blockId: string; message: string }> {
  if (bridges.length === 0) return [];
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: string): string => String(Tokenization.resolve(value, { scope, resolver }));
  const bridgeByStart = new Map(bridges.map((bridge) => [resolve(bridge.startFunction.arn), bridge]));
  // The long-poll function runs poll's handler: a block may call either, and both read the same table.
  const bridgeByPoll = new Map(bridges.flatMap((bridge) => [bridge.pollFunction.arn, bridge.longPollFunction.arn].map((arn) => [resolve(arn), bridge] as const)));
  const problems: Array<{ blockId: string; message: string }> = [];
  for (const action of flow.Actions) {
    const arn = action.Parameters.LambdaFunctionARN;
    const resolvedArn = action.Type === INVOKE_LAMBDA && typeof arn === "string" ? resolve(arn) : undefined;
    const pollBridge = resolvedArn === undefined ? undefined : bridgeByPoll.get(resolvedArn);
    if (pollBridge !== undefined) {
      // A poll block may serve any of the bridge's operations: it must cover the longest long poll.
      const longest = Object.values(pollBridge.operations).reduce((most, { operation }) => (operation.pollWaitMs > most.pollWaitMs ? operation : most), { name: "", pollWaitMs: 0 });
      const limitMs = Number(action.Parameters.InvocationTimeLimitSeconds) * 1000;
      if (longest.pollWaitMs > 0 && !(limitMs >= longest.pollWaitMs + START_MARGIN_MS)) {
        problems.push({
          blockId: action.Identifier,
          message:
            `gives poll ${limitMs / 1000} s, but operation "${longest.name}" long-polls for ${longest.pollWaitMs} ms and poll needs a second beyond it; ` +
            `raise the block's time limit to at least ${Math.ceil((longest.pollWaitMs + START_MARGIN_MS) / 1000)} s (the macro's pollInvocationTimeLimitSeconds) or lower pollWaitMs`,
        });
      }
      continue;
    }
    const bridge = resolvedArn === undefined ? undefined : bridgeByStart.get(resolvedArn);
    if (bridge === undefined) continue;
    const attributes = action.Parameters.LambdaInvocationAttributes as { readonly [key: string]: unknown } | undefined;
    const operationName = attributes?.operation;
    const known = Object.keys(bridge.operations).sort().join(", ");
    const entry = typeof operationName === "string" ? bridge.operations[operationName] : undefined;
    if (entry === undefined || !Object.hasOwn(bridge.operations, String(operationName))) {
      problems.push({ blockId: action.Identifier, message: `calls start with operation ${JSON.stringify(operationName)}, which the bridge does not have (it has: ${known}); start would answer ERROR UNKNOWN_OPERATION` });
      continue;
    }
    const limitMs = Number(action.Parameters.InvocationTimeLimitSeconds) * 1000;
    const neededMs = entry.operation.fastPathMs + START_MARGIN_MS;
    if (!(limitMs >= neededMs)) {
      problems.push({
        blockId: action.Identifier,
        message:
          `gives start ${limitMs / 1000} s, but operation "${entry.operation.name}" may wait ${entry.operation.fastPathMs} ms on its fast path and needs a second beyond it; ` +
          `raise the block's time limit to at least ${Math.ceil(neededMs / 1000)} s (asyncInvoke's startInvocationTimeLimitSeconds) or lower the operation's fastPathMs`,
      });
    }
  }
  return problems;
}

/** A problem found by a check, on a block (by Identifier) or on the whole flow. */
interface CheckIssue {
  readonly blockId?: string;
  readonly message: string;
}

/**
 * Each use of the async macro against the operation it starts: the inputs it passes, its cacheKey inputs,
 * the bridge it polls, and how long it lets the caller wait. A start and its polls are paired through the
 * attribute the start's request id is saved in (`<id>_asyncRequestId`, as the macro writes it), as
 * flows/recognise/start-invocations.ts finds it.
 */
function checkOperationUses(scope: Construct, flow: FlowJson, bridges: ReadonlyArray<ConnectAsyncBridge>): { errors: CheckIssue[]; warnings: CheckIssue[] } {
  const errors: CheckIssue[] = [];
  const warnings: CheckIssue[] = [];
  if (bridges.length === 0) return { errors, warnings };
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (value: string): string => String(Tokenization.resolve(value, { scope, resolver }));
  const bridgeByStart = new Map(bridges.map((bridge) => [resolve(bridge.startFunction.arn), bridge]));
  // The long-poll function runs poll's handler: a block may call either, and both read the same table.
  const bridgeByPoll = new Map(bridges.flatMap((bridge) => [bridge.pollFunction.arn, bridge.longPollFunction.arn].map((arn) => [resolve(arn), bridge] as const)));
  const startsByBlock = new Map(findStartInvocations(flow).map((invocation) => [invocation.blockId, invocation]));
  const invoked = (action: FlowAction): string | undefined => {
    const arn = action.Parameters.LambdaFunctionARN;
    return action.Type === INVOKE_LAMBDA && typeof arn === "string" ? resolve(arn) : undefined;
  };
  const attributesOf = (action: FlowAction) => (action.Parameters.LambdaInvocationAttributes ?? {}) as { readonly [key: string]: unknown };
  const maxWaitById = new Map(findAsyncMacroUses(flow).flatMap((use) => (use.maxWaitSeconds === undefined ? [] : [[use.id, use.maxWaitSeconds] as const])));

  for (const start of flow.Actions) {
    const arn = invoked(start);
    const bridge = arn === undefined ? undefined : bridgeByStart.get(arn);
    const operationName = attributesOf(start)[AsyncParameter.operation];
    if (bridge === undefined || typeof operationName !== "string" || !Object.hasOwn(bridge.operations, operationName)) continue;
    const { operation } = bridge.operations[operationName]!;
    const about = `operation "${operation.name}"`;

    // Inputs: what the flow passes against what the operation declares and caches on.
    const passed = Object.keys(attributesOf(start)).filter((key) => key !== AsyncParameter.operation && !key.startsWith(ASYNC_RESERVED_PREFIX));
    const declared = operation.inputs;
    if (declared !== undefined) {
      const list = declared.length > 0 ? declared.join(", ") : "none";
      for (const key of passed.filter((key) => !declared.includes(key))) {
        errors.push({ blockId: start.Identifier, message: `passes the input "${key}", but ${about} declares the inputs ${list}; rename it to one of them, or add it to the operation's inputs` });
      }
      for (const key of declared.filter((key) => !passed.includes(key) && !(operation.cacheKey ?? []).includes(key))) {
        warnings.push({ blockId: start.Identifier, message: `does not pass the input "${key}", which ${about} declares; its target will not receive it` });
      }
    }
    for (const key of (operation.cacheKey ?? []).filter((key) => !passed.includes(key))) {
      errors.push({
        blockId: start.Identifier,
        message: `does not pass the input "${key}", which ${about} caches on (cacheKey); start needs every cacheKey input to key the request: add ${key} to the macro's input`,
      });
    }
    const uncached = (declared ?? []).filter((key) => operation.cacheKey !== undefined && !operation.cacheKey.includes(key));
    if (uncached.length > 0) {
      warnings.push({
        blockId: start.Identifier,
        message:
          `${about} caches on ${operation.cacheKey!.join(", ")} but also declares ${uncached.join(", ")}: callers who differ only in ${uncached.join(", ")} share one result for ` +
          `${operation.cacheTtlSeconds} s; add ${uncached.length === 1 ? "it" : "them"} to cacheKey if the answer depends on ${uncached.length === 1 ? "it" : "them"}`,
      });
    }

    // The start's request id, saved in an attribute, is what its polls send.
    const invocation = startsByBlock.get(start.Identifier);
    if (invocation === undefined) continue;
    for (const poll of pollsOf(flow, invocation)) {
      const pollArn = invoked(poll);
      const pollBridge = pollArn === undefined ? undefined : bridgeByPoll.get(pollArn);
      if (pollBridge === bridge) {
        // The event strategy's poll long-polls for the round; a poll function that times out first ends
        // every round early (more rounds, more invocations) or, shorter still, fails them.
        const longPollMs = Number(attributesOf(poll)[AsyncParameter.longPollMs]);
        const isLongPoll = pollArn === resolve(bridge.longPollFunction.arn);
        if (poll.Parameters.InvocationType === LambdaInvocationType.ASYNCHRONOUS && !isLongPoll) {
          warnings.push({
            blockId: poll.Identifier,
            message:
              `invokes bridge ${bridge.node.path}'s poll function asynchronously, so waiting callers hold executions from the account's unreserved pool and can starve start, ` +
              `synchronous polls and your backends; pass the bridge's longPollFunction.arn as the macro's longPollFunctionArn (its reserved share bounds them)`,
          });
        }
        const timeoutSeconds = isLongPoll ? bridge.longPollTimeoutSeconds : bridge.pollTimeoutSeconds;
        const prop = isLongPoll ? "longPoll.timeoutSeconds" : "pollFunction.timeoutSeconds";
        if (poll.Parameters.InvocationType === LambdaInvocationType.ASYNCHRONOUS && Number.isFinite(longPollMs) && longPollMs / 1000 + 1 > timeoutSeconds) {
          warnings.push({
            blockId: poll.Identifier,
            message:
              `long-polls for ${longPollMs / 1000} s, but bridge ${bridge.node.path}'s ${isLongPoll ? "long-poll" : "poll"} function times out after ${timeoutSeconds} s, so each round ends early and the caller's wait takes more invocations; ` +
              `raise ${prop} to at least ${Math.ceil(longPollMs / 1000) + 1} (the default, 60, fits every round)`,
          });
        }
        continue;
      }
      const polled = pollBridge === undefined ? `a Lambda that is not a bridge's poll (${pollArn ?? "none"})` : `the poll of bridge ${pollBridge.node.path}`;
      errors.push({
        blockId: poll.Identifier,
        message: `polls ${polled}, but the request was started on bridge ${bridge.node.path}, whose table holds it; pass that bridge's pollFunction.arn (pollFunctionArn) with its startFunction.arn`,
      });
    }
    const maxWaitSeconds = invocation.macroId === undefined ? undefined : maxWaitById.get(invocation.macroId);
    if (maxWaitSeconds !== undefined && maxWaitSeconds > operation.timeoutSeconds) {
      errors.push({
        blockId: start.Identifier,
        message:
          `lets the caller wait up to ${maxWaitSeconds} s, but ${about} gives up after timeoutSeconds ${operation.timeoutSeconds} s and answers FAILED, so the wait beyond it is never used; ` +
          `lower the macro's maxWaitSeconds to at most ${operation.timeoutSeconds}, or raise the operation's timeoutSeconds`,
      });
    }
  }
  return { errors, warnings };
}

/**
 * What the validator sees for Terraform references: a Lambda ARN placeholder for `LambdaFunctionARN`
 * (the Lambda rules need its shape), elsewhere the `${…}` interpolation Terraform will receive, which the
 * validator's rules read as a deploy-time value (a prompt's ARN from a data source, a queue's, …).
 */
function withPlaceholders(scope: Construct, flow: FlowJson): FlowJson {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const interpolation = (value: string): string => String(Tokenization.resolve(value, { scope, resolver }));
  return mapStrings(flow, (value, key) => (Token.isUnresolved(value) ? (key === "LambdaFunctionARN" ? PLACEHOLDER_LAMBDA_ARN : interpolation(value)) : value)) as FlowJson;
}

/**
 * Terraform reads `${` and `%{` in a JSON string as template syntax. Literal occurrences in the flow
 * are escaped (`$${`, `%%{`); strings carrying Terraform references are left for CDKTF to render.
 */
function escapeTemplateSequences(flow: FlowJson): FlowJson {
  return mapStrings(flow, (value) => (Token.isUnresolved(value) ? value : value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{"))) as FlowJson;
}

/** Maps every string value (not keys) of a JSON document; `key` is the nearest object key above it. */
function mapStrings(value: unknown, map: (value: string, key: string | undefined) => string, key?: string): unknown {
  if (typeof value === "string") return map(value, key);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, mapStrings(child, map, childKey)]));
  }
  return value;
}
