/**
 * The generic module's monitoring variables, evaluated (support/module-evaluation.ts) for a tfvars
 * map: alarms on by default and switchable, thresholds with defaults, one actions list, tracing.
 * That the alarms, dashboard and queries equal the construct's is in generic-module.test.ts.
 */
import { renderGenericModule } from "../../infra/generic-module/write-generic-module";
import { writeFixtureBundles } from "../infra/support/synthesized-stack";
import { ModuleEvaluation } from "./support/module-evaluation";

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const moduleJson = JSON.parse(renderGenericModule({ handlersDir: writeFixtureBundles() }).get("main.tf.json") as string) as Json;
const OPERATIONS = { balance: { target: "arn:aws:lambda:eu-west-2:123456789012:function:balance" }, orders: { target: "arn:aws:lambda:eu-west-2:123456789012:function:orders" } };
const evaluate = (more: Json = {}) => new ModuleEvaluation(moduleJson, { operations: OPERATIONS, connect_instance_id: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", ...more });
const alarmCount = (evaluation: ModuleEvaluation) => Object.keys(moduleJson.resource.aws_cloudwatch_metric_alarm).reduce((sum, name) => sum + evaluation.instances("aws_cloudwatch_metric_alarm", name).length, 0);

describe("the generic module's monitoring variables", () => {
  it("create every alarm by default: three per operation, two per function (start, poll, long poll), one for the long poll's reserve, four for the bridge", () => {
    expect(alarmCount(evaluate())).toBe(3 * 2 + 2 * 3 + 1 + 4);
  });

  it("leave out the alarms alarms_disabled names, and all of them with alarms_enabled = false", () => {
    expect(alarmCount(evaluate({ alarms_disabled: ["executions_failed", "table_throttles"] }))).toBe(17 - 2 - 1);
    expect(alarmCount(evaluate({ alarms_enabled: false }))).toBe(0);
  });

  it("refuse an alarm name that does not exist", () => {
    expect(evaluate({ alarms_disabled: ["caller_failure"] }).validationErrors).toStrictEqual([expect.stringContaining("alarms_disabled may name only these alarms")]);
  });

  it("take each threshold from alarm_thresholds, defaults for the rest, and notify alarm_actions", () => {
    const evaluation = evaluate({ alarm_thresholds: { caller_failure_share: 12 }, alarm_actions: ["arn:aws:sns:eu-west-2:123456789012:oncall"] });
    expect(evaluation.argument("aws_cloudwatch_metric_alarm", "alarm_caller_failure_share", "threshold", "caller_failure_share")).toBe(12);
    expect(evaluation.argument("aws_cloudwatch_metric_alarm", "alarm_configuration_errors", "threshold", "configuration_errors")).toBe(1);
    expect(evaluation.argument("aws_cloudwatch_metric_alarm", "alarm_lambda_errors_start", "alarm_actions", "lambda_errors_start")).toStrictEqual(["arn:aws:sns:eu-west-2:123456789012:oncall"]);
    expect(evaluation.argument("aws_cloudwatch_metric_alarm", "alarm_executions_failed", "alarm_name", "orders")).toBe("connect-async-executions-failed-orders");
  });

  it("trace the functions and state machines, with a policy per role, only when tracing_enabled", () => {
    const policies = (evaluation: ModuleEvaluation) => ["tracing_start", "tracing_poll", "tracing_operation"].flatMap((name) => evaluation.instances("aws_iam_role_policy", name));
    const off = evaluate();
    expect(off.argument("aws_lambda_function", "start_function", "tracing_config")).toStrictEqual({ mode: "PassThrough" });
    expect(policies(off)).toStrictEqual([]);
    const on = evaluate({ tracing_enabled: true });
    expect(on.argument("aws_lambda_function", "poll_function", "tracing_config")).toStrictEqual({ mode: "Active" });
    expect(on.argument("aws_sfn_state_machine", "operation", "tracing_configuration", "balance")).toStrictEqual({ enabled: true });
    expect(policies(on).sort()).toStrictEqual(["balance", "orders", "poll", "start"]);
  });

  it("give the functions the metrics namespace", () => {
    const evaluation = evaluate({ metrics_namespace: "Acme/IVR" });
    expect(evaluation.argument("aws_lambda_function", "start_function", "environment")).toMatchObject({ variables: { POWERTOOLS_METRICS_NAMESPACE: "Acme/IVR" } });
  });
});
