/**
 * What connect-async reads from one synthesized stack: its bridges (start and poll functions, status
 * table, operations with their settings and state machines) and its contact flows, with every Lambda
 * reference in a flow turned into a concrete ARN that names the function, so tools that run or draw the
 * flow (simulate, build-flows) label Lambdas by function name.
 *
 * Bridges are recognised by their start/poll functions' environment (`TABLE_NAME` plus `OPERATIONS`, or
 * `OPERATIONS_FILE` naming a file in the function's zip); start is told from poll by the construct
 * path's `start`/`poll` child (stable ids of ConnectAsyncBridge) or the bundle name; the `long-poll`
 * child runs poll's handler under its own function name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import type { FlowJson } from "../../flows/flow-json";
import { blockNamesOf } from "../../flows/diagram/block-name-metadata";
import { firstOf, resolveTemplate, variableResolver, type ReferenceResolver } from "./interpolation";
import { ProjectError } from "./project-error";
import type { SynthesizedStackFiles } from "./synthesize-project";
import { resourcesOfType, type AddressedResource, type TerraformJson } from "./terraform-json";

/** A Lambda function of the stack. */
export interface StackFunction {
  /** `aws_lambda_function.<name>`. */
  readonly address: string;
  /** The function name, with variables' defaults filled in; the Terraform name when it cannot be known at synth. */
  readonly functionName: string;
  /** The ARN flows built from this stack invoke in connect-async's tools (account 000000000000). */
  readonly arn: string;
  /** What it is to connect-async. */
  readonly role: "start" | "poll" | "other";
  /** Its `reserved_concurrent_executions`, with variables' defaults filled in; undefined when unreserved (absent or -1) or unknown at synth. */
  readonly reservedConcurrency?: number;
}

/** An operation's settings as the bridge deployed them (the handlers' view) plus its work. */
export interface StackOperation {
  readonly name: string;
  /** How long the work may take, in seconds. */
  readonly timeoutSeconds: number;
  /** How long a result is shared across contacts; 0 = per contact. */
  readonly cacheTtlSeconds: number;
  /** The input attributes identifying a request across contacts. @default per contact */
  readonly cacheKey?: ReadonlyArray<string>;
  /** How long start waits for a quick completion, in ms. */
  readonly fastPathMs?: number;
  /** How long poll waits for completion, in ms. */
  readonly pollWaitMs?: number;
  readonly responseType?: "STRING_MAP" | "JSON";
  /** The operation's state machine, when found. */
  readonly stateMachine?: { readonly address: string; readonly name: string; /** ASL with references resolved as far as known. */ readonly definition: string };
  /** The target Lambdas' ARNs (as flows see them), in the order the state machine invokes them. */
  readonly targets: ReadonlyArray<string>;
}

/** One ConnectAsyncBridge of the stack. */
export interface StackBridge {
  /** The construct path of the bridge, e.g. `my-stack/billing`, or the table's address when unknown. */
  readonly id: string;
  readonly start: StackFunction;
  readonly poll: StackFunction;
  /** The long-poll function the event strategy invokes asynchronously (poll's handler, its own name), when the bridge has one. */
  readonly longPoll?: StackFunction;
  /** `aws_dynamodb_table.<name>`. */
  readonly tableAddress: string;
  /** By operation name, sorted. */
  readonly operations: { readonly [name: string]: StackOperation };
}

/** A contact flow (or flow module) of the stack. */
export interface StackFlow {
  /** `aws_connect_contact_flow.<name>` or `aws_connect_contact_flow_module.<name>`. */
  readonly address: string;
  /** The flow's name in Connect, variables filled in. */
  readonly name: string;
  /** A file-name-safe, unique-in-the-stack stem for the flow's files, from the builder's flow name (else the Connect name). */
  readonly fileStem: string;
  /** The flow type (`CONTACT_FLOW`, …); undefined for a module. */
  readonly type?: string;
  /** The content as Connect would receive it, with Lambda references as {@link StackFunction.arn}. */
  readonly flow: FlowJson;
  /** Identifier → builder block name, from the flow's metadata (none for flows not built with connect-async). */
  readonly blockNames: ReadonlyMap<string, string>;
}

/** The model of one stack. */
export interface StackModel {
  readonly name: string;
  readonly dir: string;
  readonly json: TerraformJson;
  readonly functions: ReadonlyArray<StackFunction>;
  readonly bridges: ReadonlyArray<StackBridge>;
  readonly flows: ReadonlyArray<StackFlow>;
}

/** The account in the ARNs of {@link StackFunction.arn}: no real account has it. */
export const TOOL_ACCOUNT = "000000000000";
const DEFAULT_REGION = "us-east-1";

/** Reads the model of a synthesized stack. */
export function readStackModel(stack: SynthesizedStackFiles): StackModel {
  const { json } = stack;
  const variables = variableDefaults(json);
  const byVariables = variableResolver(variables);
  const region = regionOf(json, byVariables);

  const lambdas = resourcesOfType(json, "aws_lambda_function");
  const functionNames = new Map(lambdas.map((lambda) => [lambda.address, functionNameOf(lambda, byVariables)]));
  const arnOf = (address: string) => `arn:aws:lambda:${region}:${TOOL_ACCOUNT}:function:${functionNames.get(address)!}`;
  const lambdaArns: ReferenceResolver = (expression) => {
    const match = /^(aws_lambda_function\.[A-Za-z0-9_-]+)\.(arn|qualified_arn|invoke_arn)$/.exec(expression);
    return match !== null && functionNames.has(match[1]!) ? arnOf(match[1]!) : undefined;
  };
  const resolve = firstOf(byVariables, lambdaArns);

  const bridgeParts = lambdas.filter((lambda) => environmentOf(lambda).TABLE_NAME !== undefined && operationsSource(lambda) !== undefined);
  const roles = new Map(bridgeParts.map((lambda) => [lambda.address, bridgeRoleOf(lambda)]));
  const functions: StackFunction[] = lambdas.map((lambda) => ({
    address: lambda.address,
    functionName: functionNames.get(lambda.address)!,
    arn: arnOf(lambda.address),
    role: roles.get(lambda.address) ?? "other",
    ...reservedConcurrencyOf(lambda, byVariables),
  }));

  const bridges: StackBridge[] = [];
  const byTable = groupBy(bridgeParts, (lambda) => String(environmentOf(lambda).TABLE_NAME));
  for (const [table, parts] of byTable) {
    const start = parts.find((lambda) => roles.get(lambda.address) === "start");
    const longPoll = parts.find(isLongPoll);
    const poll = parts.find((lambda) => roles.get(lambda.address) === "poll" && !isLongPoll(lambda));
    if (start === undefined || poll === undefined) continue;
    const toFunction = (lambda: AddressedResource) => functions.find((fn) => fn.address === lambda.address)!;
    bridges.push({
      id: bridgeIdOf(start) ?? table,
      start: toFunction(start),
      poll: toFunction(poll),
      ...(longPoll !== undefined ? { longPoll: toFunction(longPoll) } : {}),
      tableAddress: /^\$\{(aws_dynamodb_table\.[A-Za-z0-9_-]+)\.name\}$/.exec(table)?.[1] ?? table,
      operations: readOperations(stack, json, start, resolve),
    });
  }

  return { name: stack.name, dir: stack.dir, json, functions, bridges, flows: readFlows(json, resolve) };
}

function readFlows(json: TerraformJson, resolve: ReferenceResolver): StackFlow[] {
  const flows = [...resourcesOfType(json, "aws_connect_contact_flow"), ...resourcesOfType(json, "aws_connect_contact_flow_module")];
  const stems = new Set<string>();
  return flows.map((resource) => {
    const name = resolveTemplate(String(resource.block.name ?? resource.name), resolve);
    const content = resource.block.content;
    if (typeof content !== "string") throw new ProjectError(`${resource.address} has no literal content (content_hash or a file?); connect-async reads flows from content`);
    let flow: FlowJson;
    try {
      flow = JSON.parse(resolveTemplate(content, resolve)) as FlowJson;
    } catch (error) {
      throw new ProjectError(`the content of ${resource.address} ("${name}") is not JSON: ${(error as Error).message}`);
    }
    // The builder's flow name, unlike the Connect name, does not change with a name prefix variable.
    const builderName = flow.Metadata?.name;
    const fileStem = uniqueStem(typeof builderName === "string" && builderName.trim() !== "" ? builderName : name, stems);
    const type = resource.type === "aws_connect_contact_flow" ? String(resource.block.type ?? "CONTACT_FLOW") : undefined;
    return { address: resource.address, name, fileStem, type, flow, blockNames: blockNamesOf(flow) };
  });
}

/** Letters, digits, `.`, `_` and `-`; other runs become `-`; a repeated stem gets `-2`, `-3`, … */
function uniqueStem(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+|-+$/g, "") || "flow";
  let stem = base;
  for (let suffix = 2; taken.has(stem); suffix++) stem = `${base}-${suffix}`;
  taken.add(stem);
  return stem;
}

function readOperations(stack: SynthesizedStackFiles, json: TerraformJson, start: AddressedResource, resolve: ReferenceResolver): { [name: string]: StackOperation } {
  const config = operationsConfigOf(stack, start);
  const machines = resourcesOfType(json, "aws_sfn_state_machine");
  // Entries, not assignments: an operation named "__proto__" must become a key, not the map's prototype.
  const operations: Array<[string, StackOperation]> = [];
  for (const name of Object.keys(config).sort()) {
    const settings = config[name]!;
    const machine = stateMachineOf(settings.stateMachineArn, name, machines, bridgeIdOf(start), resolve);
    const definition = machine === undefined ? undefined : resolveTemplate(String(machine.block.definition ?? "{}"), resolve);
    operations.push([name, {
      name,
      timeoutSeconds: Number(settings.timeoutSeconds),
      cacheTtlSeconds: Number(settings.cacheTtlSeconds ?? 0),
      ...(Array.isArray(settings.cacheKey) ? { cacheKey: settings.cacheKey.map(String) } : {}),
      ...(settings.fastPathMs !== undefined ? { fastPathMs: Number(settings.fastPathMs) } : {}),
      ...(settings.pollWaitMs !== undefined ? { pollWaitMs: Number(settings.pollWaitMs) } : {}),
      ...(settings.responseType === "JSON" || settings.responseType === "STRING_MAP" ? { responseType: settings.responseType } : {}),
      ...(machine !== undefined && definition !== undefined
        ? { stateMachine: { address: machine.address, name: resolveTemplate(String(machine.block.name ?? machine.name), resolve), definition } }
        : {}),
      targets: definition === undefined ? [] : targetsOf(definition),
    }]);
  }
  return Object.fromEntries(operations);
}

interface RawOperationSettings {
  readonly stateMachineArn?: unknown;
  readonly timeoutSeconds?: unknown;
  readonly cacheTtlSeconds?: unknown;
  readonly cacheKey?: unknown;
  readonly fastPathMs?: unknown;
  readonly pollWaitMs?: unknown;
  readonly responseType?: unknown;
}

/** The operations' settings: the `OPERATIONS` variable, or the `OPERATIONS_FILE` inside the function's zip. */
function operationsConfigOf(stack: SynthesizedStackFiles, start: AddressedResource): { [name: string]: RawOperationSettings } {
  const source = operationsSource(start)!;
  let text: string;
  if (source.kind === "environment") {
    text = source.text;
  } else {
    const zipFile = path.join(stack.dir, String(start.block.filename ?? ""));
    if (!fs.existsSync(zipFile)) throw new ProjectError(`${start.address}: its zip ${zipFile} is missing, so its operations (${source.file}) cannot be read`);
    const entry = unzipSync(new Uint8Array(fs.readFileSync(zipFile)), { filter: (file) => file.name === source.file })[source.file];
    if (entry === undefined) throw new ProjectError(`${start.address}: its zip has no ${source.file}, which OPERATIONS_FILE names`);
    text = Buffer.from(entry).toString("utf8");
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as { [name: string]: RawOperationSettings };
  } catch (error) {
    throw new ProjectError(`${start.address}: its operations settings are not a JSON object (${(error as Error).message})`);
  }
}

function operationsSource(lambda: AddressedResource): { kind: "environment"; text: string } | { kind: "file"; file: string } | undefined {
  const env = environmentOf(lambda);
  if (typeof env.OPERATIONS === "string") return { kind: "environment", text: env.OPERATIONS };
  if (typeof env.OPERATIONS_FILE === "string") return { kind: "file", file: env.OPERATIONS_FILE };
  return undefined;
}

/**
 * The operation's state machine: the one its settings reference (`${aws_sfn_state_machine.x.arn}`), the one
 * named like the ARN's last part (ARNs built from names), or the bridge's `operation-<name>` child.
 */
function stateMachineOf(
  arn: unknown,
  operation: string,
  machines: ReadonlyArray<AddressedResource>,
  bridgeId: string | undefined,
  resolve: ReferenceResolver,
): AddressedResource | undefined {
  const text = typeof arn === "string" ? arn : "";
  const referenced = /^\$\{(aws_sfn_state_machine\.[A-Za-z0-9_-]+)\.(arn|id)\}$/.exec(text)?.[1];
  if (referenced !== undefined) return machines.find((machine) => machine.address === referenced);
  const named = /:stateMachine:(.+)$/.exec(resolveTemplate(text, resolve))?.[1];
  const byName = named === undefined ? undefined : machines.find((machine) => resolveTemplate(String(machine.block.name ?? ""), resolve) === named);
  if (byName !== undefined) return byName;
  return bridgeId === undefined ? undefined : machines.find((machine) => machine.constructPath === `${bridgeId}/operation-${operation}/state-machine`);
}

/** The FunctionName of every Lambda task in the definition, in document order. */
function targetsOf(definition: string): string[] {
  const targets: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === "object") {
      const record = node as { [key: string]: unknown };
      const parameters = record.Parameters as { [key: string]: unknown } | undefined;
      if (typeof record.Resource === "string" && record.Resource.includes(":lambda:") && typeof parameters?.FunctionName === "string") {
        if (!targets.includes(parameters.FunctionName)) targets.push(parameters.FunctionName);
      }
      Object.values(record).forEach(visit);
    }
  };
  try {
    visit(JSON.parse(definition));
  } catch {
    return [];
  }
  return targets;
}

function environmentOf(lambda: AddressedResource): { readonly [name: string]: unknown } {
  const environment = lambda.block.environment as { variables?: { [name: string]: unknown } } | ReadonlyArray<{ variables?: { [name: string]: unknown } }> | undefined;
  const first = Array.isArray(environment) ? environment[0] : environment;
  return (first as { variables?: { [name: string]: unknown } } | undefined)?.variables ?? {};
}

/** The bridge's `long-poll` child: poll's handler (so simulated as poll) under its own function name. */
function isLongPoll(lambda: AddressedResource): boolean {
  const segments = (lambda.constructPath ?? "").split("/");
  return segments[segments.length - 2] === LONG_POLL_CHILD;
}
const LONG_POLL_CHILD = "long-poll";

function bridgeRoleOf(lambda: AddressedResource): "start" | "poll" | "other" {
  const segments = (lambda.constructPath ?? "").split("/");
  const child = segments[segments.length - 2];
  if (child === "start" || child === "poll") return child;
  if (child === LONG_POLL_CHILD) return "poll";
  const bundle = path.posix.basename(String(lambda.block.filename ?? ""), ".zip");
  return bundle === "start" || bundle === "poll" ? bundle : "other";
}

/** The bridge's construct path: the function's path less `<start|poll|long-poll>/function`. */
function bridgeIdOf(lambda: AddressedResource): string | undefined {
  const segments = (lambda.constructPath ?? "").split("/");
  return segments.length > 2 ? segments.slice(0, -2).join("/") : undefined;
}

/** `reserved_concurrent_executions` as a number of executions, when the stack sets one (-1 means unreserved). */
function reservedConcurrencyOf(lambda: AddressedResource, resolve: ReferenceResolver): { reservedConcurrency?: number } {
  const raw = lambda.block.reserved_concurrent_executions;
  if (raw === undefined || raw === null) return {};
  const value = Number(typeof raw === "number" ? raw : resolveTemplate(String(raw), resolve));
  return Number.isInteger(value) && value >= 0 ? { reservedConcurrency: value } : {};
}

function functionNameOf(lambda: AddressedResource, resolve: ReferenceResolver): string {
  const name = resolveTemplate(String(lambda.block.function_name ?? ""), resolve);
  return name !== "" && /^[A-Za-z0-9_-]+$/.test(name) ? name : lambda.name;
}

function variableDefaults(json: TerraformJson): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const [name, variable] of Object.entries(json.variable ?? {})) {
    const value = variable.default;
    if (typeof value === "string" || typeof value === "number") defaults.set(name, String(value));
  }
  return defaults;
}

function regionOf(json: TerraformJson, resolve: ReferenceResolver): string {
  const aws = json.provider?.aws;
  const region = Array.isArray(aws) ? (aws[0] as { region?: unknown } | undefined)?.region : undefined;
  const resolved = typeof region === "string" ? resolveTemplate(region, resolve) : "";
  return /^[a-z]{2}(-[a-z]+)+-\d$/.test(resolved) ? resolved : DEFAULT_REGION;
}

function groupBy<T>(items: ReadonlyArray<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
