/** Set flow attributes and Set contact attributes. */
import type { FlowAction } from "../../flows/flow-json";
import { FlowErrorType } from "./action-type";
import type { FlowContext } from "./flow-context";
import type { Step } from "./flow-run-types";
import { errorBranch, next } from "./transitions";

export function updateFlowAttributes(run: FlowContext, action: FlowAction): Step {
  const entries = action.Parameters.FlowAttributes;
  if (!entries || typeof entries !== "object" || Array.isArray(entries)) {
    return errorBranch(action, FlowErrorType.NoMatchingError, "FlowAttributes is not a map");
  }
  const updates: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const value = entry !== null && typeof entry === "object" && !Array.isArray(entry) ? entry.Value : entry;
    updates[name] = run.text(value) ?? "";
  }
  Object.assign(run.flowAttributes, updates); // atomic: all or none
  return next(action);
}

export function updateContactAttributes(run: FlowContext, action: FlowAction): Step {
  const entries = action.Parameters.Attributes;
  if (!entries || typeof entries !== "object" || Array.isArray(entries)) {
    return errorBranch(action, FlowErrorType.NoMatchingError, "Attributes is not a map");
  }
  if (String(action.Parameters.TargetContact ?? "Current") !== "Current") return next(action); // the related contact is not modelled
  const updates: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) updates[run.text(key) ?? key] = run.text(value) ?? "";
  const size = Buffer.byteLength(JSON.stringify({ ...run.attributes, ...updates }), "utf8");
  if (size > 32_768) return errorBranch(action, FlowErrorType.NoMatchingError, "contact attributes exceed 32 KB");
  Object.assign(run.attributes, updates);
  return next(action);
}
