/** {@link ExecutionStarter} on AWS Step Functions' StartExecution. */
import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { ExecutionStarter, StartedExecution, StartExecutionRequest } from "./execution-starter";

/** Starts executions through the SDK; create the client with the default config so `AWS_ENDPOINT_URL_SFN` applies. */
export class SfnExecutionStarter implements ExecutionStarter {
  public constructor(private readonly client: SFNClient) {}

  public async startExecution(request: StartExecutionRequest): Promise<StartedExecution> {
    const { executionArn } = await this.client.send(
      new StartExecutionCommand({ stateMachineArn: request.stateMachineArn, name: request.name, input: JSON.stringify(request.input) }),
    );
    if (executionArn === undefined) throw new Error("StartExecution answered without an executionArn");
    return { executionArn };
  }
}
