/**
 * The validator itself, against AWS's models: each rule it applies rejects the request that
 * breaks it, naming the member, the value and the model's limit — so a check built on it can fail.
 */
import { expect } from "chai";
import { MODELS_SOURCE, serviceModel, serviceNameOf } from "./models";
import { validateRequest, validateResponse } from "./validate";

const TRACKER = { trackingId: "0f8fad5b-d9cb-469f-a165-70867728950e", sessionId: "s-1" };
const EVENT = { eventType: "click", sentAt: new Date("2026-11-26T03:00:00.000Z") };
const putEvents = (input: object) =>
  validateRequest({ service: "personalize-events", operation: "PutEvents", input });

describe(`API-model validator (${MODELS_SOURCE})`, function () {
  this.timeout(120_000); // the first use installs the pinned models

  it("finds a service's model by the serviceId its v3 client carries", () => {
    expect(serviceNameOf("Personalize Events")).to.equal("personalize-events");
    expect(serviceNameOf("SFN")).to.equal("stepfunctions");
    expect(serviceModel("personalize-events").metadata.apiVersion).to.equal("2018-03-22");
  });

  it("accepts a request that keeps every rule", () => {
    expect(putEvents({ ...TRACKER, eventList: [EVENT] })).to.deep.equal([]);
  });

  it("rejects an unknown member, naming the members the model has", () => {
    expect(putEvents({ ...TRACKER, eventList: [{ ...EVENT, itemID: "i-1" }] })).to.deep.equal([
      "personalize-events:PutEvents eventList[0].itemID: is not a member; the model's members are eventId, eventType, eventValue, itemId, properties, sentAt, recommendationId, impression, metricAttribution (personalize-events shape Event)",
    ]);
  });

  it("rejects a missing required member", () => {
    expect(putEvents({ trackingId: "t", eventList: [EVENT] })).to.deep.equal([
      "personalize-events:PutEvents sessionId: is required but missing (personalize-events shape PutEventsRequest)",
    ]);
  });

  it("rejects a string longer than the model allows, counting characters", () => {
    const id = `personalize-${"0".repeat(36)}`;
    expect(
      putEvents({ ...TRACKER, eventList: [{ ...EVENT, recommendationId: id }] }),
    ).to.deep.equal([
      `personalize-events:PutEvents eventList[0].recommendationId: "${id}" is 48 characters; the model allows 1-40 characters (personalize-events shape RecommendationId)`,
    ]);
  });

  it("rejects a list longer than the model allows", () => {
    const problems = putEvents({ ...TRACKER, eventList: Array(11).fill(EVENT) });
    expect(problems).to.deep.equal([
      "personalize-events:PutEvents eventList: has 11 entries; the model allows 1-10 entries (personalize-events shape EventList)",
    ]);
  });

  it("rejects a value outside an enum, and a value that breaks a pattern", () => {
    expect(
      validateRequest({
        service: "personalize",
        operation: "CreateSolutionVersion",
        input: { solutionArn: "solution/reco", trainingMode: "INCREMENTAL" },
      }),
    ).to.deep.equal([
      'personalize:CreateSolutionVersion solutionArn: "solution/reco" does not match the pattern arn:([a-z\\d-]+):personalize:.*:.*:.+ (personalize shape Arn)',
      'personalize:CreateSolutionVersion trainingMode: "INCREMENTAL" is not one of FULL, UPDATE, AUTOTRAIN (personalize shape TrainingMode)',
    ]);
  });

  it("rejects a non-finite number, a wrong type and an integer out of range", () => {
    expect(
      putEvents({ ...TRACKER, eventList: [{ ...EVENT, eventValue: Infinity }] }),
    ).to.deep.equal([
      "personalize-events:PutEvents eventList[0].eventValue: must be a finite number, got Infinity (personalize-events shape FloatType)",
    ]);
    expect(
      validateRequest({
        service: "personalize-runtime",
        operation: "GetRecommendations",
        input: { userId: 7, numResults: -1 },
      }),
    ).to.deep.equal([
      "personalize-runtime:GetRecommendations userId: must be a string, got number (personalize-runtime shape UserID)",
      "personalize-runtime:GetRecommendations numResults: -1 is outside at least 0 (personalize-runtime shape NumResults)",
    ]);
  });

  it("spells members in PascalCase for Step Functions' SDK integrations, and checks .$ names", () => {
    const input = { "SolutionArn.$": "$.solutionArn", TrainingMode: "FULL" };
    const options = { pascalCaseMembers: true, pathReferences: true };
    const request = { service: "personalize", operation: "CreateSolutionVersion", input };
    expect(validateRequest(request, options)).to.deep.equal([]);
    expect(
      validateRequest({ ...request, input: { "SolutionArns.$": "$.arns" } }, options),
    ).to.deep.equal([
      "personalize:CreateSolutionVersion SolutionArns: is not a member; the model's members are Name, SolutionArn, TrainingMode, Tags (personalize shape CreateSolutionVersionRequest)",
      "personalize:CreateSolutionVersion SolutionArn: is required but missing (personalize shape CreateSolutionVersionRequest)",
    ]);
  });

  it("holds a fake's answer to the operation's output shape", () => {
    const describe = { service: "personalize", operation: "DescribeCampaign" };
    const options = { pascalCaseMembers: true };
    expect(validateResponse(describe, { Campaign: { Status: "ACTIVE" } }, options)).to.deep.equal(
      [],
    );
    expect(
      validateResponse(describe, { Campaign: { LatestUpdate: { Status: "ACTIVE" } } }, options),
    ).to.deep.equal([
      "answer of personalize:DescribeCampaign Campaign.LatestUpdate: is not a member; the model's members are Name, CampaignArn, SolutionVersionArn, MinProvisionedTPS, CampaignConfig, Status, FailureReason, CreationDateTime, LastUpdatedDateTime, LatestCampaignUpdate (personalize shape Campaign)",
    ]);
  });
});
