import { expect } from "chai";
import {
  INTERACTION_COLUMNS,
  assertValidSchema,
  interactionsSchema,
  itemsSchema,
  usersSchema,
  validateSchema,
} from "../../components/personalize-providers";

const base = interactionsSchema();
const withFields = (fields: unknown[]) => ({ ...base, fields });
const without = (name: string) => withFields(base.fields.filter((f) => f.name !== name));

describe("Personalize schema builders and validator", () => {
  it("builds valid schemas for the three dataset types", () => {
    expect(validateSchema("Interactions", interactionsSchema())).to.deep.equal([]);
    expect(validateSchema("Interactions", interactionsSchema(), "ECOMMERCE")).to.deep.equal([]);
    expect(validateSchema("Users", usersSchema())).to.deep.equal([]);
    expect(validateSchema("Items", itemsSchema())).to.deep.equal([]);
  });

  it("derives the interactions columns from the behaviour-log fields", () => {
    expect(interactionsSchema().fields).to.deep.equal([
      { name: "USER_ID", type: "string" },
      { name: "ITEM_ID", type: "string" },
      { name: "TIMESTAMP", type: "long" },
      { name: "EVENT_TYPE", type: "string" },
      { name: "EVENT_VALUE", type: ["null", "float"] },
      { name: "IMPRESSION", type: ["null", "string"] },
      { name: "RECOMMENDATION_ID", type: ["null", "string"] },
      { name: "CHANNEL", type: ["null", "string"], categorical: true },
      { name: "DEVICE", type: ["null", "string"], categorical: true },
    ]);
    expect(INTERACTION_COLUMNS.find((c) => c.name === "CHANNEL")?.source).to.equal("channel");
    expect(interactionsSchema({ context: ["CHANNEL"] }).fields.map((f) => f.name)).to.not.include(
      "DEVICE",
    );
  });

  it("adds extra metadata fields to users and items", () => {
    const items = itemsSchema({
      extraFields: [{ name: "DESCRIPTION", type: ["null", "string"], textual: true }],
    });
    expect(items.fields.at(-1)).to.deep.equal({
      name: "DESCRIPTION",
      type: ["null", "string"],
      textual: true,
    });
    expect(validateSchema("Items", items)).to.deep.equal([]);
  });

  it("names a missing required field and how to add it", () => {
    expect(validateSchema("Interactions", without("TIMESTAMP"))).to.deep.equal([
      'Interactions schema: required field TIMESTAMP is missing. Fix: add { "name": "TIMESTAMP", "type": "long" }.',
    ]);
  });

  it("requires EVENT_TYPE in a domain dataset group", () => {
    expect(validateSchema("Interactions", without("EVENT_TYPE"), "ECOMMERCE")).to.deep.equal([
      'Interactions schema: required field EVENT_TYPE is missing (required in the ECOMMERCE domain). Fix: add { "name": "EVENT_TYPE", "type": "string" }.',
    ]);
    expect(validateSchema("Interactions", without("EVENT_TYPE"))).to.deep.equal([]);
  });

  it("rejects a nullable or mistyped required field and a mistyped reserved one", () => {
    const fields = base.fields.map((f) =>
      f.name === "USER_ID"
        ? { ...f, type: ["null", "string"] }
        : f.name === "EVENT_VALUE"
          ? { ...f, type: "string" }
          : f,
    );
    expect(validateSchema("Interactions", withFields(fields))).to.deep.equal([
      'Interactions schema: field USER_ID has type ["null","string"]; it must be "string" and not nullable.',
      'Interactions schema: reserved field EVENT_VALUE has type "string"; it must be "float" (optionally nullable).',
    ]);
  });

  it("checks the Avro record shape", () => {
    expect(
      validateSchema("Users", { type: "enum", name: "1x", fields: [], version: "2" }),
    ).to.deep.equal([
      'Users schema: type is "enum"; it must be "record".',
      'Users schema: name is "1x"; it must be an Avro name (letters, digits, _; not starting with a digit), e.g. "Users".',
      'Users schema: version is "2"; Personalize requires "1.0".',
      "Users schema: fields must be a non-empty array of { name, type }.",
    ]);
    expect(validateSchema("Users", "{not json")[0]).to.match(/^Users schema is not valid JSON \(/);
    expect(validateSchema("Users", [])).to.deep.equal([
      "Users schema must be an Avro record object. Fix: build it with usersSchema().",
    ]);
  });

  it("rejects unsupported types, bad names, duplicates and misplaced flags", () => {
    const users = usersSchema();
    const schema = {
      ...users,
      fields: [
        ...users.fields,
        { name: "AGE", type: "int", categorical: true },
        { name: "bio", type: "string", textual: true },
        { name: "segment", type: "string" },
        { name: "TAGS", type: { type: "array", items: "string" } },
        { name: "2FA", type: "boolean" },
      ],
    };
    expect(validateSchema("Users", schema)).to.deep.equal([
      'Users schema: field AGE is categorical but has type "int"; only string fields can be categorical.',
      "Users schema: field bio is textual; only Items datasets can have textual fields.",
      "Users schema: field segment duplicates SEGMENT; Personalize column names are case-insensitive. Fix: rename or drop one.",
      'Users schema: field TAGS has type {"type":"array","items":"string"}; it must be one of string, int, long, float, double, boolean, or a union with "null" such as ["null", "string"].',
      'Users schema: 2FA has name "2FA"; field names must be Avro names (letters, digits, _; not starting with a digit).',
    ]);
  });

  it("requires a metadata field in Users and Items and caps Interactions metadata at 5", () => {
    expect(
      validateSchema("Items", { ...itemsSchema(), fields: [{ name: "ITEM_ID", type: "string" }] }),
    ).to.deep.equal([
      "Items schema: Personalize needs at least one metadata field besides ITEM_ID. Fix: add one (a nullable type is fine).",
    ]);
    const extra = ["A", "B", "C", "D"].map((name) => ({
      name,
      type: ["null", "string"],
      categorical: true,
    }));
    expect(validateSchema("Interactions", withFields([...base.fields, ...extra]))).to.deep.equal([
      "Interactions schema: has 6 metadata fields (CHANNEL, DEVICE, A, B, C, D); Personalize allows at most 5. Fix: drop 1.",
    ]);
  });

  it("throws every problem at once from assertValidSchema and returns the JSON otherwise", () => {
    expect(() => assertValidSchema("Interactions", without("USER_ID"))).to.throw(
      'Invalid Personalize schema:\n  - Interactions schema: required field USER_ID is missing. Fix: add { "name": "USER_ID", "type": "string" }.',
    );
    expect(JSON.parse(assertValidSchema("Users", usersSchema()))).to.deep.equal(usersSchema());
  });
});
