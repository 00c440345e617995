export { AlarmTopic, alarmKeyStatement, validateAlarmTopicArgs } from "./alarm-topic";
export type { AlarmTopicArgs } from "./alarm-topic";
