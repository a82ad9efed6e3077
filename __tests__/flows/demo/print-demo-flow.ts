// Prints the demo flow's JSON, both strategies, with and without a queue; the determinism test runs this in fresh processes.
import { demoFlowVariants } from "./demo-flow-variants";

process.stdout.write(JSON.stringify(demoFlowVariants(), null, 2));
