/**
 * The simulation cannot run as asked: an operation nobody configured, settings the bridge would refuse.
 * It is the user's input at fault, so the command line reports it as a user error (exit 1), one problem
 * a line.
 */
export class SimulationInputError extends Error {
  constructor(readonly problems: ReadonlyArray<string>) {
    super(problems.length === 1 ? problems[0] : `the simulation cannot run:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "SimulationInputError";
  }
}
