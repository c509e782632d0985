/** The advanced hunting tables of the emulated tenant: their columns, and where their rows come from. */

type Row = Record<string, unknown>;

/**
 * What the hunting table holds in the emulated tenant: `recorded` (the activity rows), `empty` (the table exists
 * with no rows: Microsoft 365 is not connected to Defender for Cloud Apps), `absent` (advanced hunting does not
 * know the table at all: no Defender for Cloud Apps).
 */
export type HuntingTable = 'recorded' | 'empty' | 'absent';

/** What the hunting part of the emulator needs from the emulator. */
export interface HuntingHost {
  /** CloudAppEvents rows (column names as keys). */
  activity: Row[];
  table: HuntingTable;
  /** DataSecurityEvents rows (column names as keys). */
  dataSecurityEvents: Row[];
  /** `absent`: Insider Risk Management does not share with Defender, and advanced hunting does not know the table. */
  dataSecurityEventsTable: HuntingTable;
  now(): number;
}

/** A table: its columns with the types advanced hunting names in `schema`, and its rows and state in the host. */
interface TableSpec {
  columns: Record<string, string>;
  rows(h: HuntingHost): [Row[], HuntingTable];
}

/** The tables the emulator serves, by name (as a query's first line names them). */
export const TABLES: Record<string, TableSpec> = {
  CloudAppEvents: {
    columns: {
      Timestamp: 'DateTime',
      ActionType: 'String',
      Application: 'String',
      AccountObjectId: 'String',
      AccountDisplayName: 'String',
      ObjectName: 'String',
      ObjectType: 'String',
      IPAddress: 'String',
      CountryCode: 'String',
      ISP: 'String',
      UncommonForUser: 'Object',
    },
    rows: (h) => [h.activity, h.table],
  },
  /** Microsoft's DataSecurityEvents reference (2025-03), the columns DLP Triage and the seed use. */
  DataSecurityEvents: {
    columns: {
      Timestamp: 'DateTime',
      ActionType: 'String',
      AccountObjectId: 'String',
      AccountUpn: 'String',
      Workload: 'String',
      ObjectName: 'String',
      ObjectType: 'String',
      IPAddress: 'String',
      DlpPolicyMatchInfo: 'String',
      DlpPolicyRuleMatchInfo: 'Object',
      DlpPolicyEnforcementMode: 'Int32',
      SensitiveInfoTypeInfo: 'Object',
      SensitivityLabelId: 'String',
      SiteUrl: 'String',
      TargetUrlDomain: 'String',
    },
    rows: (h) => [h.dataSecurityEvents, h.dataSecurityEventsTable],
  },
};
