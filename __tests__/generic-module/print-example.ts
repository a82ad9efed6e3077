/**
 * Prints the generic module's example tfvars (two operations) and the module's outputs for it, as the
 * tests' evaluator renders them (values only AWS knows shown as `<type.attribute>`):
 * `npx tsx __tests__/generic-module/print-example.ts`.
 */
import { EXAMPLE_TFVARS } from "../../infra/generic-module/module-example";
import { renderGenericModule } from "../../infra/generic-module/write-generic-module";
import { writeFixtureBundles } from "../infra/support/synthesized-stack";
import { exampleOutputs } from "./support/example-outputs";

const moduleJson = JSON.parse(renderGenericModule({ handlersDir: writeFixtureBundles() }).get("main.tf.json") as string);
process.stdout.write(`terraform.tfvars.json:\n${JSON.stringify(EXAMPLE_TFVARS, null, 2)}\n\noutputs:\n${JSON.stringify(exampleOutputs(moduleJson), null, 2)}\n`);
