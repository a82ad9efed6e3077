/**
 * The dashboard and the saved queries as synthesized: every widget names a metric somebody publishes,
 * the body is the same bytes every time, and the queries cover every log group and read only fields
 * the handlers actually log (checked against a real invocation's line).
 */
import { Testing } from "cdktf";
import { ConnectAsyncBridge, type ConnectAsyncBridgeProps } from "../../../infra/connect-async-bridge";
import { CONTACT_ID_PLACEHOLDER } from "../../../infra/monitoring/saved-queries";
import { connectEvent, TEST_CONTACT_ID } from "../../support/connect-event";
import { createHandlerFixture, type HandlerServers, startHandlerServers, TEST_OPERATIONS } from "../../support/handler-fixture";
import { resourcesOf, writeFixtureBundles, type TerraformJson } from "../support/synthesized-stack";
import { problemWithMetric } from "./published-metric-check";

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const handlersDir = writeFixtureBundles();
const props: ConnectAsyncBridgeProps = {
  connectInstance: { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}` },
  namePrefix: "acme",
  handlersDir,
  metricsNamespace: "Acme/ContactCentre",
  operations: [
    { name: "balance", target: "arn:aws:lambda:eu-west-2:123456789012:function:balance" },
    { name: "orders", target: "arn:aws:lambda:eu-west-2:123456789012:function:orders" },
  ],
};
const synth = () => JSON.parse(Testing.synthScope((stack) => new ConnectAsyncBridge(stack, "bridge", props))) as TerraformJson;

type Widget = { type: string; properties: { title?: string; metrics?: unknown[][]; region?: string } };

/** The metrics a widget entry names: `[namespace, name, key, value, …, options]`, or a SEARCH expression. */
function metricsNamed(entry: unknown[]): Array<{ namespace: string; metricName: string; dimensionKeys: string[] }> {
  const [first] = entry;
  if (typeof first === "object" && first !== null && "expression" in first) {
    const expression = String((first as { expression: string }).expression);
    // Metric math over the widget's own series names no metric itself (its ids are checked below).
    if (!expression.startsWith("SEARCH(")) return [];
    const schema = /SEARCH\('\{([^}]+)\}/.exec(expression);
    if (schema === null) throw new Error(`not a SEARCH with a schema: ${expression}`);
    const [namespace, ...dimensionKeys] = schema[1].split(",");
    const named = /MetricName="([^"]+)"/.exec(expression);
    // A search by a partial name (the error codes): every code metric of the handlers qualifies; check one.
    const metricName = named ? named[1] : / ErrorCode'/.test(expression) ? "ErrorCode.INTERNAL" : "";
    return [{ namespace, metricName, dimensionKeys }];
  }
  const strings = entry.filter((part): part is string => typeof part === "string");
  const [namespace, metricName, ...pairs] = strings;
  return [{ namespace, metricName, dimensionKeys: pairs.filter((_, index) => index % 2 === 0) }];
}

describe("the dashboard", () => {
  let json: TerraformJson;
  let widgets: Widget[];
  beforeAll(() => {
    json = synth();
    const [[, dashboard]] = resourcesOf(json, "aws_cloudwatch_dashboard");
    expect(dashboard.dashboard_name).toBe("acme");
    widgets = (JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] }).widgets;
  });

  it("names in every widget only metrics somebody publishes", () => {
    const graphs = widgets.filter((widget) => widget.type === "metric");
    expect(graphs.length).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    for (const widget of graphs) {
      expect(widget.properties.metrics?.length).toBeGreaterThan(0);
      for (const entry of widget.properties.metrics ?? []) {
        for (const metric of metricsNamed(entry)) {
          const problem = problemWithMetric("Acme/ContactCentre", metric.namespace, metric.metricName, metric.dimensionKeys);
          if (problem !== undefined) problems.push(`${widget.properties.title}: ${problem}`);
        }
      }
    }
    expect(problems).toStrictEqual([]);
  });

  it("computes its metric math only over series the same widget defines", () => {
    for (const widget of widgets) {
      const entries = widget.properties.metrics ?? [];
      const options = entries.map((entry) => entry[entry.length - 1]).filter((last): last is { id?: string; expression?: string } => typeof last === "object" && last !== null);
      const ids = new Set(options.map((option) => option.id).filter((id) => id !== undefined));
      for (const { expression } of options) {
        if (expression === undefined || expression.startsWith("SEARCH(")) continue;
        const referenced = [...expression.matchAll(/\b([a-z][A-Za-z0-9]*)\b(?!\()/g)].map(([, id]) => id);
        expect(referenced.length).toBeGreaterThan(0);
        for (const id of referenced) expect(ids.has(id)).toBe(true);
      }
    }
  });

  it("covers calls, outcomes, the callers' wait p50/p99, throttles, concurrency and each operation's health", () => {
    const titles = widgets.map((widget) => widget.properties.title ?? "").join("\n");
    for (const topic of [/Calls per operation/, /% failure branch, % no outcome seen/, /Answers/, /wait to outcome, p50 and p99/, /Throttles/, /Concurrent executions/, /Failure branch per operation/, /Executions started, failed, timed out/]) {
      expect(titles).toMatch(topic);
    }
    const stats = JSON.stringify(widgets);
    expect(stats).toContain('"stat":"p50"');
    expect(stats).toContain('"stat":"p99"');
  });

  it("renders the same bytes on every synthesis", () => {
    const body = (j: TerraformJson) => resourcesOf(j, "aws_cloudwatch_dashboard")[0][1].dashboard_body;
    expect(body(synth())).toBe(body(json));
  });
});

describe("the saved queries", () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = synth();
  });
  const queries = () => Object.fromEntries(resourcesOf(json, "aws_cloudwatch_query_definition").map(([, query]) => [String(query.name), query]));

  it("search one contact across the start, poll, long-poll and every state machine log group", () => {
    const contact = queries()["acme/everything-about-one-contact"];
    const groups = resourcesOf(json, "aws_cloudwatch_log_group").map(([name]) => `\${aws_cloudwatch_log_group.${name}.name}`);
    expect(new Set(contact.log_group_names as string[])).toStrictEqual(new Set(groups));
    // start, poll, long poll and the two operations' state machines
    expect(groups).toHaveLength(5);
    expect(String(contact.query_string)).toContain(`contactId = "${CONTACT_ID_PLACEHOLDER}"`);
  });

  it("offer the slowest calls and errors by code", () => {
    expect(Object.keys(queries()).sort()).toStrictEqual(["acme/errors-by-code", "acme/everything-about-one-contact", "acme/slowest-calls"]);
    expect(String(queries()["acme/slowest-calls"].query_string)).toContain("sort durationMs desc");
    expect(String(queries()["acme/errors-by-code"].query_string)).toMatch(/stats count\(\*\) .* by handler, operation, outcome, errorCode/);
  });

  describe("read only fields the handlers log", () => {
    let servers: HandlerServers;
    beforeAll(async () => {
      servers = await startHandlerServers();
    });
    afterAll(async () => {
      await servers.close();
    });

    it("as a start, a long poll and a failed poll log them", async () => {
      // GIVEN the lines of a fresh start, a poll that long-polls it, and a poll for an unknown request
      const f = await createHandlerFixture(servers, { operations: { accountLookup: { ...TEST_OPERATIONS.accountLookup, pollWaitMs: 150 } } });
      const started = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));
      await f.poll(connectEvent({ parameters: { asyncRequestId: String(started.asyncRequestId) } }));
      await f.poll(connectEvent({ parameters: { asyncRequestId: String(started.asyncRequestId).replace(/.$/, "0") } }));
      const logged = new Set(f.logger.lines.flatMap((line) => Object.keys(line.fields)));
      // Powertools adds these to every line; the state machine's lines have their own.
      for (const field of ["message", "level", "service", "timestamp", "type", "execution_arn"]) logged.add(field);
      // WHEN the fields every query names are listed
      const fields = Object.values(queries()).flatMap((query) =>
        [...String(query.query_string).matchAll(/(?<![@"\w.])([a-z][A-Za-z_]+)\b(?!\()/g)].map(([, name]) => name).filter((name) => !QUERY_WORDS.has(name)),
      );
      // THEN each is a field of those lines
      expect(fields.filter((field) => !logged.has(field))).toStrictEqual([]);
      // AND the lines carry the contact, never the parameter values
      expect(f.logger.lines[0].fields).toMatchObject({ contactId: TEST_CONTACT_ID, operation: "accountLookup", requestId: started.asyncRequestId });
    });
  });
});

/** Logs Insights keywords and functions the field scan above must skip. */
const QUERY_WORDS = new Set(["fields", "filter", "sort", "limit", "stats", "by", "as", "and", "or", "like", "asc", "desc", "count", "max", "ispresent", "answers", "latest"]);
