import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import { TriageError } from '../../triage/triage-error.js';
import { describeGraphFailure, toTriageError, type GraphOperation } from './graph-failure.js';

/** An OData collection page: `value` plus `@odata.nextLink` while there is more. */
const pageSchema = z.looseObject({ value: z.array(z.unknown()), '@odata.nextLink': z.string().nullish() });

/** Follows at most this many `@odata.nextLink`s in one listing: a loop in the links cannot run forever. */
const MAX_PAGES = 500;

/**
 * The adapters' one way to call a REST API through the Graph client: runs a call, logs a failure with
 * its request id, translates it into a TriageError (graph-failure.ts), and checks answers with zod.
 */
export class GraphGateway {
  constructor(
    private readonly client: Client,
    private readonly log: Logger,
    /** The https origin calls go to; `@odata.nextLink`s must stay on it. */
    readonly origin: string,
  ) {}

  /** A request for a path (`/users/...`) or an absolute nextLink on our origin. */
  api(pathOrUrl: string): GraphRequest {
    return this.client.api(pathOrUrl);
  }

  /** Runs one call; every failure becomes a TriageError naming what was being done and the permission it needs. */
  async call<T>(op: GraphOperation, fn: (api: (path: string) => GraphRequest) => Promise<T>): Promise<T> {
    try {
      return await fn((path) => this.client.api(path));
    } catch (e) {
      if (e instanceof TriageError) throw e;
      const failure = describeGraphFailure(e);
      this.log.warn(
        { graph: { doing: op.doing, status: failure.status, code: failure.code, requestId: failure.requestId } },
        'graph operation failed',
      );
      throw toTriageError(failure, op);
    }
  }

  /** Parses an answer; an answer in an unexpected shape is `unavailable` (logged with the zod path, not the data). */
  parse<S extends z.ZodType>(op: GraphOperation, schema: S, value: unknown): z.output<S> {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    this.log.error(
      { graph: { doing: op.doing, path: issue?.path.join('.'), issue: issue?.message } },
      'graph answer has an unexpected shape',
    );
    throw new TriageError(
      'unavailable',
      `Microsoft Graph answered in a shape DLP Triage does not understand, so it could not ${op.doing}. Tell your admin (see the bot's log).`,
    );
  }

  /** One collection page: from a first request, or from a nextLink (which must be on our origin). */
  async page(op: GraphOperation, request: GraphRequest): Promise<{ value: unknown[]; next?: string }> {
    const body = await this.call(op, () => request.get());
    const page = this.parse(op, pageSchema, body);
    return { value: page.value, next: page['@odata.nextLink'] ?? undefined };
  }

  /** Every item of a collection, following `@odata.nextLink` to the end (headers re-applied to each page). */
  async all(op: GraphOperation, first: GraphRequest, headers: Record<string, string> = {}): Promise<unknown[]> {
    const items: unknown[] = [];
    let page = await this.page(op, first);
    for (let n = 1; ; n++) {
      items.push(...page.value);
      if (!page.next) return items;
      if (n >= MAX_PAGES)
        throw new TriageError(
          'unavailable',
          `Microsoft Graph kept returning more pages, so DLP Triage stopped trying to ${op.doing}. Tell your admin.`,
        );
      page = await this.page(op, this.nextPage(page.next, headers));
    }
  }

  /** The request for a nextLink: it must be an absolute https URL on our origin, as Graph returns them. */
  nextPage(next: string, headers: Record<string, string> = {}): GraphRequest {
    let url: URL;
    try {
      url = new URL(next);
    } catch {
      throw new TriageError('invalid', 'The paging cursor is not a URL.');
    }
    if (url.origin !== new URL(this.origin).origin)
      throw new TriageError(
        'invalid',
        `The paging cursor points at ${url.origin}, not at ${new URL(this.origin).origin}.`,
      );
    return this.client.api(next).headers(headers);
  }
}
