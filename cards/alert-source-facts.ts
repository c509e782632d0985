import type { Translator } from '../src/i18n/translator.js';
import type { Alert, CloudResource } from '../src/triage/alert.js';
import type { CardFact } from './alert-dlp-facts.js';
import { statusWord, wordOf } from './alert-words.js';
import { md, oneLine } from './card-text.js';

/**
 * The source section of the card of another product's alert than DLP (Defender for Cloud, Sentinel,
 * Defender for Endpoint…): which product, the cloud resources it is about, MITRE ATT&CK tactics and
 * techniques, the product's recommended actions, and for Sentinel a link to its incident. A DLP alert has
 * none of it (its card is unchanged). Product and MITRE names are proper names, shown untranslated.
 */

const DLP = 'dataLossPrevention';
type SourceFactName = 'source' | 'resource' | 'tactics' | 'techniques' | 'recommendedActions' | 'incident';
const MAX_SHOWN = 5;

/** Graph's serviceSource values and the products' own names. */
const PRODUCT_NAMES = new Map<string, string>([
  ['microsoftDefenderForEndpoint', 'Microsoft Defender for Endpoint'],
  ['microsoftDefenderForIdentity', 'Microsoft Defender for Identity'],
  ['microsoftDefenderForCloudApps', 'Microsoft Defender for Cloud Apps'],
  ['microsoftDefenderForOffice365', 'Microsoft Defender for Office 365'],
  ['microsoft365Defender', 'Microsoft Defender XDR'],
  ['azureAdIdentityProtection', 'Microsoft Entra ID Protection'],
  ['microsoftAppGovernance', 'App governance'],
  ['dataLossPrevention', 'Microsoft Purview Data Loss Prevention'],
  ['microsoftDefenderForCloud', 'Microsoft Defender for Cloud'],
  ['microsoftSentinel', 'Microsoft Sentinel'],
  ['microsoftInsiderRiskManagement', 'Microsoft Purview Insider Risk Management'],
  ['microsoftThreatIntelligence', 'Microsoft Defender Threat Intelligence'],
  ['microsoftSecurityForAI', 'Microsoft Security for AI'],
]);

/** Whether the alert is another product's (an alert without a source is a DLP alert, as before sources). */
export const isOtherSource = (alert: Pick<Alert, 'source'>): boolean => !!alert.source && alert.source !== DLP;

/** "Microsoft Defender for Cloud"; an unknown source as Graph wrote it (escaped, cut). */
export function productName(source: string): string {
  return md(PRODUCT_NAMES.get(source) ?? oneLine(source, 60));
}

/** A status as the alert's product words it: Defender for Cloud calls a new alert "Active". */
export function sourceStatusWord(i18n: Translator, status: unknown, source: string | undefined): string {
  const cloud = source === 'microsoftDefenderForCloud' ? wordOf(i18n, 'alertCard.cloudStatus.', status) : undefined;
  return cloud ?? statusWord(i18n, status);
}

/** The source section's facts, in card order; empty for a DLP alert. `full`: the details view (resource ids). */
export function sourceFacts(alert: Alert, full: boolean, i18n: Translator): CardFact[] {
  if (!isOtherSource(alert)) return [];
  const title = (name: SourceFactName) => i18n.t(`alertCard.fact.${name}`);
  const threat = alert.threat;
  const facts: (CardFact | false | undefined)[] = [
    { title: title('source'), value: productName(alert.source!) },
    !!threat?.resources.length && { title: title('resource'), value: resourcesText(threat.resources, full) },
    !!threat?.tactics.length && { title: title('tactics'), value: md(listed(threat.tactics.map(tacticName))) },
    !!threat?.techniques.length && { title: title('techniques'), value: techniquesText(threat.techniques) },
    !!threat?.recommendedActions && {
      title: title('recommendedActions'),
      value: md(oneLine(threat.recommendedActions, 600)),
    },
    alert.source === 'microsoftSentinel' &&
      !!alert.incidentUrl &&
      isSafeLink(alert.incidentUrl) && {
        title: title('incident'),
        value: `[${md(i18n.t('alertCard.openIncident'))}](${alert.incidentUrl})`,
      },
  ];
  return facts.filter((f): f is CardFact => !!f);
}

/** "kv-payments-prod (Microsoft.KeyVault/vaults)"; the details view adds the full resource id. */
function resourcesText(resources: readonly CloudResource[], full: boolean): string {
  const shown = resources.slice(0, MAX_SHOWN).map((r) => {
    const named = r.type ? `${oneLine(r.name, 100)} (${oneLine(r.type, 80)})` : oneLine(r.name, 100);
    return full && r.id !== r.name ? `${named} · ${oneLine(r.id, 300)}` : named;
  });
  return md(listed(shown, resources.length - shown.length));
}

/** MITRE technique ids link to their ATT&CK page; anything else is shown as text. */
function techniquesText(techniques: readonly string[]): string {
  const shown = techniques.slice(0, 10).map((t) => {
    const m = /^T(\d{4})(?:\.(\d{3}))?$/.exec(t);
    return m ? `[${t}](https://attack.mitre.org/techniques/T${m[1]}${m[2] ? `/${m[2]}` : ''}/)` : md(oneLine(t, 40));
  });
  return shown.join(', ') + (techniques.length > shown.length ? ', …' : '');
}

/** "CredentialAccess" → "Credential Access", "CommandAndControl" → "Command and Control" (MITRE's names). */
function tacticName(tactic: string): string {
  return oneLine(tactic, 60)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ (And|Of) /g, (w) => w.toLowerCase());
}

function listed(items: readonly string[], more = 0): string {
  return items.join(', ') + (more > 0 ? `, +${more}` : '');
}

/** An https URL that cannot break out of a markdown link. */
function isSafeLink(url: string): boolean {
  return /^https:\/\/[^\s()<>[\]\\"'`]+$/.test(url);
}
