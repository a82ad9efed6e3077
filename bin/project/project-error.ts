/**
 * A problem with the user's project (no cdktf.json, an app that fails to synthesize, no flow by that
 * name): the command line reports its message alone, without a stack trace, and exits 1.
 */
export class ProjectError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProjectError";
  }
}
