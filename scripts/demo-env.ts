/**
 * The bot's environment under `npm run demo`: local mode on `port`, data in `dataDir`, a quick poll, the
 * demo feed, and the seed's Defender for Cloud alerts shown too (a bot defaults to DLP alerts only). A
 * value set in `base` (the shell or .env) wins, except auth, which the playground cannot do.
 */
export function demoEnv(base: NodeJS.ProcessEnv, port: number, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...base,
    PORT: String(port),
    // Local mode: the playground sends no JWT. An empty value also keeps a .env from turning auth on.
    MicrosoftAppId: '',
    DATA_DIR: dataDir,
    POLL_INTERVAL_SECONDS: base.POLL_INTERVAL_SECONDS ?? '5',
    DEMO_ALERT_INTERVAL_SECONDS: base.DEMO_ALERT_INTERVAL_SECONDS ?? '60',
    ALERT_SOURCES: base.ALERT_SOURCES ?? 'dataLossPrevention,microsoftDefenderForCloud',
    // A fresh demo tenant also holds a storm, so the channel shows a storm card.
    LOCAL_SEED_STORM: base.LOCAL_SEED_STORM ?? 'true',
  };
}
