/**
 * The private network pieces the optional stores share (KafkaStore, ExplorationSearch): an awsx
 * VPC of private subnets only, without NAT (a NAT bills ~$33 a month per zone plus per GB and
 * nothing here needs the internet), and security groups that admit one port from inside the VPC
 * and open nothing outward.
 */
import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";

export const HTTPS_PORT = 443;

export interface PrivateVpcArgs {
  readonly cidrBlock: string;
  readonly availabilityZones: number;
}

/** Private subnets in each zone, no public subnet, no NAT gateway, DNS on (endpoints need it). */
export function createPrivateVpc(
  name: string,
  args: PrivateVpcArgs,
  parent: pulumi.Resource,
): awsx.ec2.Vpc {
  // Loaded here, not on import: awsx (about 100 modules, ~75 ms) is needed only by the stacks
  // that build a private network, and every stack's program imports this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ec2 } = require("@pulumi/awsx") as typeof awsx;
  return new ec2.Vpc(
    name,
    {
      cidrBlock: args.cidrBlock,
      numberOfAvailabilityZones: args.availabilityZones,
      subnetStrategy: "Auto",
      subnetSpecs: [{ type: ec2.SubnetType.Private }],
      natGateways: { strategy: ec2.NatGatewayStrategy.None },
      enableDnsHostnames: true,
      enableDnsSupport: true,
    },
    { parent },
  );
}

export interface InboundOnlyArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's range: the only source admitted. */
  readonly cidrBlock: string;
  readonly port: number;
  readonly description: string;
  readonly ruleDescription: string;
}

/** One TCP port from inside the VPC; no egress (the service answers, it opens no connection). */
export function inboundOnlySecurityGroup(
  name: string,
  args: InboundOnlyArgs,
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(
    name,
    {
      vpcId: args.vpcId,
      description: args.description,
      ingress: [
        {
          description: args.ruleDescription,
          protocol: "tcp",
          fromPort: args.port,
          toPort: args.port,
          cidrBlocks: [args.cidrBlock],
        },
      ],
      egress: [],
    },
    { parent },
  );
}
