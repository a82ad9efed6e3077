/**
 * Jest's global setup: builds the Lambda handler bundles once for the whole run, into `dist/handlers`
 * (handler-bundles.ts), before any test file loads them.
 */
import { buildHandlers } from "../../bin/build-handlers";
import { BUILT_HANDLERS_DIR } from "./handler-bundles";

export default async function buildHandlerBundlesOnce(): Promise<void> {
  await buildHandlers({ outDir: BUILT_HANDLERS_DIR });
}
