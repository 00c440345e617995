/**
 * Personalize event tracker: the endpoint PutEvents writes real-time interactions to, identified by
 * its tracking id. Only its tags can change in place.
 */
import {
  CreateEventTrackerCommand,
  DeleteEventTrackerCommand,
  DescribeEventTrackerCommand,
  EventTracker as EventTrackerDescription,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import type { ProviderTarget } from "./client";
import type { DiffSpec } from "./diff";
import { apiTags, present } from "./lifecycle";
import { PersonalizeKind, PersonalizeResourceProvider } from "./resource-provider";
import {
  PersonalizeResource,
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
  tagProblems,
} from "./resource-args";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";
import { sourceOnlyProvider } from "../shared/source-only-provider";

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

export const EVENT_TRACKER_KIND: PersonalizeKind<
  EventTrackerInputs,
  EventTrackerOutputs,
  EventTrackerDescription
> = {
  kind: "event tracker",
  diff: EVENT_TRACKER_DIFF,
  tagged: true,
  asynchronous: true,
  async create(client, inputs) {
    const created = await client.send(
      new CreateEventTrackerCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        tags: apiTags(inputs.tags),
      }),
    );
    return {
      arn: present(created.eventTrackerArn, "eventTrackerArn from CreateEventTracker"),
      // Only CreateEventTracker is sure to return it; it is recorded even if creation then fails.
      computed: { trackingId: present(created.trackingId, "trackingId from CreateEventTracker") },
    };
  },
  async describe(client, eventTrackerArn) {
    const { eventTracker } = await client.send(
      new DescribeEventTrackerCommand({ eventTrackerArn }),
    );
    return present(eventTracker, `event tracker for ${eventTrackerArn}`);
  },
  refresh: (found, props) => ({
    datasetGroupArn: found.datasetGroupArn ?? props.datasetGroupArn,
    trackingId: found.trackingId ?? props.trackingId,
  }),
  remove: (client, eventTrackerArn) =>
    client.send(new DeleteEventTrackerCommand({ eventTrackerArn })),
  keepOnUpdate: ["trackingId", "status"],
};

export class EventTrackerProvider extends PersonalizeResourceProvider<
  EventTrackerInputs,
  EventTrackerOutputs,
  EventTrackerDescription
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(EVENT_TRACKER_KIND, wait);
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

const PROVIDER = sourceOnlyProvider(new EventTrackerProvider(), __filename);

/** A Personalize event tracker; `trackingId` is what the events Lambda passes to PutEvents. */
export class EventTracker extends PersonalizeResource {
  declare readonly trackingId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: EventTrackerArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems("Personalize event tracker", name, [
      ...nameProblems(args.name),
      ...tagProblems(args.tags),
    ]);
    super(
      PROVIDER,
      "EventTracker",
      name,
      { ...args, name: args.name ?? personalizeName(name) },
      { datasetGroupArn: args.datasetGroupArn, tags: args.tags },
      ["trackingId", "status"],
      opts,
    );
  }
}
