import { expect } from "chai";
import { DataLake } from "../../components/data-lake";
import { GLUE_COLUMNS } from "../../events/glue";
import { GIB } from "../../components/shared/workload";
import { MOCK_ACCOUNT_ID, RecordedResource, useMocks } from "../mocks";

const S3 = "aws:s3/";
const T = {
  bucket: `${S3}bucket:Bucket`,
  sse: `${S3}bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`,
  pab: `${S3}bucketPublicAccessBlock:BucketPublicAccessBlock`,
  owner: `${S3}bucketOwnershipControls:BucketOwnershipControls`,
  versioning: `${S3}bucketVersioning:BucketVersioning`,
  policy: `${S3}bucketPolicy:BucketPolicy`,
  lifecycle: `${S3}bucketLifecycleConfiguration:BucketLifecycleConfiguration`,
  logging: `${S3}bucketLogging:BucketLogging`,
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  database: "aws:glue/catalogDatabase:CatalogDatabase",
  table: "aws:glue/catalogTable:CatalogTable",
  catalogEncryption: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
  workgroup: "aws:athena/workgroup:Workgroup",
};

const bucketChildren = (role: string) => [
  `${T.bucket} lake-${role}`,
  `${T.sse} lake-${role}-encryption`,
  `${T.pab} lake-${role}-public-access`,
  `${T.owner} lake-${role}-ownership`,
  `${T.versioning} lake-${role}-versioning`,
  `${T.policy} lake-${role}-policy`,
  `${T.lifecycle} lake-${role}-lifecycle`,
];

const common = [
  `${T.key} lake-key`,
  `${T.alias} lake-key-alias`,
  ...bucketChildren("events"),
  ...bucketChildren("athena-results"),
  ...bucketChildren("artifacts"),
  `${T.catalogEncryption} lake-catalog-encryption`,
  `${T.database} lake-database`,
  `${T.table} lake-events-table`,
  `${T.table} lake-failed-table`,
  `${T.table} lake-users-table`,
  `${T.table} lake-items-table`,
  `${T.workgroup} lake-workgroup`,
];

const KEY_ARN = /^arn:aws:kms:us-east-1:123456789012:key\//;

describe("DataLake", () => {
  const rec = useMocks({ stack: "dev" });

  const build = async (args: ConstructorParameters<typeof DataLake>[1] = {}) => {
    const lake = new DataLake("lake", args);
    await rec.settle();
    const component = rec.one("reco:data-lake:DataLake");
    return { lake, component, children: rec.childrenOf(component.urn) };
  };
  const names = (rs: RecordedResource[]) => rs.map((r) => `${r.type} ${r.name}`).sort();
  const json = (r: RecordedResource, field = "policy") => JSON.parse(r.inputs[field]);
  const lifecycleRules = (role: string) =>
    rec.one(T.lifecycle, `lake-${role}-lifecycle`).inputs.rules;

  it("has exactly the dev children, all parented to the component", async () => {
    const { children } = await build({ tier: "dev" });
    expect(names(children)).to.deep.equal([...common].sort());
  });

  it("adds the access-logs bucket and logs every other bucket into it in prod", async () => {
    const { children } = await build({ tier: "prod" });
    expect(names(children)).to.deep.equal(
      [
        ...common,
        ...bucketChildren("access-logs"),
        `${T.logging} lake-events-logging`,
        `${T.logging} lake-athena-results-logging`,
        `${T.logging} lake-artifacts-logging`,
      ].sort(),
    );
    const events = rec.one(T.logging, "lake-events-logging").inputs;
    expect(events.bucket).to.match(/^lake-events-[0-9a-f]{7}$/);
    expect(events.targetBucket).to.match(/^lake-access-logs-[0-9a-f]{7}$/);
    expect(events.targetPrefix).to.equal("events/");
    expect(events.targetObjectKeyFormat).to.deep.equal({
      partitionedPrefix: { partitionDateSource: "EventTime" },
    });
    const policy = json(rec.one(T.policy, "lake-access-logs-policy"));
    const delivery = policy.Statement.find((s: any) => s.Sid === "AllowS3ServerAccessLogDelivery");
    expect(delivery.Principal).to.deep.equal({ Service: "logging.s3.amazonaws.com" });
    expect(delivery.Action).to.equal("s3:PutObject");
    expect(delivery.Condition.StringEquals).to.deep.equal({ "aws:SourceAccount": MOCK_ACCOUNT_ID });
    expect(delivery.Resource).to.deep.equal(
      ["events", "athena-results", "artifacts"].map(
        (p) => `arn:aws:s3:::${events.targetBucket}/${p}/*`,
      ),
    );
    expect(
      delivery.Condition.ArnLike["aws:SourceArn"].map((a: string) =>
        a.replace(/-[0-9a-f]{7}$/, ""),
      ),
    ).to.deep.equal([
      "arn:aws:s3:::lake-events",
      "arn:aws:s3:::lake-athena-results",
      "arn:aws:s3:::lake-artifacts",
    ]);
    const keyPolicy = json(rec.one(T.key, "lake-key"));
    expect(keyPolicy.Statement.map((s: any) => s.Sid)).to.deep.equal([
      "AccountAdministersAndDelegatesToIam",
      "S3ServerAccessLogDelivery",
      "PersonalizeDecryptExports",
    ]);
  });

  it("writes the lake key policy from the shared account statement, plus log delivery and Personalize", async () => {
    await build({ tier: "prod" });
    expect(json(rec.one(T.key, "lake-key"))).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersAndDelegatesToIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
        {
          Sid: "PersonalizeDecryptExports",
          Effect: "Allow",
          Principal: { Service: "personalize.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:DescribeKey"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
      ],
    });
  });

  it("encrypts every bucket with the lake key, a bucket key, and SSE-C blocked", async () => {
    await build({ tier: "prod" });
    const keyArn = rec.one(T.key, "lake-key");
    const encryptions = rec.ofType(T.sse);
    expect(encryptions).to.have.length(4);
    for (const sse of encryptions) {
      const [rule] = sse.inputs.rules;
      expect(rule.applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
      expect(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId).to.match(KEY_ARN);
      expect(rule.bucketKeyEnabled).to.equal(true);
      expect(rule.blockedEncryptionTypes).to.deep.equal(["SSE-C"]);
    }
    expect(keyArn.inputs.enableKeyRotation).to.equal(true);
    expect(keyArn.inputs.deletionWindowInDays).to.equal(30);
  });

  it("blocks public access, disables ACLs, versions and denies plain HTTP on every bucket", async () => {
    await build({ tier: "dev" });
    for (const pab of rec.ofType(T.pab)) {
      expect(pab.inputs).to.deep.include({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    }
    for (const o of rec.ofType(T.owner)) {
      expect(o.inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    }
    for (const v of rec.ofType(T.versioning)) {
      expect(v.inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
    }
    const policy = json(rec.one(T.policy, "lake-events-policy"));
    const [tls, headers] = policy.Statement;
    expect(tls).to.deep.include({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(tls.Resource).to.have.length(2);
    expect(tls.Resource[1]).to.equal(`${tls.Resource[0]}/*`);
    expect(tls.Resource[0]).to.match(/^arn:aws:s3:::lake-events-/);
    expect(headers).to.deep.include({
      Sid: "DenyNonKmsEncryptionHeaders",
      Effect: "Deny",
      Action: "s3:PutObject",
      Condition: {
        Null: { "s3:x-amz-server-side-encryption": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      },
    });
  });

  it("lets only this account's Personalize list, read and decrypt the personalize/ prefix", async () => {
    await build({ tier: "dev" });
    const events = json(rec.one(T.policy, "lake-events-policy")).Statement;
    const bucketArn = events[0].Resource[0];
    expect(events.slice(2)).to.deep.equal([
      {
        Sid: "PersonalizeListExports",
        Effect: "Allow",
        Principal: { Service: "personalize.amazonaws.com" },
        Action: "s3:ListBucket",
        Resource: bucketArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
          StringLike: { "s3:prefix": ["personalize/", "personalize/*"] },
        },
      },
      {
        Sid: "PersonalizeReadExports",
        Effect: "Allow",
        Principal: { Service: "personalize.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucketArn}/personalize/*`,
        Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
      },
    ]);
    // The other buckets hold nothing Personalize reads.
    expect(json(rec.one(T.policy, "lake-artifacts-policy")).Statement).to.have.length(2);
    const key = json(rec.one(T.key, "lake-key")).Statement;
    expect(key.map((st: any) => st.Sid)).to.deep.equal([
      "AccountAdministersAndDelegatesToIam",
      "PersonalizeDecryptExports",
    ]);
  });

  it("grants Personalize nothing when personalizeAccess is false", async () => {
    await build({ tier: "dev", personalizeAccess: false });
    expect(json(rec.one(T.policy, "lake-events-policy")).Statement).to.have.length(2);
    const key = json(rec.one(T.key, "lake-key")).Statement;
    expect(key.map((st: any) => st.Sid)).to.deep.equal(["AccountAdministersAndDelegatesToIam"]);
  });

  it("moves prod events through the temperature spectrum and keeps failures unarchived", async () => {
    await build({ tier: "prod", workload: { ...prodWorkload, retentionDays: 730 } });
    expect(lifecycleRules("events")).to.deep.equal([
      {
        id: "housekeeping",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
        expiration: { expiredObjectDeleteMarker: true },
      },
      {
        id: "events-temperature",
        status: "Enabled",
        filter: { prefix: "events/" },
        transitions: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER_IR" },
          { days: 180, storageClass: "DEEP_ARCHIVE" },
        ],
        expiration: { days: 730 },
      },
      {
        id: "failed-expiry",
        status: "Enabled",
        filter: { prefix: "failed/" },
        expiration: { days: 730 },
      },
      {
        id: "personalize-exports-expiry",
        status: "Enabled",
        filter: { prefix: "personalize/athena/" },
        expiration: { days: 14 },
      },
      {
        id: "personalize-imports-expiry",
        status: "Enabled",
        filter: { prefix: "personalize/imports/" },
        expiration: { days: 14 },
      },
    ]);
    expect(lifecycleRules("athena-results")[1]).to.deep.equal({
      id: "results-expiry",
      status: "Enabled",
      filter: { prefix: "" },
      expiration: { days: 30 },
    });
    expect(lifecycleRules("access-logs")[1].expiration).to.deep.equal({ days: 365 });
  });

  it("expires dev events within a month with no transition", async () => {
    await build({ tier: "dev" });
    const [housekeeping, events] = lifecycleRules("events");
    expect(housekeeping.noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 1 });
    expect(events).to.deep.equal({
      id: "events-temperature",
      status: "Enabled",
      filter: { prefix: "events/" },
      expiration: { days: 30 },
    });
  });

  it("protects and retains buckets, key and database in prod, and never force-destroys", async () => {
    await build({ tier: "prod" });
    const stateful = [...rec.ofType(T.bucket), rec.one(T.key), rec.one(T.database)];
    expect(stateful).to.have.length(6);
    for (const r of stateful) {
      expect([r.name, r.protect, r.retainOnDelete]).to.deep.equal([r.name, true, true]);
    }
    for (const b of rec.ofType(T.bucket)) expect(b.inputs.forceDestroy).to.equal(false);
    expect(rec.one(T.workgroup).inputs.forceDestroy).to.equal(false);
  });

  it("tears down cleanly in dev: unprotected, force-destroy, 7-day key window", async () => {
    await build({ tier: "dev" });
    for (const b of rec.ofType(T.bucket)) {
      expect([b.name, b.protect, b.retainOnDelete, b.inputs.forceDestroy]).to.deep.equal([
        b.name,
        false,
        false,
        true,
      ]);
    }
    expect(rec.one(T.key).protect).to.equal(false);
    expect(rec.one(T.key).inputs.deletionWindowInDays).to.equal(7);
    expect(rec.one(T.workgroup).inputs.forceDestroy).to.equal(true);
  });

  it("catalogues events as Parquet with the schema's columns and dt partition projection", async () => {
    await build({ tier: "dev" });
    const db = rec.one(T.database).inputs;
    expect(db.name).to.equal("lake_dev");
    const table = rec.one(T.table, "lake-events-table").inputs;
    const bucket = rec.one(T.bucket, "lake-events");
    const location = table.storageDescriptor.location as string;
    expect(location).to.match(/^s3:\/\/lake-events-[0-9a-f]{7}\/events\/$/);
    expect(bucket.name).to.equal("lake-events");
    expect(table.name).to.equal("events");
    expect(table.databaseName).to.equal("lake_dev");
    expect(table.partitionKeys).to.deep.equal([
      { name: "dt", type: "string", comment: "UTC date of event_time, YYYY-MM-DD" },
    ]);
    expect(table.storageDescriptor.columns).to.deep.equal(
      GLUE_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
    );
    expect(table.storageDescriptor.serDeInfo.serializationLibrary).to.equal(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    );
    expect(table.parameters).to.deep.equal({
      "projection.enabled": "true",
      "projection.dt.type": "date",
      "projection.dt.format": "yyyy-MM-dd",
      "projection.dt.range": "2024-01-01,NOW",
      "projection.dt.interval": "1",
      "projection.dt.interval.unit": "DAYS",
      "storage.location.template": `${location}dt=\${dt}/`,
      classification: "parquet",
      "parquet.compression": "SNAPPY",
      EXTERNAL: "TRUE",
    });
  });

  it("catalogues failed records by error type and date, and the Personalize catalogues as CSV", async () => {
    await build({ tier: "dev" });
    const failed = rec.one(T.table, "lake-failed-table").inputs;
    expect(failed.storageDescriptor.location).to.match(/\/failed\/$/);
    expect(failed.storageDescriptor.serDeInfo.serializationLibrary).to.equal(
      "org.openx.data.jsonserde.JsonSerDe",
    );
    expect(failed.partitionKeys.map((k: any) => k.name)).to.deep.equal(["error_type", "dt"]);
    expect(failed.parameters["projection.error_type.values"]).to.equal(
      "processing-failed,format-conversion-failed,partitioning-failed",
    );
    expect(failed.parameters["storage.location.template"]).to.equal(
      `${failed.storageDescriptor.location}\${error_type}/dt=\${dt}/`,
    );
    expect(failed.storageDescriptor.columns.map((c: any) => c.name)).to.include.members([
      "errorcode",
      "rawdata",
      "lasterrorcode",
    ]);
    const users = rec.one(T.table, "lake-users-table").inputs;
    const items = rec.one(T.table, "lake-items-table").inputs;
    expect(users.storageDescriptor.location).to.match(/\/personalize\/users\/$/);
    expect(items.storageDescriptor.location).to.match(/\/personalize\/items\/$/);
    expect(items.parameters["skip.header.line.count"]).to.equal("1");
    expect(items.storageDescriptor.columns.map((c: any) => c.name)).to.deep.equal([
      "item_id",
      "category",
      "price",
      "creation_timestamp",
    ]);
  });

  it("encrypts the Glue catalogue and connection passwords with the lake key, unless opted out", async () => {
    await build({ tier: "dev" });
    const settings = rec.one(T.catalogEncryption).inputs.dataCatalogEncryptionSettings;
    expect(settings.encryptionAtRest.catalogEncryptionMode).to.equal("SSE-KMS");
    expect(settings.encryptionAtRest.sseAwsKmsKeyId).to.match(KEY_ARN);
    expect(settings.connectionPasswordEncryption.returnConnectionPasswordEncrypted).to.equal(true);
    expect(settings.connectionPasswordEncryption.awsKmsKeyId).to.match(KEY_ARN);
    rec.reset();
    await build({ tier: "dev", catalogEncryption: false });
    expect(rec.ofType(T.catalogEncryption)).to.have.length(0);
  });

  it("enforces an engine-v3 workgroup with SSE-KMS results and the derived scan cutoff", async () => {
    const { lake } = await build({ tier: "prod" });
    const config = rec.one(T.workgroup).inputs.configuration;
    const results = rec.one(T.bucket, "lake-athena-results");
    expect(config.enforceWorkgroupConfiguration).to.equal(true);
    expect(config.publishCloudwatchMetricsEnabled).to.equal(true);
    expect(config.engineVersion).to.deep.equal({
      selectedEngineVersion: "Athena engine version 3",
    });
    expect(config.bytesScannedCutoffPerQuery).to.equal(400 * GIB);
    expect(config.resultConfiguration.outputLocation).to.match(
      /^s3:\/\/lake-athena-results-[0-9a-f]{7}\/results\/$/,
    );
    expect(config.resultConfiguration.encryptionConfiguration.encryptionOption).to.equal("SSE_KMS");
    expect(config.resultConfiguration.encryptionConfiguration.kmsKeyArn).to.match(KEY_ARN);
    expect(results.name).to.equal("lake-athena-results");
    expect(lake.settings.athenaScanCutoffBytes).to.equal(400 * GIB);
  });

  it("takes a scan cutoff override", async () => {
    await build({ tier: "prod", athenaScanCutoffBytes: 50 * GIB });
    expect(rec.one(T.workgroup).inputs.configuration.bytesScannedCutoffPerQuery).to.equal(50 * GIB);
  });

  it("hands its LakeRefs and outputs to the components that use the lake", async () => {
    const { component } = await build({ tier: "dev" });
    expect(component.outputs).to.deep.include({
      glueDatabaseName: "lake_dev",
      eventsTableName: "events",
      failedTableName: "failed_records",
      athenaScanCutoffBytes: GIB,
    });
    expect(component.outputs!.bucketName).to.match(/^lake-events-[0-9a-f]{7}$/);
    expect(component.outputs!.accessLogsBucketName).to.equal(undefined);
  });

  it("rejects invalid args before creating anything, listing every problem", async () => {
    expect(
      () =>
        new DataLake("lake", {
          tier: "prod",
          athenaScanCutoffBytes: 5,
          lifecycle: { infrequentAccessAfterDays: 10 },
        }),
    ).to.throw(
      'DataLake "lake" has 2 invalid arguments:\n' +
        "  - lifecycle.infrequentAccessAfterDays is 10; S3 requires at least 30 days in Standard before Standard-IA. Fix: set it to 30 or more.\n" +
        "  - athenaScanCutoffBytes is 5; Athena accepts whole numbers of bytes from 10000000 (10 MB). Fix: omit it to derive it from the workload, or raise it.",
    );
    await rec.settle();
    expect(rec.resources).to.have.length(0);
  });
});

const prodWorkload = {
  avgEventsPerSecond: 500,
  peakEventsPerSecond: 3000,
  avgEventBytes: 600,
  retentionDays: 730,
  queriesPerDay: 500,
};
