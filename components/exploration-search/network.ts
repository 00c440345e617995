/**
 * The exploration tier's private network: an awsx VPC of private subnets without NAT, the
 * collection's OpenSearch Serverless VPC endpoint (the network policy admits nothing else), and
 * the security groups of that endpoint and of Firehose's network interfaces.
 */
import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { HTTPS_PORT, createPrivateVpc, inboundOnlySecurityGroup } from "../shared/private-network";
import type { ResolvedExplorationArgs } from "./args";

export { HTTPS_PORT };

export interface ExplorationNetwork {
  readonly vpc: awsx.ec2.Vpc;
  readonly endpoint: aws.opensearch.ServerlessVpcEndpoint;
  /** On Firehose's network interfaces: HTTPS to the endpoint, nothing else. */
  readonly deliverySecurityGroup: aws.ec2.SecurityGroup;
}

export function createExplorationNetwork(
  name: string,
  settings: ResolvedExplorationArgs,
  parent: pulumi.Resource,
): ExplorationNetwork {
  const opts = { parent };
  const vpc = createPrivateVpc(
    `${name}-vpc`,
    { cidrBlock: settings.vpcCidr, availabilityZones: settings.availabilityZones },
    parent,
  );
  const inside = [settings.vpcCidr];
  const endpointSecurityGroup = inboundOnlySecurityGroup(
    `${name}-endpoint-sg`,
    {
      vpcId: vpc.vpcId,
      cidrBlock: settings.vpcCidr,
      port: HTTPS_PORT,
      description: "OpenSearch Serverless VPC endpoint: HTTPS from inside the VPC only",
      ruleDescription: "HTTPS from the VPC",
    },
    parent,
  );
  const deliverySecurityGroup = new aws.ec2.SecurityGroup(
    `${name}-delivery-sg`,
    {
      vpcId: vpc.vpcId,
      description: "Firehose delivery to the collection: HTTPS to the VPC endpoint only",
      ingress: [],
      egress: [
        {
          description: "HTTPS to the collection's VPC endpoint",
          protocol: "tcp",
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          cidrBlocks: inside,
        },
      ],
    },
    opts,
  );
  const endpoint = new aws.opensearch.ServerlessVpcEndpoint(
    `${name}-aoss-endpoint`,
    {
      name: `${settings.collectionName}-vpce`.slice(0, 32),
      vpcId: vpc.vpcId,
      subnetIds: vpc.privateSubnetIds,
      securityGroupIds: [endpointSecurityGroup.id],
    },
    opts,
  );
  return { vpc, endpoint, deliverySecurityGroup };
}
