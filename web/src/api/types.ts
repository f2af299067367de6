/** The shapes of the API answers the UI reads, as the server declares them (src/api/answers.ts). */

/** The answers of Weft's own routes, as the server declares them. */
export type {
  AgentReport,
  DryRunAnswer as DryRun,
  IpamEntry,
  LoginAnswer,
  NodeRow,
  SectionRow,
  SdnResourceRow as SdnResource,
  SdnStatusAnswer as SdnStatus,
  TaskLogLine,
  TaskStatus,
  VnetStatusRow as VnetStatus,
} from '../../../src/api/answers';
