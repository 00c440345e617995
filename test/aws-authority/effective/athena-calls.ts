/**
 * What one Athena query costs its caller in permissions. Athena reads the catalogue and the data,
 * and writes results, with the caller's credentials: Glue on the catalogue, database and table
 * (Glue authorises all three), S3 and KMS on the tables' locations and on the workgroup's result
 * location. The tables come from the SQL itself.
 */
import { Call, call, listCalls, objectCalls } from "./calls";
import { PlanIndex, parseS3Uri } from "./plan-index";

interface TableRef {
  readonly database: string;
  readonly table: string;
}

/** `"db"."table"` references in SQL, and the one an `INSERT INTO` writes. */
export function tablesOfSql(sql: string): { reads: TableRef[]; writes: TableRef[] } {
  const refs = new Map<string, TableRef>();
  for (const m of sql.matchAll(/\\?"(\w+)\\?"\.\\?"(\w+)\\?"/g)) {
    refs.set(`${m[1]}.${m[2]}`, { database: m[1], table: m[2] });
  }
  const insert = /INSERT\s+INTO\s+\\?"(\w+)\\?"\.\\?"(\w+)\\?"/i.exec(sql);
  const written = insert ? `${insert[1]}.${insert[2]}` : undefined;
  return {
    reads: [...refs].filter(([k]) => k !== written).map(([, v]) => v),
    writes: written ? [refs.get(written)!] : [],
  };
}

function workgroupOf(ix: PlanIndex, name: string) {
  const wg = ix.find(name, "aws:athena/workgroup:Workgroup");
  return {
    arn: wg ? ix.arnOf(wg) : ix.arn("athena", `workgroup/${name}`),
    output: wg?.inputs.configuration?.resultConfiguration?.outputLocation as string | undefined,
  };
}

function glueCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  ref: TableRef,
  actions: string[],
): Call[] {
  const table = ix.glueTable(ref.database, ref.table);
  if (!table)
    throw new Error(
      `${origin}: the query uses ${ref.database}.${ref.table}, which the plan does not catalogue`,
    );
  const arns = [ix.arn("glue", "catalog"), ix.arn("glue", `database/${ref.database}`), table.arn];
  // A database-level action is authorised on the catalogue and the database, not on tables.
  return actions.flatMap((action) =>
    (action === "glue:GetDatabase" ? arns.slice(0, 2) : arns).map((arn) =>
      call(principal, action, arn, origin),
    ),
  );
}

function locationOf(ix: PlanIndex, ref: TableRef) {
  return parseS3Uri(ix.glueTable(ref.database, ref.table)!.location);
}

/** A query started by a state machine (`athena:startQueryExecution`, `.sync` or not). */
export function athenaQueryCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  params: Record<string, unknown>,
  definitionText: string,
): Call[] {
  const workgroup = workgroupOf(ix, String(params.WorkGroup ?? "primary"));
  // A query computed at run time can only use what the definition mentions.
  const sql = typeof params.QueryString === "string" ? params.QueryString : definitionText;
  const { reads, writes } = tablesOfSql(sql);
  const calls: Call[] = [
    ...["StartQueryExecution", "GetQueryExecution", "StopQueryExecution"].map((a) =>
      call(principal, `athena:${a}`, workgroup.arn, origin),
    ),
  ];
  for (const ref of reads) {
    calls.push(
      ...glueCalls(ix, principal, origin, ref, [
        "glue:GetDatabase",
        "glue:GetTable",
        "glue:GetPartitions",
      ]),
    );
    const { bucket, prefix } = locationOf(ix, ref);
    calls.push(...listCalls(principal, origin, bucket, prefix));
    calls.push(
      ...objectCalls(
        ix,
        principal,
        origin,
        bucket,
        `${prefix}dt=2026-12-01/part-0.parquet`,
        "read",
      ),
    );
  }
  for (const ref of writes) {
    calls.push(
      ...glueCalls(ix, principal, origin, ref, ["glue:GetTable", "glue:BatchCreatePartition"]),
    );
    const { bucket, prefix } = locationOf(ix, ref);
    calls.push(
      ...objectCalls(
        ix,
        principal,
        origin,
        bucket,
        `${prefix}dt=2026-12-01/part-0.parquet`,
        "multipart-write",
      ),
    );
  }
  if (!workgroup.output) throw new Error(`${origin}: workgroup has no enforced result location`);
  const results = parseS3Uri(workgroup.output);
  calls.push(call(principal, "s3:GetBucketLocation", `arn:aws:s3:::${results.bucket}`, origin));
  calls.push(
    ...objectCalls(
      ix,
      principal,
      origin,
      results.bucket,
      `${results.prefix}0123.csv`,
      "multipart-write",
    ),
  );
  return calls;
}

/** `GetQueryResults`: Athena reads the result object with the caller's credentials. */
export function athenaResultReadCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  workgroups: readonly string[],
): Call[] {
  return [...new Set(workgroups)].flatMap((name) => {
    const workgroup = workgroupOf(ix, name);
    const results = parseS3Uri(workgroup.output!);
    return [
      call(principal, "athena:GetQueryResults", workgroup.arn, origin),
      ...objectCalls(ix, principal, origin, results.bucket, `${results.prefix}0123.csv`, "read"),
    ];
  });
}
