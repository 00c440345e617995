/**
 * The producer, the speed layer, the deploy-time trigger, the providers' credentials and
 * `npm run train` send requests the Kinesis, DynamoDB, Step Functions and STS models accept.
 */
import { expect } from "chai";
import { eventsAtLimits } from "./scenarios/handlers";
import {
  producerRequests,
  realtimeRequests,
  trainRequests,
  triggerRequests,
} from "./scenarios/clients";
import { shippedPlans } from "./shipped";
import { problemsOf } from "./validate";

const operations = (requests: readonly { service: string; operation: string }[]) =>
  [...new Set(requests.map((r) => `${r.service}:${r.operation}`))].sort();

describe("other AWS clients' requests against the API models", function () {
  this.timeout(180_000);

  it("the producer: PutRecords of events at the schema's limits, on each stack's stream", async () => {
    const requests = await producerRequests(await shippedPlans(), eventsAtLimits());
    expect(operations(requests)).to.deep.equal(["kinesis:PutRecords"]);
    expect(problemsOf(requests)).to.equal("");
  });

  it("the speed layer's Lambda writes and the API's view reads, on dynalite", async () => {
    const requests = await realtimeRequests(await shippedPlans(), eventsAtLimits());
    expect(operations(requests)).to.deep.equal([
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
    expect(problemsOf(requests)).to.equal("");
  });

  it("the deploy-time trigger and the providers' assumed role", async () => {
    const requests = await triggerRequests(await shippedPlans());
    expect(operations(requests)).to.deep.equal(["stepfunctions:StartExecution", "sts:AssumeRole"]);
    expect(problemsOf(requests)).to.equal("");
  });

  it("npm run train --mode FULL --wait, with each stack's outputs", async () => {
    const requests = await trainRequests(await shippedPlans());
    expect(operations(requests)).to.deep.equal([
      "stepfunctions:GetExecutionHistory",
      "stepfunctions:StartExecution",
    ]);
    expect(problemsOf(requests)).to.equal("");
  });
});
