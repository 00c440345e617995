/**
 * ExplorationSearch: the optional tier where recent events are searched and explored — an
 * OpenSearch Serverless TIMESERIES collection encrypted with a customer key, reachable only
 * through its VPC endpoint, fed from the stream by Firehose, deleting events after a short
 * retention, with a dashboards index pattern for recent events shipped beside it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { statefulOpts } from "../shared/logs";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import {
  dataAccessPolicy,
  encryptionPolicy,
  networkPolicy,
  retentionPolicy,
} from "./access-policies";
import {
  EVENTS_INDEX,
  ExplorationSearchArgs,
  ResolvedExplorationArgs,
  resolveExplorationArgs,
} from "./args";
import { createExplorationDelivery } from "./delivery";
import { createExplorationNetwork } from "./network";

export const EXPLORATION_SEARCH_TYPE = "reco:exploration-search:ExplorationSearch";

export class ExplorationSearch extends pulumi.ComponentResource {
  /** The settings the component was built with, defaults applied. */
  readonly settings: ResolvedExplorationArgs;
  readonly collectionArn: pulumi.Output<string>;
  readonly collectionEndpoint: pulumi.Output<string>;
  /** Reached through the VPC endpoint (the network policy admits nothing else). */
  readonly dashboardEndpoint: pulumi.Output<string>;
  readonly indexName: string;
  readonly deliveryStreamName: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly vpcEndpointId: pulumi.Output<string>;

  constructor(name: string, args: ExplorationSearchArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveExplorationArgs(name, args);
    super(EXPLORATION_SEARCH_TYPE, name, {}, opts);
    this.settings = settings;
    const parent = this;
    const ctx = accountContext(parent);
    const collection = settings.collectionName;
    const stateful = statefulOpts(parent, settings.protectData);

    this.kmsKeyArn = ownOrSharedKeyArn(
      args.sharedKmsKeyArn,
      () =>
        createKmsKey(
          `${name}-key`,
          {
            description: `Encrypts the ${collection} collection and its delivery logs`,
            deletionWindowInDays: settings.tier === "prod" ? 30 : 7,
            // OpenSearch Serverless uses the key through grants its caller's IAM policy allows.
            policy: keyPolicy(ctx, cloudWatchLogsUseKey(ctx)),
          },
          stateful,
        ).key,
    );
    const encryption = new aws.opensearch.ServerlessSecurityPolicy(
      `${name}-encryption`,
      {
        name: `${collection}-enc`,
        type: "encryption",
        description: "The collection is encrypted with the tier's customer key",
        policy: this.kmsKeyArn.apply((arn) => JSON.stringify(encryptionPolicy(collection, arn))),
      },
      { parent },
    );
    const network = createExplorationNetwork(name, settings, parent);
    this.vpcEndpointId = network.endpoint.id;
    const access = new aws.opensearch.ServerlessSecurityPolicy(
      `${name}-network`,
      {
        name: `${collection}-net`,
        type: "network",
        description: "No public access: the collection and dashboards through the VPC endpoint",
        policy: network.endpoint.id.apply((id) => JSON.stringify(networkPolicy(collection, id))),
      },
      { parent },
    );
    const store = new aws.opensearch.ServerlessCollection(
      `${name}-collection`,
      {
        name: collection,
        type: "TIMESERIES",
        description: "Recent behaviour events for search and exploration",
        standbyReplicas: settings.standbyReplicas ? "ENABLED" : "DISABLED",
      },
      // A collection is refused until an encryption policy covers its name.
      { ...stateful, dependsOn: [encryption, access] },
    );
    this.collectionArn = store.arn;
    this.collectionEndpoint = store.collectionEndpoint;
    this.dashboardEndpoint = store.dashboardEndpoint;
    this.indexName = EVENTS_INDEX;
    new aws.opensearch.ServerlessLifecyclePolicy(
      `${name}-retention`,
      {
        name: `${collection}-ret`,
        type: "retention",
        description: `Deletes indexed events after ${settings.retentionDays} days`,
        policy: JSON.stringify(retentionPolicy(collection, settings.retentionDays)),
      },
      { parent, dependsOn: [store] },
    );

    const delivery = createExplorationDelivery(
      `${name}-delivery`,
      {
        stream: args.stream,
        lake: args.lake,
        collectionArn: store.arn,
        collectionEndpoint: store.collectionEndpoint,
        vpcId: network.vpc.vpcId,
        subnetIds: network.vpc.privateSubnetIds,
        securityGroupId: network.deliverySecurityGroup.id,
        logsKeyArn: this.kmsKeyArn,
      },
      settings,
      ctx,
      parent,
    );
    this.deliveryStreamName = delivery.deliveryStream.name;
    new aws.opensearch.ServerlessAccessPolicy(
      `${name}-data-access`,
      {
        name: `${collection}-data`,
        type: "data",
        description: "Firehose writes events; the named readers search them",
        policy: delivery.role.arn.apply((arn) =>
          JSON.stringify(dataAccessPolicy(collection, arn, settings.readerRoleArns)),
        ),
      },
      { parent },
    );

    this.registerOutputs({
      collectionArn: this.collectionArn,
      collectionEndpoint: this.collectionEndpoint,
      dashboardEndpoint: this.dashboardEndpoint,
      indexName: this.indexName,
      deliveryStreamName: this.deliveryStreamName,
      retentionDays: settings.retentionDays,
    });
  }
}
