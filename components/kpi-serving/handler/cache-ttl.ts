/**
 * The attribute the cache table's TTL reads: shared by the handler, which writes it, and the
 * component, which declares the table. Kept apart from the handler's cache so that declaring the
 * table does not load the DynamoDB client into every `pulumi up` and offline plan.
 */
export const CACHE_TTL_ATTRIBUTE = "expires_at";
