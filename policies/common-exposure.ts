/**
 * The resources platform teams most often add beside the platform's own, each with the mistake
 * that makes it a headline: a security group open to the world, a public or unencrypted database,
 * an unencrypted volume, a secret in a plain parameter, a mutable, unscanned image repository.
 * known-resource-types admits these types because these policies review them.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

const WORLD = ["0.0.0.0/0", "::/0"];
/** Ports a public load balancer or API may open to the world; anything else must be narrowed. */
const PUBLIC_PORTS = [443];

interface Ingress {
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly protocol?: string;
  readonly cidrBlocks?: string[];
  readonly ipv6CidrBlocks?: string[];
}

function openToWorld(rule: Ingress): string | undefined {
  const open = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].find((c) =>
    WORLD.includes(c),
  );
  if (!open) return undefined;
  const allPorts = rule.protocol === "-1" || rule.protocol === "all";
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  if (!allPorts && from === to && PUBLIC_PORTS.includes(from)) return undefined;
  return `${open} on ${allPorts ? "every port" : from === to ? `port ${from}` : `ports ${from}-${to}`}`;
}

const openMessage = (where: string, what: string) =>
  `${where} admits ${what}; the whole internet can reach whatever listens there (only ${PUBLIC_PORTS.join(", ")} may be open to the world). Narrow the source to a CIDR, a prefix list or a security group.`;

export const securityGroupNoOpenIngress: ResourceValidationPolicy = {
  name: "security-group-no-open-ingress",
  description:
    "Checks whether security groups admit traffic from 0.0.0.0/0 or ::/0 only on port 443.",
  validateResource: [
    validateResourceOfType(aws.ec2.SecurityGroup, (group, _args, report) => {
      (group.ingress ?? []).forEach((rule, i) => {
        const what = openToWorld(rule as Ingress);
        if (what) report(openMessage(`ingress[${i}]`, what));
      });
    }),
    validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, _args, report) => {
      const what = rule.type === "ingress" ? openToWorld(rule as Ingress) : undefined;
      if (what) report(openMessage("this ingress rule", what));
    }),
    validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, _args, report) => {
      const what = openToWorld({
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        protocol: rule.ipProtocol,
        cidrBlocks: rule.cidrIpv4 ? [rule.cidrIpv4] : [],
        ipv6CidrBlocks: rule.cidrIpv6 ? [rule.cidrIpv6] : [],
      });
      if (what) report(openMessage("this ingress rule", what));
    }),
  ],
};

export const rdsInstancePrivateEncrypted: ResourceValidationPolicy = {
  name: "rds-instance-private-encrypted",
  description:
    "Checks whether RDS instances are private, encrypted with KMS, protected from deletion and backed up.",
  validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
    if (db.publiclyAccessible === true) {
      report("publiclyAccessible is true; keep the database in private subnets and set it false.");
    }
    if (db.storageEncrypted !== true) {
      report("storageEncrypted is not true; encrypt the storage with a customer-managed kmsKeyId.");
    }
    if (db.deletionProtection !== true) {
      report(
        "deletionProtection is not true; set it so a destroy or replacement cannot drop the database.",
      );
    }
    if ((db.backupRetentionPeriod ?? 1) < 7) {
      report(`backupRetentionPeriod is ${db.backupRetentionPeriod ?? 1} days; keep at least 7.`);
    }
  }),
};

export const ebsVolumeEncrypted: ResourceValidationPolicy = {
  name: "ebs-volume-encrypted",
  description: "Checks whether EBS volumes are encrypted.",
  validateResource: validateResourceOfType(aws.ebs.Volume, (volume, _args, report) => {
    if (volume.encrypted !== true) {
      report("encrypted is not true; set it with a customer-managed kmsKeyId.");
    }
  }),
};

/** Parameter names that say "secret" (db/password, api-key, token…). */
const SECRET_PARAMETER = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential)/i;

export const ssmSecureParameters: ResourceValidationPolicy = {
  name: "ssm-secure-parameters",
  description:
    "Checks whether SSM parameters whose names say they hold secrets are SecureString parameters.",
  validateResource: validateResourceOfType(aws.ssm.Parameter, (parameter, args, report) => {
    const name = String(parameter.name ?? args.name);
    if (parameter.type !== "SecureString" && SECRET_PARAMETER.test(name)) {
      report(
        `parameter ${JSON.stringify(name)} looks like a secret but its type is ${JSON.stringify(parameter.type)}, stored and shown in plaintext; make it a SecureString with a customer-managed keyId.`,
      );
    }
  }),
};

export const ecrRepositorySafe: ResourceValidationPolicy = {
  name: "ecr-repository-safe",
  description:
    "Checks whether ECR repositories keep image tags immutable, scan images on push and encrypt with KMS.",
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, _args, report) => {
    if (repo.imageTagMutability !== "IMMUTABLE") {
      report(
        `imageTagMutability is ${JSON.stringify(repo.imageTagMutability ?? "MUTABLE")}; set "IMMUTABLE" so a tag cannot be re-pointed at another image.`,
      );
    }
    if (repo.imageScanningConfiguration?.scanOnPush !== true) {
      report(
        "imageScanningConfiguration.scanOnPush is not true; scan every image as it is pushed.",
      );
    }
    const encryption = repo.encryptionConfigurations?.[0];
    if (encryption?.encryptionType !== "KMS" || !encryption.kmsKey) {
      report(
        'encryptionConfigurations must be [{ encryptionType: "KMS", kmsKey }] with a customer-managed key.',
      );
    }
  }),
};

export const commonExposurePolicies = [
  securityGroupNoOpenIngress,
  rdsInstancePrivateEncrypted,
  ebsVolumeEncrypted,
  ssmSecureParameters,
  ecrRepositorySafe,
];
