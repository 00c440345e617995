/**
 * The private network the cluster lives in: an awsx VPC with private subnets only and no NAT
 * gateway (a NAT bills ~$33 a month per zone plus per GB; nothing here needs the internet), the
 * AWS services its clients call reached through VPC endpoints instead, and security groups that
 * admit Kafka's IAM port and HTTPS from inside the VPC alone.
 */
import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { HTTPS_PORT, createPrivateVpc, inboundOnlySecurityGroup } from "../shared/private-network";
import type { ResolvedKafkaStoreArgs } from "./args";

/** MSK's port for SASL/IAM over TLS: the only listener an IAM-authenticated client uses. */
export const KAFKA_IAM_PORT = 9098;
export { HTTPS_PORT };
/**
 * Gateway endpoints (free, routed by prefix list): S3 for the Flink engine's artifacts and
 * DynamoDB for the real-time view it writes.
 */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
/**
 * Interface endpoints (billed per zone-hour and per GB): STS, so a client inside the VPC can
 * assume the producer role whose credentials sign the IAM handshake. CloudWatch Logs, KMS and
 * the rest are called by the managed services themselves, outside this VPC.
 */
export const INTERFACE_ENDPOINT_SERVICES = ["sts"] as const;

export interface KafkaNetwork {
  readonly vpc: awsx.ec2.Vpc;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** On the cluster: admits 9098 from the VPC's range only. */
  readonly clusterSecurityGroup: aws.ec2.SecurityGroup;
  /** For the cluster's clients inside the VPC (the Flink engine, producers): egress to 9098 and the endpoints. */
  readonly clientSecurityGroup: aws.ec2.SecurityGroup;
  readonly endpoints: aws.ec2.VpcEndpoint[];
}

export function createNetwork(
  name: string,
  settings: ResolvedKafkaStoreArgs,
  region: pulumi.Input<string>,
  parent: pulumi.Resource,
): KafkaNetwork {
  const opts = { parent };
  const vpc = createPrivateVpc(
    `${name}-vpc`,
    { cidrBlock: settings.vpcCidr, availabilityZones: settings.availabilityZones },
    parent,
  );
  const inside = [settings.vpcCidr];
  const clusterSecurityGroup = inboundOnlySecurityGroup(
    `${name}-cluster-sg`,
    {
      vpcId: vpc.vpcId,
      cidrBlock: settings.vpcCidr,
      port: KAFKA_IAM_PORT,
      description: "MSK Serverless brokers: Kafka over SASL/IAM and TLS from inside the VPC only",
      ruleDescription: "Kafka SASL/IAM over TLS from the VPC",
    },
    parent,
  );
  const endpointSecurityGroup = inboundOnlySecurityGroup(
    `${name}-endpoint-sg`,
    {
      vpcId: vpc.vpcId,
      cidrBlock: settings.vpcCidr,
      port: HTTPS_PORT,
      description: "Interface VPC endpoints: HTTPS from inside the VPC only",
      ruleDescription: "HTTPS from the VPC",
    },
    parent,
  );
  const routeTableIds = aws.ec2
    .getRouteTablesOutput(
      {
        vpcId: vpc.vpcId,
        filters: [{ name: "association.subnet-id", values: vpc.privateSubnetIds }],
      },
      { parent },
    )
    .apply((tables) => tables.ids);
  const gateways = GATEWAY_ENDPOINT_SERVICES.map(
    (service) =>
      new aws.ec2.VpcEndpoint(
        `${name}-${service}-endpoint`,
        {
          vpcId: vpc.vpcId,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds,
        },
        opts,
      ),
  );
  const interfaces = INTERFACE_ENDPOINT_SERVICES.map(
    (service) =>
      new aws.ec2.VpcEndpoint(
        `${name}-${service}-endpoint`,
        {
          vpcId: vpc.vpcId,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Interface",
          subnetIds: vpc.privateSubnetIds,
          securityGroupIds: [endpointSecurityGroup.id],
          // The service's public name resolves to the endpoint inside the VPC: SDKs need no config.
          privateDnsEnabled: true,
        },
        opts,
      ),
  );
  const prefixListIds = gateways.map((g) => g.prefixListId);
  const clientSecurityGroup = new aws.ec2.SecurityGroup(
    `${name}-client-sg`,
    {
      vpcId: vpc.vpcId,
      description:
        "Clients of the MSK cluster: Kafka, the interface endpoints and S3/DynamoDB only",
      ingress: [],
      egress: [
        {
          description: "Kafka SASL/IAM over TLS to the brokers",
          protocol: "tcp",
          fromPort: KAFKA_IAM_PORT,
          toPort: KAFKA_IAM_PORT,
          cidrBlocks: inside,
        },
        {
          description: "HTTPS to the interface endpoints",
          protocol: "tcp",
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          cidrBlocks: inside,
        },
        {
          description: "HTTPS to S3 and DynamoDB through the gateway endpoints",
          protocol: "tcp",
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          prefixListIds,
        },
      ],
    },
    opts,
  );
  return {
    vpc,
    vpcId: vpc.vpcId,
    privateSubnetIds: vpc.privateSubnetIds,
    clusterSecurityGroup,
    clientSecurityGroup,
    endpoints: [...gateways, ...interfaces],
  };
}
