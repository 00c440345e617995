import { expect } from "chai";
import {
  PUT_RECORDS_LIMITS,
  backoffDelay,
  batchLength,
  isRetryableCallError,
  isRetryableEntryError,
  recordBytes,
} from "../../../components/stream-ingestion/producer";

const MIB = 1024 * 1024;

describe("producer: PutRecords limits, backoff and retry rules", () => {
  it("keeps the Kinesis quotas", () => {
    expect(PUT_RECORDS_LIMITS).to.deep.equal({
      maxRecordsPerCall: 500,
      maxBytesPerCall: 5 * MIB,
      maxBytesPerRecord: MIB,
    });
  });

  it("caps a batch at 500 records", () => {
    expect(batchLength(new Array(1200).fill(300))).to.equal(500);
    expect(batchLength(new Array(499).fill(300))).to.equal(499);
    expect(batchLength([])).to.equal(0);
  });

  it("caps a batch at 5 MiB of data and partition keys", () => {
    expect(batchLength([MIB, MIB, MIB, MIB, MIB, 1])).to.equal(5);
    expect(batchLength([MIB, MIB, MIB, MIB, MIB - 1, 1, 1])).to.equal(6);
    expect(batchLength([3 * MIB, 3 * MIB])).to.equal(1);
  });

  it("counts data plus the partition key's UTF-8 bytes against the 1 MiB record limit", () => {
    const key = "u-é"; // 4 bytes in UTF-8, 3 characters
    expect(recordBytes("e-1", new Uint8Array(MIB - 4), key)).to.equal(MIB);
    expect(() => recordBytes("e-1", new Uint8Array(MIB - 3), key)).to.throw(
      RangeError,
      "event e-1 is 1048577 bytes as a Kinesis record (data + partition key); " +
        "the limit is 1048576 bytes: shorten page or the ids",
    );
  });

  it("draws full-jitter delays below an exponentially growing, capped ceiling", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 100, 5000, top))).to.deep.equal([
      99, 199, 399, 799,
    ]);
    expect(backoffDelay(12, 100, 5000, top)).to.equal(4999);
    expect(backoffDelay(5, 100, 5000, () => 0)).to.equal(0);
    expect(backoffDelay(3, 100, 5000, () => 0.5)).to.equal(200);
  });

  it("retries throttled and internally failed entries only", () => {
    expect(isRetryableEntryError("ProvisionedThroughputExceededException")).to.equal(true);
    expect(isRetryableEntryError("InternalFailure")).to.equal(true);
    expect(isRetryableEntryError("KMSAccessDeniedException")).to.equal(false);
  });

  it("retries throttling, server and network errors of a whole call, not configuration errors", () => {
    const retryable = [
      { name: "ProvisionedThroughputExceededException" },
      { name: "KMSThrottlingException" },
      { name: "LimitExceededException" },
      { name: "SomethingNew", $metadata: { httpStatusCode: 503 } },
      { name: "Error", code: "ECONNRESET" },
      { name: "SomethingNew", $retryable: {} },
    ];
    const final = [
      { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } },
      { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } },
      { name: "KMSDisabledException", $metadata: { httpStatusCode: 400 } },
      { name: "ValidationException", $metadata: { httpStatusCode: 400 } },
      "a string",
      null,
    ];
    expect(retryable.map(isRetryableCallError)).to.deep.equal(retryable.map(() => true));
    expect(final.map(isRetryableCallError)).to.deep.equal(final.map(() => false));
  });
});
