/**
 * Entry point the Pulumi CLI runs for `pulumi preview --policy-pack policies`. The only place a
 * PolicyPack is constructed: the constructor starts the analyzer's gRPC server, one per process.
 */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES, PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "./pack";

new PolicyPack(PACK_NAME, {
  description: PACK_DESCRIPTION,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  policies: ALL_POLICIES,
});
