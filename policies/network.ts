/**
 * The MSK store and its network: Kafka clusters authenticate with IAM over TLS, VPC endpoints are
 * reachable only through the subnets, security groups and route tables they name, and an awsx VPC
 * has no public subnets or NAT gateways unless a stack's config allows them. (Open ingress is
 * security-group-no-open-ingress's.)
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

export const AWSX_VPC_TYPE = "awsx:ec2:Vpc";

export const mskClusterIamTls: ResourceValidationPolicy = {
  name: "msk-cluster-iam-tls",
  description:
    "Checks whether MSK clusters authenticate clients with IAM and encrypt every connection with TLS (and, provisioned, at rest with a customer key).",
  validateResource: [
    validateResourceOfType(aws.msk.ServerlessCluster, (cluster, _args, report) => {
      if (cluster.clientAuthentication?.sasl?.iam?.enabled !== true) {
        report(
          "clientAuthentication.sasl.iam.enabled must be true: IAM is the only authentication MSK Serverless offers, and without it no client can connect.",
        );
      }
    }),
    validateResourceOfType(aws.msk.Cluster, (cluster, _args, report) => {
      const auth = cluster.clientAuthentication;
      if (auth?.sasl?.iam !== true) {
        report("clientAuthentication.sasl.iam must be true: clients authenticate with IAM.");
      }
      if (auth?.unauthenticated === true) {
        report("clientAuthentication.unauthenticated must not be true.");
      }
      const transit = cluster.encryptionInfo?.encryptionInTransit;
      if ((transit?.clientBroker ?? "TLS") !== "TLS" || transit?.inCluster === false) {
        report(
          'encryptionInfo.encryptionInTransit must keep clientBroker "TLS" and inCluster true: no plaintext listener.',
        );
      }
      if (!cluster.encryptionInfo?.encryptionAtRestKmsKeyArn) {
        report("encryptionInfo.encryptionAtRestKmsKeyArn must name a customer-managed KMS key.");
      }
    }),
  ],
};

export const vpcEndpointPrivate: ResourceValidationPolicy = {
  name: "vpc-endpoint-private",
  description:
    "Checks whether interface VPC endpoints name their subnets and a security group of their own, and gateway endpoints their route tables.",
  validateResource: validateResourceOfType(aws.ec2.VpcEndpoint, (endpoint, _args, report) => {
    const type = endpoint.vpcEndpointType ?? "Gateway";
    if (type === "Interface") {
      if (!endpoint.securityGroupIds || endpoint.securityGroupIds.length === 0) {
        report(
          "securityGroupIds is empty: an interface endpoint without one gets the VPC's default security group, which admits everything that shares it. Attach a group admitting 443 from inside the VPC.",
        );
      }
      if (!endpoint.subnetIds || endpoint.subnetIds.length === 0) {
        report("subnetIds is empty: name the private subnets the endpoint serves.");
      }
    } else if (
      type === "Gateway" &&
      (!endpoint.routeTableIds || endpoint.routeTableIds.length === 0)
    ) {
      report(
        "routeTableIds is empty: a gateway endpoint routes only for the route tables it names.",
      );
    }
  }),
};

interface AwsxVpcInputs {
  readonly subnetSpecs?: readonly { readonly type?: string }[];
  readonly natGateways?: { readonly strategy?: string };
}

export const vpcPrivateOnly: ResourceValidationPolicy = {
  name: "vpc-private-only",
  description:
    "Checks whether awsx VPCs have only private or isolated subnets and no NAT gateway (VPC endpoints instead), unless the stack allows them.",
  configSchema: {
    properties: {
      allowPublicSubnets: { type: "boolean", default: false },
      allowNatGateways: { type: "boolean", default: false },
    },
  },
  validateResource: (args, report) => {
    if (args.type === "aws:ec2/subnet:Subnet") {
      const { allowPublicSubnets } = args.getConfig<{ allowPublicSubnets: boolean }>();
      if (!allowPublicSubnets && args.props.mapPublicIpOnLaunch === true) {
        report(
          "mapPublicIpOnLaunch is true: instances launched here get a public address. Set it false, or allow public subnets in vpc-private-only.allowPublicSubnets.",
        );
      }
      return;
    }
    if (args.type !== AWSX_VPC_TYPE) return;
    const { allowPublicSubnets, allowNatGateways } = args.getConfig<{
      allowPublicSubnets: boolean;
      allowNatGateways: boolean;
    }>();
    const vpc = args.props as AwsxVpcInputs;
    // awsx's default layout is a public and a private subnet per zone with a NAT gateway each.
    const types = vpc.subnetSpecs?.map((s) => s.type ?? "") ?? ["Public", "Private"];
    if (!allowPublicSubnets && types.some((t) => t !== "Private" && t !== "Isolated")) {
      report(
        `subnetSpecs has ${JSON.stringify(types)}; only Private or Isolated subnets are allowed, so nothing in the VPC is reachable from the internet. Set subnetSpecs: [{ type: "Private" }], or allow public subnets in vpc-private-only.allowPublicSubnets.`,
      );
    }
    const nat = vpc.natGateways?.strategy ?? "OnePerAz";
    if (!allowNatGateways && nat !== "None") {
      report(
        `natGateways.strategy is "${nat}"; a NAT gateway bills per hour and per GB in every zone. Set natGateways: { strategy: "None" } and reach AWS services through VPC endpoints, or allow NAT in vpc-private-only.allowNatGateways.`,
      );
    }
  },
};

export const networkPolicies = [mskClusterIamTls, vpcEndpointPrivate, vpcPrivateOnly];
