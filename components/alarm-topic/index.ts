/**
 * AlarmTopic: the encrypted SNS topic every component's alarms notify.
 */
export {
  ALARM_TOPIC_TYPE,
  alarmKeyStatement,
  AlarmTopic,
  resolveAlarmTopicArgs,
  validateAlarmTopicArgs,
} from "./alarm-topic";
export type { AlarmTopicArgs, ResolvedAlarmTopicArgs } from "./alarm-topic";
