/**
 * Personalize event tracker: the endpoint PutEvents writes real-time interactions to, identified by
 * its tracking id. Only its tags can change in place.
 */
import {
  CreateEventTrackerCommand,
  DeleteEventTrackerCommand,
  DescribeEventTrackerCommand,
  EventTracker as EventTrackerDescription,
  PersonalizeClient,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { ProviderTarget, clientForState, personalizeClient } from "./client";
import { DiffSpec, diffInputs } from "./diff";
import { createFailedError, isNotFound } from "./errors";
import {
  apiTags,
  definedOnly,
  deleteAndWait,
  present,
  readTags,
  syncTags,
  waitUntilActive,
} from "./lifecycle";
import {
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
  tagProblems,
  throwIfProblems,
} from "./resource-args";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";

export interface EventTrackerInputs extends ProviderTarget {
  readonly name: string;
  readonly datasetGroupArn: string;
  readonly tags?: Record<string, string>;
}

export interface EventTrackerOutputs extends EventTrackerInputs {
  readonly arn: string;
  /** The id PutEvents takes; events sent with it land in the group's Interactions dataset. */
  readonly trackingId: string;
  readonly status: string;
}

export const EVENT_TRACKER_DIFF: DiffSpec<keyof EventTrackerInputs> = {
  replaceOn: ["name", "region", "datasetGroupArn"],
  updateInPlace: ["tags", "assumeRoleArn"],
};

async function describeEventTracker(
  client: PersonalizeClient,
  eventTrackerArn: string,
): Promise<EventTrackerDescription> {
  const { eventTracker } = await client.send(new DescribeEventTrackerCommand({ eventTrackerArn }));
  return present(eventTracker, `event tracker for ${eventTrackerArn}`);
}

export class EventTrackerProvider implements pulumi.dynamic.ResourceProvider<
  EventTrackerInputs,
  EventTrackerOutputs
> {
  constructor(private readonly wait: WaitOptions = DEFAULT_WAIT) {}

  async create(
    inputs: EventTrackerInputs,
  ): Promise<pulumi.dynamic.CreateResult<EventTrackerOutputs>> {
    const client = personalizeClient(inputs);
    const created = await client.send(
      new CreateEventTrackerCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        tags: apiTags(inputs.tags),
      }),
    );
    const arn = present(created.eventTrackerArn, "eventTrackerArn from CreateEventTracker");
    const trackingId = present(created.trackingId, "trackingId from CreateEventTracker");
    const view = await waitUntilActive(
      `Personalize event tracker "${inputs.name}"`,
      () => describeEventTracker(client, arn),
      // EventTracker has no failureReason field; the status is all Personalize says.
      () =>
        createFailedError(
          "event tracker",
          inputs.name,
          arn,
          { ...inputs, arn, trackingId },
          undefined,
        ),
      this.wait,
    );
    return {
      id: arn,
      outs: definedOnly({ ...inputs, arn, trackingId, status: present(view.status, "status") }),
    };
  }

  async read(
    id: string,
    props?: EventTrackerOutputs,
  ): Promise<pulumi.dynamic.ReadResult<EventTrackerOutputs>> {
    const client = clientForState(props, id);
    try {
      const found = await describeEventTracker(client, id);
      const tags = await readTags(client, id);
      return {
        id,
        props: definedOnly({
          ...props!,
          arn: id,
          name: found.name ?? props!.name,
          datasetGroupArn: found.datasetGroupArn ?? props!.datasetGroupArn,
          trackingId: found.trackingId ?? props!.trackingId,
          status: found.status ?? props!.status,
          tags,
        }),
      };
    } catch (error) {
      if (isNotFound(error)) return { id: "", props: undefined };
      throw error;
    }
  }

  async diff(
    _id: string,
    olds: EventTrackerOutputs,
    news: EventTrackerInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(EVENT_TRACKER_DIFF, olds, news);
  }

  async update(
    id: string,
    olds: EventTrackerOutputs,
    news: EventTrackerInputs,
  ): Promise<pulumi.dynamic.UpdateResult<EventTrackerOutputs>> {
    await syncTags(personalizeClient(news), id, olds.tags, news.tags);
    return {
      outs: definedOnly({ ...news, arn: id, trackingId: olds.trackingId, status: olds.status }),
    };
  }

  async delete(id: string, props: EventTrackerOutputs): Promise<void> {
    const client = clientForState(props, id);
    await deleteAndWait(
      `Personalize event tracker "${props.name}"`,
      () => client.send(new DeleteEventTrackerCommand({ eventTrackerArn: id })),
      () => describeEventTracker(client, id),
      this.wait,
    );
  }
}

export interface EventTrackerArgs extends PersonalizeTargetArgs {
  /** Physical name. @default "<resource name>-<stack>" */
  readonly name?: pulumi.Input<string>;
  /** The dataset group whose Interactions dataset receives the events. */
  readonly datasetGroupArn: pulumi.Input<string>;
  /** Tags on the tracker. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const PROVIDER = new EventTrackerProvider();

/** A Personalize event tracker; `trackingId` is what the events Lambda passes to PutEvents. */
export class EventTracker extends pulumi.dynamic.Resource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly trackingId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: EventTrackerArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems(name, "event tracker", [...nameProblems(args.name), ...tagProblems(args.tags)]);
    super(
      PROVIDER,
      name,
      {
        name: args.name ?? personalizeName(name),
        region: args.region,
        assumeRoleArn: args.assumeRoleArn,
        datasetGroupArn: args.datasetGroupArn,
        tags: args.tags,
        arn: undefined,
        trackingId: undefined,
        status: undefined,
      },
      opts,
      "personalize",
      "EventTracker",
    );
  }
}
