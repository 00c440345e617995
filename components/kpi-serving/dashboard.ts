/**
 * The marketers' real-time dashboard: one CloudWatch custom widget per stack, drawn by the
 * serving function from the speed view (see README.md for why a custom widget and not metrics).
 */

export function realtimeDashboardBody(
  functionArn: string,
  region: string,
  channels: readonly string[],
): Record<string, unknown> {
  return {
    widgets: [
      {
        type: "custom",
        x: 0,
        y: 0,
        width: 24,
        height: 8,
        properties: {
          endpoint: functionArn,
          title: "CTR per channel by minute (speed view)",
          // The widget's function receives these as the event's top-level keys.
          params: { channels },
          // Redraw on refresh, resize and a new time range; the function reads the range.
          updateOn: { refresh: true, resize: true, timeRange: true },
          region,
        },
      },
    ],
  };
}
