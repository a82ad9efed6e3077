/**
 * The user's project as connect-async's commands see it: its app synthesized into a temporary folder and
 * each stack read into a {@link StackModel}.
 */
import { ProjectError } from "./project-error";
import { readStackModel, type StackFlow, type StackModel } from "./stack-model";
import { annotationLines, synthesizeProject, type SynthesizeProjectOptions } from "./synthesize-project";

/** A loaded project; call `dispose()` when done with the stacks' files (assets). */
export interface LoadedProject {
  /** The project folder (absolute). */
  readonly dir: string;
  /** Every stack, sorted by name. */
  readonly stacks: ReadonlyArray<StackModel>;
  /** What the app printed on stderr while synthesizing, and its stacks' warning annotations, one per line. */
  readonly warnings: ReadonlyArray<string>;
  dispose(): void;
}

/** Synthesizes the project (in a child process unless asked otherwise) and reads every stack. */
export function loadProject(options: SynthesizeProjectOptions): LoadedProject {
  const synthesized = synthesizeProject(options);
  try {
    const stacks = synthesized.stacks.map(readStackModel);
    if (stacks.length === 0) throw new ProjectError(`the app (${synthesized.project.app}) synthesized no stack`);
    const warnings = [...(synthesized.warnings === "" ? [] : [synthesized.warnings]), ...annotationLines(synthesized.stacks)];
    return { dir: synthesized.project.dir, stacks, warnings, dispose: synthesized.dispose };
  } catch (error) {
    synthesized.dispose();
    throw error;
  }
}

/** The stack named `name`, or the only one; several without a name is an error listing them. */
export function selectStack(project: LoadedProject, name?: string): StackModel {
  const names = project.stacks.map((stack) => stack.name).join(", ");
  if (name !== undefined) {
    const stack = project.stacks.find((candidate) => candidate.name === name);
    if (stack === undefined) throw new ProjectError(`the app has no stack "${name}" (it has: ${names})`);
    return stack;
  }
  if (project.stacks.length > 1) throw new ProjectError(`the app has several stacks (${names}); choose one with --stack`);
  return project.stacks[0]!;
}

/** Every flow of every stack, each with its stack. */
export function projectFlowsOf(project: LoadedProject): Array<{ readonly stack: StackModel; readonly flow: StackFlow }> {
  return project.stacks.flatMap((stack) => stack.flows.map((flow) => ({ stack, flow })));
}
