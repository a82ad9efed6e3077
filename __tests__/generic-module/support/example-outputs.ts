/**
 * The generic module's outputs for the example tfvars (the module's own variables only; `aws_region`
 * configures the caller's provider). Attributes that are arguments show their value; the rest, known
 * only after apply, show as `<type.attribute>`.
 */
import { EXAMPLE_TFVARS } from "../../../infra/generic-module/module-example";
import { ModuleEvaluation } from "./module-evaluation";

type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function exampleOutputs(moduleJson: Json): Json {
  const values = Object.fromEntries(Object.entries(EXAMPLE_TFVARS).filter(([name]) => name in moduleJson.variable));
  const evaluation = new ModuleEvaluation(moduleJson, values, true);
  if (evaluation.validationErrors.length > 0) throw new Error(`the example fails validation: ${evaluation.validationErrors.join("; ")}`);
  return Object.fromEntries(Object.keys(moduleJson.output).sort().map((name) => [name, evaluation.output(name)]));
}
