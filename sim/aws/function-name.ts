/**
 * The simulator's name for a Lambda: flows/lambda-name.ts, the one helper the diagram and wrap use too,
 * re-exported where the simulator's callers have always found it.
 */
export { functionNameOf } from "../../flows/lambda-name";
