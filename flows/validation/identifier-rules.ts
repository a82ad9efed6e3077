import type { FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, type FlowRule } from "./rule";

/** Identifier limits from the flow-language action page (reference §1.2). */
export const MAX_IDENTIFIER_LENGTH = 50;
export const FORBIDDEN_IDENTIFIER_CHARACTERS: ReadonlyArray<string> = ["%", ":", "(", "\\", "/", ")", "=", "$", ",", ";", "[", "]", "{", "}"];
export const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  "__proto__", "constructor", "__defineGetter__", "__defineSetter__", "toString", "hasOwnProperty",
  "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "valueOf",
]);

/** Identifiers are unique, 1–50 characters, free of the forbidden characters, and not a reserved JS name. */
export const identifierRule: FlowRule = {
  name: "identifiers",
  check({ actions }) {
    const issues: FlowIssue[] = [];
    const seen = new Map<string, number>();
    actions.forEach((action, index) => {
      const id = action.Identifier;
      const firstIndex = seen.get(id);
      if (firstIndex === undefined) {
        seen.set(id, index);
      } else {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.IDENTIFIER_DUPLICATE,
          `${describeBlock(action)} (action #${index + 1}) reuses the Identifier of action #${firstIndex + 1}; Identifiers must be unique in a flow. Rename one of them and update the transitions that point to it.`));
      }
      const length = Array.from(id).length;
      if (length === 0 || length > MAX_IDENTIFIER_LENGTH) {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.IDENTIFIER_LENGTH,
          `${describeBlock(action)} has an Identifier of ${length} characters; Connect accepts 1 to ${MAX_IDENTIFIER_LENGTH}. Use a shorter name (or a UUID).`));
      }
      const forbidden = FORBIDDEN_IDENTIFIER_CHARACTERS.filter((character) => id.includes(character));
      if (forbidden.length > 0) {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.IDENTIFIER_ILLEGAL_CHARACTER,
          `${describeBlock(action)} has ${forbidden.map((c) => `"${c}"`).join(", ")} in its Identifier; Connect forbids any of % : ( \\ / ) = $ , ; [ ] { }. Replace them, e.g. with "-" or "_".`));
      }
      if (RESERVED_IDENTIFIERS.has(id)) {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.IDENTIFIER_RESERVED,
          `${describeBlock(action)} uses the reserved JavaScript name "${id}" as its Identifier, which Connect rejects. Choose another name.`));
      }
    });
    return issues;
  },
};
