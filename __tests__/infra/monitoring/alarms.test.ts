/**
 * The bridge's alarms as synthesized: each reads a metric the handlers or AWS actually publish, under
 * the dimensions they publish it with and the values this bridge's resources have; each can be tuned or
 * turned off; one alarmActions setting reaches them all; each links a runbook section that exists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { ConnectAsyncBridge, type ConnectAsyncBridgeProps } from "../../../infra/connect-async-bridge";
import { alarmDefinitions } from "../../../infra/monitoring/alarm-definitions";
import type { MonitoredBridge } from "../../../infra/monitoring/monitored-bridge";
import { resourcesOf, writeFixtureBundles, type TerraformBlock, type TerraformJson } from "../support/synthesized-stack";
import { problemWithMetric } from "./published-metric-check";

const REPOSITORY_ROOT = path.resolve(__dirname, "../../..");
const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const INSTANCE_ARN = `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}`;
const TOPIC = "arn:aws:sns:eu-west-2:123456789012:contact-centre-oncall";
const handlersDir = writeFixtureBundles();

function bridgeProps(overrides: Partial<ConnectAsyncBridgeProps> = {}): ConnectAsyncBridgeProps {
  return {
    connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN },
    namePrefix: "acme",
    handlersDir,
    operations: [
      { name: "balance", target: "arn:aws:lambda:eu-west-2:123456789012:function:balance" },
      { name: "orders", target: "arn:aws:lambda:eu-west-2:123456789012:function:orders" },
    ],
    ...overrides,
  };
}

const synth = (props: ConnectAsyncBridgeProps) => JSON.parse(Testing.synthScope((stack) => new ConnectAsyncBridge(stack, "bridge", props))) as TerraformJson;
const alarmsOf = (json: TerraformJson) => resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, alarm]) => alarm);

interface ReadMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: { readonly [key: string]: string };
}

/** Every metric an alarm reads, single or in its metric math. */
function metricsRead(alarm: TerraformBlock): ReadMetric[] {
  const queries = alarm.metric_query as Array<{ metric?: { namespace: string; metric_name: string; dimensions: { [key: string]: string } } }> | undefined;
  if (queries === undefined) return [{ namespace: String(alarm.namespace), metricName: String(alarm.metric_name), dimensions: alarm.dimensions as { [key: string]: string } }];
  return queries.flatMap((query) => (query.metric ? [{ namespace: query.metric.namespace, metricName: query.metric.metric_name, dimensions: query.metric.dimensions }] : []));
}

describe("the bridge's alarms", () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = synth(bridgeProps({ alarms: { alarmActions: [TOPIC] } }));
  });

  it("are on by default: three per state machine, two per function Connect invokes, one more per function with a reserve, four for the bridge", () => {
    const names = alarmsOf(json).map((alarm) => String(alarm.alarm_name)).sort();
    expect(names).toStrictEqual(
      [
        "acme-caller-failure-share",
        // The long poll is the one function with reserved concurrency: its reserve is what waiting callers draw on.
        "acme-concurrency-near-reserve-long-poll",
        "acme-configuration-errors",
        "acme-executions-failed-balance",
        "acme-executions-failed-orders",
        "acme-executions-throttled-balance",
        "acme-executions-throttled-orders",
        "acme-executions-timed-out-balance",
        "acme-executions-timed-out-orders",
        "acme-lambda-errors-long-poll",
        "acme-lambda-errors-poll",
        "acme-lambda-errors-start",
        "acme-lambda-throttles-long-poll",
        "acme-lambda-throttles-poll",
        "acme-lambda-throttles-start",
        "acme-outcome-not-recorded",
        "acme-table-throttles-status",
      ].sort(),
    );
  });

  it("read only metrics somebody publishes, with the dimension keys they publish them under", () => {
    const namespace = "ConnectAsync";
    const problems = alarmsOf(json).flatMap((alarm) =>
      metricsRead(alarm).flatMap((metric) => {
        const problem = problemWithMetric(namespace, metric.namespace, metric.metricName, Object.keys(metric.dimensions));
        return problem === undefined ? [] : [`${String(alarm.alarm_name)}: ${problem}`];
      }),
    );
    expect(problems).toStrictEqual([]);
  });

  it("read the handlers' metrics under the namespace and service names the functions are given", () => {
    // GIVEN the namespace and service each Connect-facing function publishes under (its environment)
    const functions = resourcesOf(json, "aws_lambda_function").map(([, fn]) => (fn.environment as { variables: { [key: string]: string } }).variables);
    const services = new Set(functions.map((variables) => variables.POWERTOOLS_SERVICE_NAME));
    const namespaces = new Set(functions.map((variables) => variables.POWERTOOLS_METRICS_NAMESPACE));
    expect(services).toStrictEqual(new Set(["acme-start", "acme-poll", "acme-long-poll"]));
    expect(namespaces).toStrictEqual(new Set(["ConnectAsync"]));

    // THEN every handler metric an alarm reads is under that namespace and one of those services
    const own = alarmsOf(json).flatMap(metricsRead).filter((metric) => !metric.namespace.startsWith("AWS/"));
    expect(own.length).toBeGreaterThan(0);
    for (const metric of own) {
      expect(namespaces.has(metric.namespace)).toBe(true);
      expect(services.has(metric.dimensions.service)).toBe(true);
    }
  });

  it("read AWS metrics of this bridge's own functions, state machines and table", () => {
    const reference = (type: string, attribute: string) => new Set(resourcesOf(json, type).map(([name]) => `\${${type}.${name}.${attribute}}`));
    const allowed: { [dimension: string]: Set<string> } = {
      FunctionName: reference("aws_lambda_function", "function_name"),
      StateMachineArn: reference("aws_sfn_state_machine", "arn"),
      TableName: reference("aws_dynamodb_table", "name"),
    };
    const awsMetrics = alarmsOf(json).flatMap(metricsRead).filter((metric) => metric.namespace.startsWith("AWS/"));
    for (const metric of awsMetrics) for (const [key, value] of Object.entries(metric.dimensions)) expect(allowed[key].has(value)).toBe(true);
    // AND both state machines and both functions are covered
    const read = new Set(awsMetrics.flatMap((metric) => Object.values(metric.dimensions)));
    for (const values of Object.values(allowed)) for (const value of values) expect(read.has(value)).toBe(true);
  });

  it("notify the alarmActions on alarm and on recovery, and ignore missing data", () => {
    for (const alarm of alarmsOf(json)) {
      expect(alarm).toMatchObject({ alarm_actions: [TOPIC], ok_actions: [TOPIC], treat_missing_data: "notBreaching", comparison_operator: "GreaterThanOrEqualToThreshold" });
    }
  });

  it("link a runbook section that exists in docs/operations.md, which the package ships", () => {
    const runbook = fs.readFileSync(path.join(REPOSITORY_ROOT, "docs", "operations.md"), "utf8");
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = new Set([...runbook.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading]) => heading.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")));
    for (const alarm of alarmsOf(json)) {
      const [, anchor] = /docs\/operations\.md#([a-z0-9-]+)/.exec(String(alarm.alarm_description)) ?? [];
      expect(anchors.has(anchor)).toBe(true);
      expect(String(alarm.alarm_description).length).toBeLessThanOrEqual(1024);
    }
    const packageJson = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { files: string[] };
    // `files` names the runbook itself or a folder that holds it.
    expect(packageJson.files.some((entry) => entry === "docs/operations.md" || "docs/operations.md".startsWith(`${entry.replace(/\/$/, "")}/`))).toBe(true);
  });
});

describe("alarm settings", () => {
  it("tune one alarm and turn another off", () => {
    // GIVEN a 10 % failure share over three 5-minute periods, and no table throttling alarm
    const json = synth(bridgeProps({ alarms: { callerFailureShare: { threshold: 10, evaluationPeriods: 3 }, tableThrottles: false } }));
    const alarms = alarmsOf(json);
    // THEN the share alarm has the new threshold and periods, and the table alarm is gone
    expect(alarms.find((alarm) => alarm.alarm_name === "acme-caller-failure-share")).toMatchObject({ threshold: 10, evaluation_periods: 3 });
    expect(alarms.some((alarm) => String(alarm.alarm_name).includes("table-throttles"))).toBe(false);
    // the 17 default alarms (see above) less the table's one
    expect(alarms).toHaveLength(16);
  });

  it("turn every alarm off with enabled: false", () => {
    const json = synth(bridgeProps({ alarms: { enabled: false } }));
    expect(alarmsOf(json)).toStrictEqual([]);
  });

  it("refuse unusable settings, listing every problem with what to change", () => {
    const build = () =>
      new ConnectAsyncBridge(
        new TerraformStack(Testing.app(), "stack"),
        "bridge",
        bridgeProps({ alarms: { alarmActions: ["oncall-topic"], callerFailureShare: { threshold: 150 }, lambdaErrors: { periodSeconds: 45, evaluationPeriods: 0 } } as never }),
      );
    expect(build).toThrow(
      [
        "alarms.lambdaErrors.periodSeconds must be a multiple of 60 (the handlers' metrics are standard resolution), got 45",
        "alarms.lambdaErrors.evaluationPeriods must be a whole number of at least 1, got 0",
        "alarms.callerFailureShare.threshold must be a number above 0 and at most 100 (a percentage), got 150",
        'alarms.alarmActions: "oncall-topic" is not an ARN (e.g. arn:aws:sns:<region>:<account>:<topic>)',
      ]
        .map((line) => `  - ${line}`)
        .join("\n"),
    );
  });
});

describe("a third function Connect invokes, with reserved concurrency (a long poll)", () => {
  // GIVEN a bridge as the monitoring sees it, with a long-poll function holding a reserve of 50
  const bridge: MonitoredBridge = {
    namePrefix: "acme",
    metricsNamespace: "ConnectAsync",
    region: "eu-west-2",
    tableName: "acme-status",
    stateMachines: [],
    functions: [
      { id: "start", functionName: "acme-start", serviceName: "acme-start", contract: "start", logGroupName: "/aws/lambda/acme-start" },
      { id: "poll", functionName: "acme-poll", serviceName: "acme-poll", contract: "poll", logGroupName: "/aws/lambda/acme-poll" },
      { id: "long-poll", functionName: "acme-long-poll", serviceName: "acme-long-poll", contract: "poll", reservedConcurrency: 50, logGroupName: "/aws/lambda/acme-long-poll" },
    ],
  };

  it("gets its own error and throttle alarms, and a concurrency alarm at 80 % of its reserve", () => {
    const definitions = alarmDefinitions(bridge);
    const ids = definitions.map((definition) => definition.id);
    expect(ids).toEqual(expect.arrayContaining(["lambda-errors-long-poll", "lambda-throttles-long-poll", "concurrency-near-reserve-long-poll"]));
    // Only the function with a reserve has the concurrency alarm: 40 executions of 50
    expect(definitions.filter((definition) => definition.kind === "concurrencyNearReserve").map((definition) => [definition.id, definition.threshold])).toStrictEqual([["concurrency-near-reserve-long-poll", 40]]);
  });

  it("counts its answers in the bridge-wide failure share and error alarms", () => {
    const share = alarmDefinitions(bridge).find((definition) => definition.kind === "callerFailureShare");
    const services = Object.values(share !== undefined && "metrics" in share.metric ? share.metric.metrics : {}).map((metric) => `${metric.metricName}@${metric.dimensions.service}`);
    // failures from all three functions, calls from start only
    expect(services.sort()).toStrictEqual(["Calls@acme-start", "FailureBranch@acme-long-poll", "FailureBranch@acme-poll", "FailureBranch@acme-start"]);
  });

  it("takes the concurrency threshold as a percentage", () => {
    const [definition] = alarmDefinitions(bridge, { concurrencyNearReserve: { threshold: 95 } }).filter((candidate) => candidate.kind === "concurrencyNearReserve");
    expect(definition.threshold).toBe(48);
  });
});
