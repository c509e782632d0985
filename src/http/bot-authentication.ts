import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config.js';

/**
 * The bot's Bot Framework authentication (token validation in, tokens for the Bot Connector out).
 * BotOpenIdMetadata replaces only where channel tokens' signing keys are read: botbuilder then expects
 * every endpoint to be named, so the others are given their public-cloud defaults, as botbuilder's own.
 */
export function botAuthentication(config: Config): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    // botbuilder insists on an app id for SingleTenant even with auth off; local mode has none.
    MicrosoftAppType: config.localMode ? undefined : config.MicrosoftAppType,
    ...(config.BotOpenIdMetadata
      ? {
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: config.BotOpenIdMetadata,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        }
      : {}),
  });
}
