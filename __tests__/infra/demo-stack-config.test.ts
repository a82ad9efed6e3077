/**
 * Configuring the default stack: environment over cdktf.json context over defaults, and the backend.
 */
import { readDemoStackConfig, DEFAULT_CONFIG } from "../../infra/demo-stack";
import { synthesizeDefaultStack } from "./support/synthesized-stack";

const noContext = () => undefined;

describe("the configuration", () => {
  it("defaults to us-east-1, the demo prefix and a local state file at the project root", () => {
    expect(readDemoStackConfig(noContext, {})).toEqual({
      connectInstanceId: undefined,
      region: "us-east-1",
      namePrefix: "connect-async-demo",
      tags: DEFAULT_CONFIG.tags,
      backend: { kind: "local", path: "../../../terraform.connect-async.tfstate" },
    });
  });

  it("reads cdktf.json context, and the environment wins over it", () => {
    const context = (key: string) => ({ namePrefix: "from-context", region: "eu-west-2", tags: { team: "cc" } })[key];
    const config = readDemoStackConfig(context, { CONNECT_ASYNC_NAME_PREFIX: "from-env" });
    expect(config).toMatchObject({ namePrefix: "from-env", region: "eu-west-2", tags: { team: "cc" } });
  });

  it("switches to an S3 backend when a state bucket is configured", () => {
    const config = readDemoStackConfig(noContext, { CONNECT_ASYNC_STATE_BUCKET: "acme-tfstate", CONNECT_ASYNC_REGION: "eu-west-1" });
    expect(config.backend).toEqual({ kind: "s3", bucket: "acme-tfstate", key: "connect-async/terraform.tfstate", region: "eu-west-1" });
  });

  it("rejects tags that are not an object of strings, naming the variable", () => {
    expect(() => readDemoStackConfig(noContext, { CONNECT_ASYNC_TAGS: '["a"]' })).toThrow(/CONNECT_ASYNC_TAGS/);
  });
});

it("synthesizes the S3 backend with encryption and lock file, and the configured defaults", () => {
  const { json } = synthesizeDefaultStack({
    env: { CONNECT_ASYNC_STATE_BUCKET: "acme-tfstate", CONNECT_ASYNC_STATE_KEY: "cc/connect-async.tfstate", CONNECT_ASYNC_CONNECT_INSTANCE_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
  });
  expect(json.terraform?.backend).toEqual({ s3: { bucket: "acme-tfstate", key: "cc/connect-async.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true } });
  expect(json.variable?.connect_instance_id).toMatchObject({ default: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" });
});
