import { promises as fs, unwatchFile, watchFile } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { AccessPolicy } from '../../triage/access/access-policy.js';
import { ROLES } from '../../triage/access/permissions.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const grantSchema = z
  .object({
    name: z.string().optional(),
    user: z.string().regex(GUID, 'must be an Entra object id (GUID)').optional(),
    group: z.string().regex(GUID, 'must be an Entra object id (GUID)').optional(),
    roles: z
      .array(z.enum(ROLES as [string, ...string[]], { message: `must be one of ${ROLES.join(', ')}` }))
      .min(1, 'needs at least one role'),
    scope: z.union(
      [z.literal('unrestricted'), z.strictObject({ administrativeUnits: z.array(z.string().min(1)).min(1) })],
      {
        message: 'must be "unrestricted" or { "administrativeUnits": ["<AU name or id>", ...] }',
      },
    ),
  })
  .strict()
  .refine((g) => !!g.user !== !!g.group, { message: 'needs exactly one of "user" or "group"' });

/** The JSON policy file (see README "Access policy"). */
export const accessPolicyFileSchema = z
  .object({ $comment: z.string().optional(), grants: z.array(grantSchema) })
  .strict();
export type AccessPolicyFileContent = z.input<typeof accessPolicyFileSchema>;

/** Parses policy file text; throws an Error naming the file and the bad entry. */
export function parseAccessPolicy(text: string, file: string): AccessPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const result = accessPolicyFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const at = issue.path.length
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : '(root)';
    const grant =
      typeof issue.path[1] === 'number'
        ? (json as { grants: { name?: string }[] }).grants[issue.path[1]]?.name
        : undefined;
    throw new Error(`${file}: ${at}${grant ? ` ("${grant}")` : ''} ${issue.message}`);
  }
  return {
    grants: result.data.grants.map((g) => ({
      name: g.name,
      principal: g.user ? { kind: 'user', id: g.user } : { kind: 'group', id: g.group! },
      roles: g.roles as AccessPolicy['grants'][number]['roles'],
      scope:
        g.scope === 'unrestricted'
          ? { kind: 'unrestricted' }
          : { kind: 'administrativeUnits', units: g.scope.administrativeUnits },
    })),
  };
}

/**
 * The access policy from ACCESS_POLICY_FILE: validated at start-up (an invalid file stops it), then
 * re-read whenever the file changes; an invalid edit keeps the last good policy and logs why.
 */
export class AccessPolicyFile {
  private constructor(
    readonly file: string,
    private policy: AccessPolicy,
    private readonly log: Logger,
  ) {}

  static async load(file: string, log: Logger): Promise<AccessPolicyFile> {
    const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new Error(`ACCESS_POLICY_FILE ${file} cannot be read (${e.code ?? e.message})`);
    });
    return new AccessPolicyFile(file, parseAccessPolicy(text, file), log);
  }

  current(): AccessPolicy {
    return this.policy;
  }

  /** Re-reads the file now; returns whether the new policy was taken. */
  async reload(): Promise<boolean> {
    try {
      this.policy = parseAccessPolicy(await fs.readFile(this.file, 'utf8'), this.file);
      this.log.info({ file: this.file, grants: this.policy.grants.length }, 'access policy reloaded');
      return true;
    } catch (e) {
      this.log.warn(
        { file: this.file, problem: (e as Error).message },
        'access policy edit rejected; keeping the last good policy',
      );
      return false;
    }
  }

  /** Watches the file (polling, so editors that replace the file are seen too). */
  watch(intervalMs = 1000): void {
    watchFile(this.file, { interval: intervalMs }, (curr, prev) => {
      if (curr.mtimeMs !== prev.mtimeMs || curr.size !== prev.size) void this.reload();
    });
  }

  close(): void {
    unwatchFile(this.file);
  }
}
