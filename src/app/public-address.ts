import type { Config } from '../config.js';

/**
 * Where people reach the bot's pages (share links): PUBLIC_BASE_URL, or in local mode the loopback
 * address, known once the server listens.
 */
export class PublicAddress {
  private listening?: string;

  constructor(private readonly config: Pick<Config, 'PUBLIC_BASE_URL' | 'localMode'>) {}

  /** The base URL without a trailing slash; undefined when the bot has no address for links yet. */
  baseUrl(): string | undefined {
    return this.config.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? (this.config.localMode ? this.listening : undefined);
  }

  listeningOn(port: number): void {
    this.listening = `http://127.0.0.1:${port}`;
  }
}
