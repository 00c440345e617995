/**
 * Where the dashboards' saved objects live: an index pattern over the events index with
 * `event_time` as its time field, and a saved search of the last events. Imported once per
 * collection with the Dashboards saved-objects API (README "Dashboards").
 */
import * as path from "node:path";

export const DASHBOARDS_OBJECTS_FILE = path.join(__dirname, "dashboards", "recent-events.ndjson");
