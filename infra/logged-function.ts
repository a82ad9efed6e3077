/**
 * A Lambda function from a handler bundle with everything it owns: its log group (created first, so
 * Lambda never auto-creates an unmanaged one), its role and inline policy. `allowConnect` adds the
 * Connect wiring (resource policy and instance association) for functions a flow invokes.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ConnectLambdaFunctionAssociation } from "@cdktf/provider-aws/lib/connect-lambda-function-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { assumeRolePolicy, ServicePrincipal, withTracing, type PolicyDocument } from "./iam-policies";
import { LambdaBundle, type BundleFiles } from "./lambda-bundle";
import { DEFAULT_FUNCTION_MEMORY_MB, LAMBDA_ARCHITECTURE, LAMBDA_HANDLER, LAMBDA_RUNTIME } from "./bridge-settings";

// Re-exported under the names they always had here; bridge-settings.ts holds them with the bridge's other settings.
export { LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME } from "./bridge-settings";

/** Props of {@link LoggedFunction}. */
export interface LoggedFunctionProps {
  /** The function name. */
  readonly functionName: string;
  /** The bundle folder under `handlersDir` (`dist/handlers/<bundle>/index.js`). */
  readonly bundle: string;
  /** Where the bundles are. @default DEFAULT_HANDLERS_DIR (infra/lambda-bundle.ts): the bundles shipped in the package, or `dist/handlers` of a checkout */
  readonly handlersDir?: string;
  /** Files shipped in the zip beside `index.js`. @default none */
  readonly files?: BundleFiles;
  /**
   * Another function's zip to run (the same handler and files, e.g. the long poll runs poll's): one asset
   * in the stack instead of two identical ones; `bundle`, `handlersDir` and `files` are then not used.
   * @default a zip of its own
   */
  readonly sharedBundle?: LambdaBundle;
  /** Memory in MB. @default 256 (DEFAULT_FUNCTION_MEMORY_MB) */
  readonly memorySize?: number;
  /** Timeout in seconds. */
  readonly timeoutSeconds: number;
  /** Concurrent executions set aside for this function, which it can never exceed. @default none: it draws on the account's unreserved pool */
  readonly reservedConcurrentExecutions?: number;
  /** Environment variables. @default none */
  readonly environment?: { readonly [name: string]: string };
  /** The function's permissions; receives its log group ARN so it can grant logging on it. */
  readonly policy: (logGroupArn: string) => PolicyDocument;
  /** Log retention in days. */
  readonly logRetentionDays: number;
  /**
   * A customer managed KMS key for the log group (its key policy must let CloudWatch Logs use it; see
   * `ConnectAsyncBridgeProps.logKmsKeyArn`). @default CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /** Resources the function needs before its first invocation (e.g. a secret's value). @default none */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /** Tags of every resource. @default none */
  readonly tags?: { readonly [key: string]: string };
  /** A description shown in the console. @default none */
  readonly description?: string;
  /** X-Ray active tracing, with the role's permission to write traces. @default false */
  readonly tracing?: boolean;
}

/** The Connect instance a function is exposed to. */
export interface ConnectInstanceWiring {
  readonly instanceId: string;
  readonly instanceArn: string;
  /** The account owning the instance (the permission's `source_account`). */
  readonly account: string;
}

/** A Lambda function with its log group, role and policy. */
export class LoggedFunction extends Construct {
  /** The zip the function runs. */
  readonly bundle: LambdaBundle;
  /** The handler bundle's name (`start`, `poll`, …): which contract the function serves. */
  readonly bundleName: string;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly function: LambdaFunction;
  /** Set by {@link allowConnect}. */
  connectPermission?: LambdaPermission;
  /** Set by {@link allowConnect}. */
  connectAssociation?: ConnectLambdaFunctionAssociation;

  constructor(scope: Construct, id: string, props: LoggedFunctionProps) {
    super(scope, id);
    const bundle = props.sharedBundle ?? new LambdaBundle(this, "bundle", { name: props.bundle, handlersDir: props.handlersDir, files: props.files });
    this.bundle = bundle;
    this.bundleName = props.bundle;

    // The group Lambda would create on first invocation, created here so it has a retention and is
    // deleted with the stack.
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
      tags: props.tags,
    });

    this.role = new IamRole(this, "role", {
      name: props.functionName,
      assumeRolePolicy: JSON.stringify(assumeRolePolicy(ServicePrincipal.lambda)),
      tags: props.tags,
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "least-privilege",
      role: this.role.name,
      policy: JSON.stringify(withTracing(props.policy(this.logGroup.arn), props.tracing)),
    });

    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: [LAMBDA_ARCHITECTURE],
      handler: LAMBDA_HANDLER,
      filename: bundle.filename,
      sourceCodeHash: bundle.sourceCodeHash,
      memorySize: props.memorySize ?? DEFAULT_FUNCTION_MEMORY_MB,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: props.environment ? { variables: { ...props.environment } } : undefined,
      // Explicit either way (PassThrough is Lambda's default), so the generic module can switch it by variable.
      tracingConfig: { mode: props.tracing ? "Active" : "PassThrough" },
      tags: props.tags,
      // The log group must exist first; the policy too, or the first invocations could not log.
      dependsOn: [this.logGroup, policy, ...(props.dependsOn ?? [])],
    });
  }

  /**
   * Lets the Connect instance invoke this function: a resource policy for `connect.amazonaws.com`
   * scoped to the instance and its account, and the instance association that makes the function
   * selectable in flows.
   */
  allowConnect(instance: ConnectInstanceWiring): void {
    this.connectPermission = new LambdaPermission(this, "connect-permission", {
      statementId: "AllowConnectInstanceInvoke",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: ServicePrincipal.connect,
      sourceArn: instance.instanceArn,
      sourceAccount: instance.account,
    });
    this.connectAssociation = new ConnectLambdaFunctionAssociation(this, "connect-association", {
      instanceId: instance.instanceId,
      functionArn: this.function.arn,
    });
  }
}
