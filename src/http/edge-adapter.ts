import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import { ValidatedTokens } from './validated-tokens.js';

/**
 * The CloudAdapter with authentication and the turn as two steps, so that the HTTP edge decides every
 * status it answers: `CloudAdapter.process` answers 500 with the library's message when token metadata
 * cannot be fetched, and echoes internal error messages to the client.
 */
export class EdgeAdapter extends CloudAdapter {
  private readonly validated = new ValidatedTokens();

  /** Validates the request's token for this activity; throws on any failure (missing, forged, unverifiable). */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /**
   * As `authenticate`, for a request answered without a turn (which needs no claims): a token already
   * validated for the same service URL and channel is not validated again until it expires
   * (src/http/validated-tokens.ts).
   */
  verify(activity: Activity, authHeader: string): Promise<void> {
    return this.validated.check(activity, authHeader, () => this.authenticate(activity, authHeader));
  }

  /** Runs the turn for an authenticated activity; resolves to the invoke answer, if the activity was an invoke. */
  runTurn(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}
