/**
 * The diff as text for people (a pull-request comment or a terminal) and as JSON for machines.
 */
import { MatchMethod } from "./block-matching";
import { BlockChangeKind, type BlockChange, type FlowDiff } from "./flow-diff";

const SIGN: { readonly [kind in BlockChangeKind]: string } = { added: "+", removed: "-", changed: "~" };

/** One line of counts: `2 added, 1 removed, 3 changed, 40 unchanged`. */
export function diffCounts(diff: FlowDiff): string {
  const count = (kind: BlockChangeKind): number => diff.changes.filter((change) => change.kind === kind).length;
  return `${count(BlockChangeKind.added)} added, ${count(BlockChangeKind.removed)} removed, ${count(BlockChangeKind.changed)} changed, ${diff.unchangedCount} unchanged`;
}

/** The text summary: counts, how blocks were paired, then one entry per change with its details. */
export function formatDiff(diff: FlowDiff, names: { readonly before: string; readonly after: string }): string {
  const lines = [`${names.before} → ${names.after}: ${diff.changes.length === 0 && !diff.startChanged ? "no changes" : diffCounts(diff)}`];
  if (diff.structuralMatches.count > 0) {
    lines.push(`${diff.structuralMatches.count} block(s) paired by structure (type, parameters, neighbours), not by Identifier; lowest confidence ${diff.structuralMatches.lowestConfidence?.toFixed(2)}. Check those pairings below.`);
  }
  if (diff.startChanged) lines.push("The flow starts at a different block.");
  for (const change of diff.changes) lines.push(...changeLines(change));
  return `${lines.join("\n")}\n`;
}

function changeLines(change: BlockChange): string[] {
  const id = change.kind === BlockChangeKind.removed ? change.oldId : change.newId;
  const paired = change.match?.method === MatchMethod.structure ? ` [was ${change.oldId}, matched by structure, confidence ${change.match.confidence.toFixed(2)}]` : "";
  const lines = [`${SIGN[change.kind]} ${change.kind} ${change.label} [${id}]${paired}`];
  for (const parameter of change.parameters ?? []) {
    lines.push(`    ${parameter.path}: ${parameter.before ?? "(absent)"} → ${parameter.after ?? "(absent)"}`);
  }
  if (change.transitions !== undefined) {
    const gone = change.transitions.before.filter((word) => !change.transitions?.after.includes(word));
    const come = change.transitions.after.filter((word) => !change.transitions?.before.includes(word));
    for (const word of gone) lines.push(`    - ${word}`);
    for (const word of come) lines.push(`    + ${word}`);
  }
  return lines;
}
