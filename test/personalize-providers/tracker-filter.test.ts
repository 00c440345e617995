import {
  CreateEventTrackerCommand,
  CreateFilterCommand,
  DeleteEventTrackerCommand,
  DeleteFilterCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from "@aws-sdk/client-personalize";
import { expect } from "chai";
import {
  EXCLUDE_PURCHASED_EXPRESSION,
  EventTrackerInputs,
  EventTrackerProvider,
  FilterInputs,
  FilterProvider,
  excludeInteractedItems,
  filterExpressionProblems,
} from "../../components/personalize-providers";
import { arnOf, fakeClock, inputOf, notFound, usePersonalizeMock, REGION } from "./helpers";

const GROUP_ARN = arnOf("dataset-group/reco-prod");
const TRACKER_ARN = arnOf("event-tracker/tracker-prod");
const TRACKER: EventTrackerInputs = {
  name: "tracker-prod",
  region: REGION,
  datasetGroupArn: GROUP_ARN,
};
const TRACKER_STATE = { ...TRACKER, arn: TRACKER_ARN, trackingId: "track-1234", status: "ACTIVE" };

describe("EventTrackerProvider", () => {
  const pz = usePersonalizeMock();

  it("creates the tracker, keeps its tracking id and waits for ACTIVE", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(CreateEventTrackerCommand).resolves({
      eventTrackerArn: TRACKER_ARN,
      trackingId: "track-1234",
    });
    pz.on(DescribeEventTrackerCommand)
      .resolvesOnce({ eventTracker: { status: "CREATE PENDING" } })
      .resolvesOnce({ eventTracker: { status: "CREATE IN_PROGRESS" } })
      .resolves({ eventTracker: { status: "ACTIVE" } });
    const result = await new EventTrackerProvider(wait).create(TRACKER);
    expect(inputOf(pz.commandCalls(CreateEventTrackerCommand))).to.deep.equal({
      name: "tracker-prod",
      datasetGroupArn: GROUP_ARN,
      tags: undefined,
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result).to.deep.equal({ id: TRACKER_ARN, outs: TRACKER_STATE });
  });

  it("reports CREATE FAILED and keeps the tracking id in the recorded state", async () => {
    pz.on(CreateEventTrackerCommand).resolves({
      eventTrackerArn: TRACKER_ARN,
      trackingId: "track-1234",
    });
    pz.on(DescribeEventTrackerCommand).resolves({ eventTracker: { status: "CREATE FAILED" } });
    const error = await new EventTrackerProvider(fakeClock().wait).create(TRACKER).catch((e) => e);
    expect(error.message).to.match(
      /^Personalize event tracker "tracker-prod" is CREATE FAILED: Personalize gave no failure reason\./,
    );
    expect(error.properties.trackingId).to.equal("track-1234");
  });

  it("reads, diffs, updates tags in place and replaces on a new dataset group", async () => {
    pz.on(DescribeEventTrackerCommand).resolves({
      eventTracker: {
        name: "tracker-prod",
        datasetGroupArn: GROUP_ARN,
        trackingId: "track-1234",
        status: "ACTIVE",
      },
    });
    pz.on(ListTagsForResourceCommand).resolves({});
    pz.on(TagResourceCommand).resolves({});
    const provider = new EventTrackerProvider();
    expect(await provider.read(TRACKER_ARN, TRACKER_STATE)).to.deep.equal({
      id: TRACKER_ARN,
      props: TRACKER_STATE,
    });
    expect(
      await provider.diff(TRACKER_ARN, TRACKER_STATE, {
        ...TRACKER,
        datasetGroupArn: `${GROUP_ARN}-2`,
      }),
    ).to.deep.equal({
      changes: true,
      replaces: ["datasetGroupArn"],
      deleteBeforeReplace: true,
    });
    const updated = await provider.update(TRACKER_ARN, TRACKER_STATE, {
      ...TRACKER,
      tags: { app: "reco" },
    });
    expect(inputOf(pz.commandCalls(TagResourceCommand))).to.deep.equal({
      resourceArn: TRACKER_ARN,
      tags: [{ tagKey: "app", tagValue: "reco" }],
    });
    expect(updated.outs).to.deep.equal({ ...TRACKER_STATE, tags: { app: "reco" } });
  });

  it("deletes and waits through DELETE IN_PROGRESS; a missing tracker is done", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(DeleteEventTrackerCommand).resolves({});
    pz.on(DescribeEventTrackerCommand)
      .resolvesOnce({ eventTracker: { status: "DELETE IN_PROGRESS" } })
      .resolvesOnce({ eventTracker: { status: "DELETE IN_PROGRESS" } })
      .rejects(notFound());
    await new EventTrackerProvider(wait).delete(TRACKER_ARN, TRACKER_STATE);
    expect(sleeps).to.deep.equal([10, 20]);
    pz.reset();
    pz.on(DeleteEventTrackerCommand).rejects(notFound());
    await new EventTrackerProvider(wait).delete(TRACKER_ARN, TRACKER_STATE);
    expect(pz.calls()).to.have.length(1);
  });
});

const FILTER_ARN = arnOf("filter/exclude-purchased-prod-1a2b3c4d");
const FILTER: FilterInputs = {
  name: "exclude-purchased-prod-1a2b3c4d",
  region: REGION,
  datasetGroupArn: GROUP_ARN,
  filterExpression: EXCLUDE_PURCHASED_EXPRESSION,
};
const FILTER_STATE = { ...FILTER, arn: FILTER_ARN, status: "ACTIVE" };

describe("FilterProvider", () => {
  const pz = usePersonalizeMock();

  it("excludes what the user bought by default", () => {
    expect(EXCLUDE_PURCHASED_EXPRESSION).to.equal(
      'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
    );
    expect(excludeInteractedItems(["buy", "cart"])).to.equal(
      'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy", "cart")',
    );
  });

  it("rejects an expression that is not INCLUDE/EXCLUDE", () => {
    expect(filterExpressionProblems("ItemID NOT IN (1)")).to.deep.equal([
      'filterExpression is "ItemID NOT IN (1)"; it must start with INCLUDE or EXCLUDE ItemID (or Items.<FIELD>). ' +
        'Fix: e.g. EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
    ]);
  });

  it("creates the filter and waits for ACTIVE", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(CreateFilterCommand).resolves({ filterArn: FILTER_ARN });
    pz.on(DescribeFilterCommand)
      .resolvesOnce({ filter: { status: "CREATE PENDING" } })
      .resolvesOnce({ filter: { status: "CREATE IN_PROGRESS" } })
      .resolves({ filter: { status: "ACTIVE" } });
    const result = await new FilterProvider(wait).create(FILTER);
    expect(inputOf(pz.commandCalls(CreateFilterCommand))).to.deep.equal({
      name: FILTER.name,
      datasetGroupArn: GROUP_ARN,
      filterExpression: EXCLUDE_PURCHASED_EXPRESSION,
      tags: undefined,
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result).to.deep.equal({ id: FILTER_ARN, outs: FILTER_STATE });
  });

  it("reports the expression error Personalize gives on CREATE FAILED", async () => {
    pz.on(CreateFilterCommand).resolves({ filterArn: FILTER_ARN });
    pz.on(DescribeFilterCommand).resolves({
      filter: { status: "CREATE FAILED", failureReason: "Field EVENT_TYPE not found in schema" },
    });
    const error = await new FilterProvider(fakeClock().wait).create(FILTER).catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'Personalize filter "exclude-purchased-prod-1a2b3c4d" is CREATE FAILED: Field EVENT_TYPE not found in schema. ' +
        "Fix: correct the schema or the expression named above (validateSchema checks schemas before deploy). " +
        "Then run `pulumi up` again: the failed filter stays in the stack's state and is replaced.",
    );
  });

  it("reads the filter; a new expression replaces it", async () => {
    pz.on(DescribeFilterCommand).resolves({
      filter: {
        name: FILTER.name,
        datasetGroupArn: GROUP_ARN,
        filterExpression: EXCLUDE_PURCHASED_EXPRESSION,
        status: "ACTIVE",
      },
    });
    pz.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const provider = new FilterProvider();
    expect(await provider.read(FILTER_ARN, FILTER_STATE)).to.deep.equal({
      id: FILTER_ARN,
      props: FILTER_STATE,
    });
    const expression = excludeInteractedItems(["buy", "cart"]);
    expect(
      await provider.diff(FILTER_ARN, FILTER_STATE, {
        ...FILTER,
        name: "exclude-purchased-prod-ffffffff",
        filterExpression: expression,
      }),
    ).to.deep.equal({
      changes: true,
      replaces: ["name", "filterExpression"],
      deleteBeforeReplace: false,
    });
  });

  it("updates only tags in place, and deletes idempotently", async () => {
    const { wait } = fakeClock();
    const updated = await new FilterProvider(wait).update(FILTER_ARN, FILTER_STATE, FILTER);
    expect(pz.calls()).to.have.length(0);
    expect(updated.outs).to.deep.equal(FILTER_STATE);
    pz.on(DeleteFilterCommand).resolves({});
    pz.on(DescribeFilterCommand).rejects(notFound());
    await new FilterProvider(wait).delete(FILTER_ARN, FILTER_STATE);
    expect(inputOf(pz.commandCalls(DeleteFilterCommand))).to.deep.equal({ filterArn: FILTER_ARN });
    pz.reset();
    pz.on(DeleteFilterCommand).rejects(notFound());
    await new FilterProvider(wait).delete(FILTER_ARN, FILTER_STATE);
    expect(pz.calls()).to.have.length(1);
  });
});
