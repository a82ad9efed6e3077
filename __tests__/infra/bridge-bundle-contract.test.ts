/**
 * The contract between the bridge and the handlers, end to end: the real handler bundles (built as
 * `npm run build` builds them) run from the zips the bridge synthesizes, unpacked as Lambda unpacks
 * them, with the environment the bridge gives them (Terraform's references filled in as apply would).
 * DynamoDB is dynalite; Step Functions and Secrets Manager are loopback fakes of their APIs.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { Testing } from "cdktf";
import { unzipSync } from "fflate";
import { ConnectAsyncBridge } from "../../infra/connect-async-bridge";
import { LOCAL_AWS_ENVIRONMENT, startLocalDynamoDb, type LocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { connectEvent } from "../support/connect-event";
import { startFakeStepFunctions, type FakeStepFunctions } from "../support/fake-step-functions";
import { BUILT_HANDLERS_DIR } from "../support/handler-bundles";
import { StatusTable } from "../support/status-table";
import { startFakeSecretsManager, type FakeSecretsManager } from "../support/fake-secrets-manager";
import { resourceNamed, type TerraformJson } from "./support/synthesized-stack";

const run = promisify(execFile);
const INSTANCE_ID = "11111111-2222-3333-4444-555555555555";
/** What apply would resolve the deployment's data sources to. */
const DEPLOYED = { partition: "aws", region: "eu-west-2", account: "210987654321" };
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-2:${DEPLOYED.account}:secret:shop-request-id-key-AbCdEf`;
/** The shape of a generated key: 64 letters and digits. */
const GENERATED_KEY = "Zq7".repeat(21) + "x";

let db: LocalDynamoDb;
let sfn: FakeStepFunctions;
let secrets: FakeSecretsManager;
let table: StatusTable;
let bridge: ConnectAsyncBridge;
let json: TerraformJson;

beforeAll(async () => {
  [db, sfn, secrets] = await Promise.all([startLocalDynamoDb(), startFakeStepFunctions(), startFakeSecretsManager()]);
  secrets.setSecret(SECRET_ARN, GENERATED_KEY);
  table = await StatusTable.create(db.client());
  json = JSON.parse(
    Testing.synthScope((stack) => {
      bridge = new ConnectAsyncBridge(stack, "bridge", {
        connectInstance: { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}` },
        namePrefix: "shop",
        handlersDir: BUILT_HANDLERS_DIR,
        operations: [
          { name: "balance", target: "arn:aws:lambda:eu-west-2:210987654321:function:balance", fastPathMs: 0 },
          { name: "orders", target: "arn:aws:lambda:eu-west-2:210987654321:function:orders", fastPathMs: 0 },
        ],
      });
    }),
  ) as TerraformJson;
}, 60_000);

afterAll(async () => {
  table?.client.destroy();
  await Promise.all([db?.close(), sfn?.close(), secrets?.close()]);
});

/** The function's environment with every Terraform reference filled in as apply would. */
function deployedEnvironment(functionName: string): Record<string, string> {
  const variables = (resourceNamed(json, "aws_lambda_function", "function_name", functionName).environment as { variables: Record<string, string> }).variables;
  const resolve = (value: string) =>
    value
      .replace(/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, DEPLOYED.partition)
      .replace(/\$\{data\.aws_region\.[^.}]+\.region\}/g, DEPLOYED.region)
      .replace(/\$\{data\.aws_caller_identity\.[^.}]+\.account_id\}/g, DEPLOYED.account)
      .replace(/\$\{aws_dynamodb_table\.[^.}]+\.name\}/g, table.name)
      .replace(/\$\{aws_secretsmanager_secret\.[^.}]+\.arn\}/g, SECRET_ARN);
  const resolved = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(value)]));
  for (const value of Object.values(resolved)) expect(value).not.toContain("${");
  return resolved;
}

/** Unpacks the function's zip into a fresh folder (Lambda's task root) and runs `handler(event)` there in a fresh node. */
async function invokeDeployed(functionName: string, event: unknown): Promise<Record<string, unknown>> {
  const connectFunction = bridge.connectFunctions.find((fn) => fn.function.functionNameInput === functionName)!;
  const taskRoot = fs.mkdtempSync(path.join(os.tmpdir(), "contract-task-root-"));
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(fs.readFileSync(connectFunction.bundle.zipFile))))) fs.writeFileSync(path.join(taskRoot, name), bytes);
  const env = {
    PATH: process.env.PATH ?? "",
    ...LOCAL_AWS_ENVIRONMENT,
    AWS_REGION: DEPLOYED.region,
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_ENDPOINT_URL_SFN: sfn.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    ...deployedEnvironment(functionName),
  };
  // Run from elsewhere: the file must be found through LAMBDA_TASK_ROOT, not the working directory.
  const script = `require(${JSON.stringify(path.join(taskRoot, "index.js"))}).handler(${JSON.stringify(event)}).then((r) => console.log("RESPONSE " + JSON.stringify(r)))`;
  const { stdout } = await run(process.execPath, ["-e", script], { cwd: os.tmpdir(), env });
  const line = stdout.split("\n").find((candidate) => candidate.startsWith("RESPONSE "));
  return JSON.parse(String(line).slice("RESPONSE ".length)) as Record<string, unknown>;
}

it("start finds its operations in the zip and starts the state machine the bridge named, with the key from the bridge's secret", async () => {
  // GIVEN a contact asking for the second operation
  const event = connectEvent({ contactId: "contract-contact", parameters: { operation: "orders" } });

  // WHEN the deployed start function runs
  const response = await invokeDeployed("shop-start", event);

  // THEN it answers PENDING and started exactly the state machine named "<prefix>-orders" in the deployed account and Region
  expect(response.asyncErrorMessage).toBeUndefined();
  expect(response).toMatchObject({ asyncStatus: "PENDING" });
  expect(sfn.executions.map((execution) => execution.stateMachineArn)).toEqual([`arn:aws:states:${DEPLOYED.region}:${DEPLOYED.account}:stateMachine:shop-orders`]);
  expect(resourceNamed(json, "aws_sfn_state_machine", "name", "shop-orders").name).toBe("shop-orders");
  // AND it read the key from the secret the environment names, and the id does not carry the key
  // only SECRET_ARN is served: a read of any other secret would have left the handler without a key
  expect(secrets.reads()).toBeGreaterThan(0);
  expect(JSON.stringify(response)).not.toContain(GENERATED_KEY);
  expect(JSON.stringify(await table.scan())).not.toContain(GENERATED_KEY);

  // AND the deployed poll function, with its own zip and environment, accepts the id start issued
  const polled = await invokeDeployed("shop-poll", connectEvent({ contactId: "contract-contact", parameters: { asyncRequestId: String(response.asyncRequestId) } }));
  expect(polled).toMatchObject({ asyncStatus: "PENDING", asyncRequestId: response.asyncRequestId });
}, 60_000);
