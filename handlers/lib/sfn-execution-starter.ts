/** {@link ExecutionStarter} on AWS Step Functions' StartExecution. */
import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { ExecutionStarter, StartedExecution, StartExecutionOptions, StartExecutionRequest } from "./execution-starter";

/** Starts executions through the SDK; create the client with `createSfnClient` so `AWS_ENDPOINT_URL_SFN` and the timeouts apply. */
export class SfnExecutionStarter implements ExecutionStarter {
  public constructor(private readonly client: SFNClient) {}

  public async startExecution(request: StartExecutionRequest, options: StartExecutionOptions = {}): Promise<StartedExecution> {
    const { executionArn } = await this.client.send(
      new StartExecutionCommand({ stateMachineArn: request.stateMachineArn, name: request.name, input: JSON.stringify(request.input) }),
      { abortSignal: options.abortSignal },
    );
    if (executionArn === undefined) throw new Error("StartExecution answered without an executionArn");
    return { executionArn };
  }
}
