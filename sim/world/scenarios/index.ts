/**
 * The named scenarios, kept as JSON data beside this file and validated when loaded. Add one by
 * writing `<name>.json` (see sim/world/scenario.ts for the format) and listing it here.
 */
import { parseScenario, type Scenario } from "../scenario";
import cacheHit from "./cache-hit.json";
import chatSlowBackend from "./chat-slow-backend.json";
import crowd from "./crowd.json";
import dynamodbDown from "./dynamodb-down.json";
import failingBackend from "./failing-backend.json";
import fastBackend from "./fast-backend.json";
import jitteryBackend from "./jittery-backend.json";
import pollError from "./poll-error.json";
import slowBackend from "./slow-backend.json";
import throttledBackend from "./throttled-backend.json";
import tooSlow from "./too-slow.json";

const documents: ReadonlyArray<unknown> = [fastBackend, slowBackend, tooSlow, failingBackend, throttledBackend, pollError, dynamodbDown, crowd, cacheHit, jitteryBackend, chatSlowBackend];

/** Every named scenario, by name, in a stable order. */
export const NAMED_SCENARIOS: ReadonlyMap<string, Scenario> = new Map(documents.map((document) => {
  const scenario = parseScenario(document);
  return [scenario.name, scenario];
}));

/** The named scenario, or an error listing the names there are. */
export function namedScenario(name: string): Scenario {
  const scenario = NAMED_SCENARIOS.get(name);
  if (!scenario) throw new Error(`unknown scenario "${name}"; choose one of ${[...NAMED_SCENARIOS.keys()].join(", ")}, or pass a scenario file`);
  return scenario;
}
