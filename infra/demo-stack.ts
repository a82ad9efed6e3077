/**
 * The default stack: the demo operation and flow deployed into an existing Connect instance.
 *
 * Terraform variables (set them with `TF_VAR_…` or a `.tfvars` file at plan time; their defaults come
 * from the configuration below):
 *   connect_instance_id  the instance (required unless configured)
 *   aws_region           the provider's region                      (default "us-east-1")
 *   name_prefix          prefix of every resource name              (default "connect-async-demo")
 *   tags                 tags of every resource                     (default { application = "connect-async" })
 *
 * Configuration, environment first, then `cdktf.json` "context", then the default:
 *   CONNECT_ASYNC_CONNECT_INSTANCE_ID / connectInstanceId   default of connect_instance_id
 *   CONNECT_ASYNC_REGION              / region              default of aws_region
 *   CONNECT_ASYNC_NAME_PREFIX         / namePrefix          default of name_prefix
 *   CONNECT_ASYNC_TAGS (JSON object)  / tags                default of tags
 *   CONNECT_ASYNC_STATE_BUCKET        / stateBucket         use an S3 backend in this bucket…
 *   CONNECT_ASYNC_STATE_KEY           / stateKey            …under this key (default "connect-async/terraform.tfstate")
 *   CONNECT_ASYNC_STATE_REGION        / stateRegion         …in this region (default: the region above)
 *   CONNECT_ASYNC_LOCAL_STATE_PATH    / localStatePath      otherwise a local state file, relative to the stack
 *                                                           folder (default "../../../terraform.connect-async.tfstate",
 *                                                           i.e. the project root)
 * The backend is always declared explicitly, so no absolute path reaches `cdk.tf.json`.
 */
import { DataAwsConnectInstance } from "@cdktf/provider-aws/lib/data-aws-connect-instance";
import { DataAwsConnectPrompt } from "@cdktf/provider-aws/lib/data-aws-connect-prompt";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack, TerraformVariable, Token } from "cdktf";
import type { Construct } from "constructs";
import { buildDemoFlow, DEMO_HOLD_MUSIC, DEMO_HOLD_MUSIC_NAME } from "../flows/demo";
import { ConnectAsyncBridge } from "./connect-async-bridge";
import { ContactFlow } from "./contact-flow";
import { DEMO_OPERATION, demoOperationProps } from "./demo-operation";
import { loggingOnlyFunctionPolicy } from "./iam-policies";
import { LoggedFunction } from "./logged-function";

/** The stack's id, hence its folder `cdktf.out/stacks/connect-async`. */
export const DEFAULT_STACK_ID = "connect-async";
export { DEMO_OPERATION } from "./demo-operation";

/** Where Terraform keeps the stack's state. */
export type StateBackendConfig =
  | { readonly kind: "local"; readonly path: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly key: string; readonly region: string };

/** The stack's configuration (see the file header for where each value comes from). */
export interface DemoStackConfig {
  readonly connectInstanceId?: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly tags: { readonly [key: string]: string };
  readonly backend: StateBackendConfig;
}

/** Environment variables of the configuration, by context key. */
export const CONFIG_ENVIRONMENT = {
  connectInstanceId: "CONNECT_ASYNC_CONNECT_INSTANCE_ID",
  region: "CONNECT_ASYNC_REGION",
  namePrefix: "CONNECT_ASYNC_NAME_PREFIX",
  tags: "CONNECT_ASYNC_TAGS",
  stateBucket: "CONNECT_ASYNC_STATE_BUCKET",
  stateKey: "CONNECT_ASYNC_STATE_KEY",
  stateRegion: "CONNECT_ASYNC_STATE_REGION",
  localStatePath: "CONNECT_ASYNC_LOCAL_STATE_PATH",
} as const;
type ConfigKey = keyof typeof CONFIG_ENVIRONMENT;

export const DEFAULT_CONFIG = {
  region: "us-east-1",
  namePrefix: "connect-async-demo",
  tags: { application: "connect-async" },
  stateKey: "connect-async/terraform.tfstate",
  localStatePath: `../../../terraform.${DEFAULT_STACK_ID}.tfstate`,
} as const;

/**
 * Reads the configuration: `env` first, then `context` (cdktf.json "context", e.g.
 * `app.node.tryGetContext`), then the defaults.
 */
export function readDemoStackConfig(context: (key: string) => unknown, env: NodeJS.ProcessEnv = process.env): DemoStackConfig {
  const read = (key: ConfigKey): unknown => {
    const fromEnv = env[CONFIG_ENVIRONMENT[key]];
    return fromEnv !== undefined && fromEnv !== "" ? fromEnv : context(key);
  };
  const text = (key: ConfigKey): string | undefined => {
    const value = read(key);
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw new Error(`configuration "${key}" (${CONFIG_ENVIRONMENT[key]}) must be a string, got ${JSON.stringify(value)}`);
    return value;
  };
  const region = text("region") ?? DEFAULT_CONFIG.region;
  const bucket = text("stateBucket");
  return {
    connectInstanceId: text("connectInstanceId"),
    region,
    namePrefix: text("namePrefix") ?? DEFAULT_CONFIG.namePrefix,
    tags: readTags(read("tags")),
    backend: bucket
      ? { kind: "s3", bucket, key: text("stateKey") ?? DEFAULT_CONFIG.stateKey, region: text("stateRegion") ?? region }
      : { kind: "local", path: text("localStatePath") ?? DEFAULT_CONFIG.localStatePath },
  };
}

function readTags(value: unknown): { readonly [key: string]: string } {
  if (value === undefined || value === null || value === "") return DEFAULT_CONFIG.tags;
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((tag) => typeof tag === "string")) {
    throw new Error(`configuration "tags" (${CONFIG_ENVIRONMENT.tags}) must be an object of strings, got ${JSON.stringify(value)}`);
  }
  return parsed as { [key: string]: string };
}

/** Options of {@link ConnectAsyncDemoStack}. */
export interface DemoStackOptions {
  readonly config: DemoStackConfig;
  /** Where the handler bundles are. @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
}

/** The demo: bridge, demo back end and demo flow, in an existing Connect instance. */
export class ConnectAsyncDemoStack extends TerraformStack {
  readonly bridge: ConnectAsyncBridge;
  readonly demoBackend: LoggedFunction;
  readonly contactFlow: ContactFlow;

  constructor(scope: Construct, id: string, options: DemoStackOptions) {
    super(scope, id);
    const { config } = options;
    declareBackend(this, config.backend);

    const region = new TerraformVariable(this, "aws_region", {
      type: "string",
      default: config.region,
      description: "The AWS Region of the Connect instance and of everything this stack creates.",
    });
    new AwsProvider(this, "aws", { region: region.stringValue });

    const instanceId = new TerraformVariable(this, "connect_instance_id", {
      type: "string",
      ...(config.connectInstanceId ? { default: config.connectInstanceId } : {}),
      description: "The id (UUID) of the existing Amazon Connect instance to deploy into.",
      // Terraform JSON reads a bare string as a literal: the condition must be a ${…} template.
      validation: [{ condition: '${can(regex("^[0-9a-f-]{36}$", var.connect_instance_id))}', errorMessage: "connect_instance_id must be a Connect instance id (a UUID)." }],
    });
    const namePrefix = new TerraformVariable(this, "name_prefix", {
      type: "string",
      default: config.namePrefix,
      description: "Prefix of every resource name; letters, digits, '-' and '_', at most 20 characters.",
      validation: [{ condition: '${can(regex("^[A-Za-z0-9_-]{1,20}$", var.name_prefix))}', errorMessage: "name_prefix must match [A-Za-z0-9_-]{1,20}." }],
    });
    const tagsVariable = new TerraformVariable(this, "tags", {
      type: "map(string)",
      default: config.tags,
      description: "Tags of every resource that takes tags.",
    });
    const prefix = namePrefix.stringValue;
    const tags = Token.asStringMap(tagsVariable.value);

    // Looked up rather than built from region and account: the plan fails early, naming the instance,
    // when the id is wrong.
    const instance = new DataAwsConnectInstance(this, "connect_instance", { instanceId: instanceId.stringValue });

    // A stand-in slow back end (handlers/demo-backend.ts) to wrap as the demo operation.
    this.demoBackend = new LoggedFunction(this, "demo-backend", {
      functionName: `${prefix}-demo-backend`,
      description: "connect-async demo: a slow account lookup (latency and failures set by the flow)",
      bundle: "demo-backend",
      handlersDir: options.handlersDir,
      memorySize: 128,
      timeoutSeconds: 120,
      policy: (logGroupArn) => loggingOnlyFunctionPolicy({ logGroupArn }),
      logRetentionDays: 30,
      tags,
    });

    this.bridge = new ConnectAsyncBridge(this, "bridge", {
      connectInstance: { instanceId: instanceId.stringValue, instanceArn: instance.arn },
      namePrefix: prefix,
      tags,
      handlersDir: options.handlersDir,
      operations: [demoOperationProps(this.demoBackend.function.arn)],
    });

    // Hold music every instance already has: nothing to upload, and the plan fails early, naming the
    // prompt, if an instance lacks it.
    const holdMusic = new DataAwsConnectPrompt(this, "hold_music", { instanceId: instanceId.stringValue, name: DEMO_HOLD_MUSIC_NAME });
    const flow = buildDemoFlow({
      startFunctionArn: this.bridge.startFunction.arn,
      pollFunctionArn: this.bridge.pollFunction.arn,
      longPollFunctionArn: this.bridge.longPollFunction.arn,
      operation: DEMO_OPERATION,
      holdMusic: { promptId: holdMusic.arn, lengthSeconds: DEMO_HOLD_MUSIC.lengthSeconds },
    });
    this.contactFlow = new ContactFlow(this, "demo-flow", {
      instanceId: instanceId.stringValue,
      name: `${prefix}-demo`,
      description: "connect-async demo: starts the demo operation, keeps the caller company, and branches on the outcome",
      flow,
      associatedFunctionArns: this.bridge.associatedFunctionArns,
      bridges: [this.bridge],
      dependsOn: this.bridge.lambdaAssociations,
      tags,
    });

    const output = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    output("contact_flow_name", this.contactFlow.resource.name, "The demo contact flow's name in Connect.");
    output("contact_flow_arn", this.contactFlow.arn, "The demo contact flow's ARN.");
    output("start_function_name", this.bridge.startFunction.functionName, "The start Lambda (associated with the instance).");
    output("poll_function_name", this.bridge.pollFunction.functionName, "The poll Lambda (associated with the instance).");
    output("long_poll_function_name", this.bridge.longPollFunction.functionName, "The long-poll Lambda the event strategy invokes asynchronously (reserved concurrency).");
    output("demo_backend_function_name", this.demoBackend.function.functionName, "The demo back end the demo operation wraps.");
    output("status_table_name", this.bridge.table.name, "The status table.");
    output(
      "state_machine_arns",
      Object.fromEntries(Object.entries(this.bridge.stateMachines).map(([name, machine]) => [name, machine.arn])),
      "The state machine of each operation, by operation name.",
    );
  }
}

function declareBackend(stack: TerraformStack, backend: StateBackendConfig): void {
  if (backend.kind === "s3") {
    const s3 = new S3Backend(stack, { bucket: backend.bucket, key: backend.key, region: backend.region, encrypt: true });
    // S3-native locking (Terraform >= 1.10); CDKTF 0.21 predates the argument.
    s3.addOverride("use_lockfile", true);
    return;
  }
  new LocalBackend(stack, { path: backend.path });
}
