/**
 * The CDKTF app (`cdktf synth|diff|deploy`, run with tsx per cdktf.json): the demo stack, configured
 * from cdktf.json "context" and the environment (see infra/demo-stack.ts). `npm run synth` builds the
 * handler bundles first; without them synthesis stops and says so.
 */
import { createDefaultApp } from "./infra/default-app";
import { MissingBundleError } from "./infra/lambda-bundle";

try {
  createDefaultApp().app.synth();
} catch (error) {
  if (!(error instanceof MissingBundleError)) throw error;
  console.error(`connect-async: ${error.message}`);
  process.exitCode = 1;
}
