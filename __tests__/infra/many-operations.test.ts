/**
 * A bridge with 100 operations: the settings no longer travel in the functions' 4 KB environment, so
 * nothing caps their number, and the synthesis (JSON and zips) stays byte-identical.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { unzipSync } from "fflate";
import { ConnectAsyncBridge, OPERATIONS_FILE_NAME } from "../../infra/connect-async-bridge";
import type { OperationProps } from "../../infra/operation";
import { listFiles, writeFixtureBundles, type TerraformJson } from "./support/synthesized-stack";

const OPERATION_COUNT = 100;
const INSTANCE_ID = "11111111-2222-3333-4444-555555555555";
/** Long names, so each operation's settings would have cost the old environment the most. */
const operations: OperationProps[] = Array.from({ length: OPERATION_COUNT }, (_, index) => ({
  name: `an-operation-with-a-long-name-${String(index + 1).padStart(3, "0")}`,
  target: `arn:aws:lambda:us-east-1:123456789012:function:backend-${index + 1}`,
  timeoutSeconds: 60,
  ...(index % 2 === 0 ? { inputs: ["accountId"], cacheKey: ["accountId"], cacheTtlSeconds: 300 } : {}),
}));

interface Synthesis {
  readonly stackDir: string;
  readonly text: string;
  readonly json: TerraformJson;
  readonly wallMs: number;
}

/** Synthesizes one stack with one bridge of every operation, assets included, into a new folder. */
function synthesize(): Synthesis {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-many-"));
  const started = process.hrtime.bigint();
  const app = new App({ outdir, stackTraces: false });
  app.node.setContext("cdktfVersion", "stubbed");
  const stack = new TerraformStack(app, "many");
  new LocalBackend(stack, { path: "terraform.many.tfstate" });
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new ConnectAsyncBridge(stack, "bridge", {
    connectInstance: { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}` },
    namePrefix: "many",
    handlersDir: writeFixtureBundles(),
    operations,
  });
  app.synth();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const stackDir = path.join(outdir, "stacks", "many");
  const text = fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
  return { stackDir, text, json: JSON.parse(text) as TerraformJson, wallMs };
}

let first: Synthesis;
let second: Synthesis;
beforeAll(() => {
  first = synthesize();
  second = synthesize();
});

const functionsOf = (json: TerraformJson) => Object.values(json.resource?.aws_lambda_function ?? {});

it(`synthesizes one bridge with ${OPERATION_COUNT} operations, each with its own state machine`, () => {
  expect(Object.keys(first.json.resource?.aws_sfn_state_machine ?? {})).toHaveLength(OPERATION_COUNT);
  // Far below the 90 s the jest timeout allows: a regression to quadratic work would show here.
  expect(first.wallMs).toBeLessThan(60_000);
});

it("gives byte-identical Terraform JSON and zips on a second synthesis", () => {
  expect(second.text).toBe(first.text);
  const assets = listFiles(path.join(first.stackDir, "assets"));
  expect(assets).toHaveLength(2);
  expect(listFiles(path.join(second.stackDir, "assets"))).toEqual(assets);
  for (const asset of assets) expect(fs.readFileSync(path.join(second.stackDir, "assets", asset))).toEqual(fs.readFileSync(path.join(first.stackDir, "assets", asset)));
});

it("ships every operation's settings in both zips and keeps the environments small", () => {
  for (const fn of functionsOf(first.json)) {
    const variables = (fn.environment as { variables: { [name: string]: string } }).variables;
    // Lambda caps the whole environment at 4 KB; with the references still unresolved, it is far below.
    expect(JSON.stringify(variables).length).toBeLessThan(1024);
    const zip = unzipSync(new Uint8Array(fs.readFileSync(path.join(first.stackDir, fn.filename as string))));
    const settings = JSON.parse(Buffer.from(zip[OPERATIONS_FILE_NAME]).toString("utf8")) as { [name: string]: { cacheKey?: string[] } };
    expect(Object.keys(settings)).toEqual(operations.map((operation) => operation.name));
    expect(settings[operations[0].name].cacheKey).toEqual(["accountId"]);
  }
});
