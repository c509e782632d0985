/**
 * Builds the Teams app package (appPackage/build/appPackage.zip) from the template appPackage/manifest.json.
 *
 * Reusable pieces, exported for test/unit/scripts/app-package.test.ts; scripts/package-app.ts is the thin CLI:
 *   parsePackageEnv    env -> { teamsAppId, botId, botDomain } (zod; names every bad or missing key)
 *   fillPlaceholders   replaces ${{KEY}} in the template text; fails if any ${{...}} is left
 *   validateManifest   JSON-schema validation with @microsoft/app-manifest against the schema bundled in
 *                      that package for the manifest's $schema (never downloads anything)
 *   checkIcons         pixel sizes / outline colours, which the JSON schema cannot check
 *   buildZipBuffer     manifest.json + the two icons at the zip root
 *   withCommandLists   the bot's command menus, derived from bot/command-catalog.ts
 *   buildAppPackage    all of the above from an env object and the appPackage folder
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { manifestCommands } from '../bot/command-catalog.js';
import { PNG } from 'pngjs';
import { z } from 'zod';

export const APP_PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
export const ZIP_PATH = join(APP_PACKAGE_DIR, 'build', 'appPackage.zip');

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Same pattern as `#/definitions/guid` in the Teams manifest schemas. */
const GUID_RE = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER_RE = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

// ---------------------------------------------------------------------------------------------------------------
// Environment

/** Unset, empty and whitespace-only values all count as missing. */
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
  z.string().optional(),
);
const requiredText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
  z.string({ error: (iss) => (iss.input === undefined ? 'missing' : 'must be a string') }),
);
const guidMessage = 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)';

export const packageEnvSchema = z.object({
  /** Teams app id; defaults to the bot id when unset. */
  TEAMS_APP_ID: optionalText.pipe(z.string().regex(GUID_RE, guidMessage).optional()),
  /** Entra app id of the bot (Azure Bot "Microsoft App ID"). */
  MicrosoftAppId: requiredText.pipe(z.string().regex(GUID_RE, guidMessage)),
  /** Public https base URL of the bot; its host becomes BOT_DOMAIN. */
  PUBLIC_BASE_URL: requiredText.pipe(
    z.string().superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute https:// URL' });
        return;
      }
      if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use https://' });
      if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
      if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'must have a host name' });
    }),
  ),
});

export interface PackageConfig {
  teamsAppId: string;
  botId: string;
  /** Host (and port, if any) of PUBLIC_BASE_URL, e.g. `dlp.contoso.example`. */
  botDomain: string;
}

export class PackageEnvError extends Error {
  constructor(
    /** Every offending key, in schema order. */
    readonly keys: string[],
    readonly problems: string[],
  ) {
    super(`Invalid or missing environment variables for the app package:\n  ${problems.join('\n  ')}`);
    this.name = 'PackageEnvError';
  }
}

export function parsePackageEnv(env: Readonly<Record<string, string | undefined>>): PackageConfig {
  const parsed = packageEnvSchema.safeParse({
    TEAMS_APP_ID: env.TEAMS_APP_ID,
    MicrosoftAppId: env.MicrosoftAppId,
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL,
  });
  if (!parsed.success) {
    const byKey = new Map<string, string[]>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '(env)');
      byKey.set(key, [...(byKey.get(key) ?? []), issue.message]);
    }
    const keys = Object.keys(packageEnvSchema.shape).filter((k) => byKey.has(k));
    throw new PackageEnvError(
      keys,
      keys.map((k) => `${k}: ${byKey.get(k)!.join('; ')}`),
    );
  }
  const { TEAMS_APP_ID, MicrosoftAppId, PUBLIC_BASE_URL } = parsed.data;
  return {
    teamsAppId: TEAMS_APP_ID ?? MicrosoftAppId,
    botId: MicrosoftAppId,
    botDomain: new URL(PUBLIC_BASE_URL).host,
  };
}

export function placeholderValues(config: PackageConfig): Record<string, string> {
  return { TEAMS_APP_ID: config.teamsAppId, BOT_ID: config.botId, BOT_DOMAIN: config.botDomain };
}

// ---------------------------------------------------------------------------------------------------------------
// Template

/** Names of the `${{KEY}}` placeholders in a text, de-duplicated, in order of first use. */
export function listPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!))];
}

/**
 * Replaces `${{KEY}}` in the (JSON) template text. Values are JSON-string-escaped since every placeholder sits
 * inside a JSON string. Throws if a placeholder has no value or if any `${{` is left afterwards.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  const unknown = listPlaceholders(template).filter((k) => values[k] === undefined);
  if (unknown.length > 0) {
    throw new Error(`No value for manifest placeholder(s): ${unknown.map((k) => `\${{${k}}}`).join(', ')}`);
  }
  const filled = template.replace(PLACEHOLDER_RE, (_m, key: string) => JSON.stringify(values[key]).slice(1, -1));
  if (filled.includes('${{')) {
    const at = filled.indexOf('${{');
    throw new Error(`Unfilled placeholder left in manifest near: ${filled.slice(at, at + 40)}`);
  }
  return filled;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

const require = createRequire(import.meta.url);

/**
 * Path of the copy of `schemaUrl` bundled in @microsoft/app-manifest (same mapping the package itself uses:
 * developer.microsoft.com[/xx-yy]/json-schemas/... -> build/json-schemas/...), or undefined.
 */
export function bundledSchemaPath(schemaUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(schemaUrl);
  } catch {
    return undefined;
  }
  if (url.hostname !== 'developer.microsoft.com') return undefined;
  const m = /^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/(json-schemas\/teams\/[^?#]+\.json)$/i.exec(url.pathname);
  if (!m) return undefined;
  const pkgDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = join(pkgDir, 'build', m[1]!);
  return existsSync(file) ? file : undefined;
}

/**
 * Validates a filled manifest against its `$schema`, offline, with `AppManifestUtils.validateAgainstSchema`.
 * Returns the error strings (empty array = valid). Also reports a few things the schema cannot express.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return ['manifest must be a JSON object'];
  }
  const m = manifest as Record<string, unknown>;
  const schemaUrl = m.$schema;
  if (typeof schemaUrl !== 'string') return ['/$schema is missing'];
  const schemaFile = bundledSchemaPath(schemaUrl);
  if (!schemaFile) {
    return [`/$schema ${schemaUrl} is not one of the schemas bundled with @microsoft/app-manifest (offline check)`];
  }
  const schemaText = readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = JSON.parse(schemaText) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as AppManifest, schema);
  return [...errors, ...extraManifestChecks(m)];
}

function extraManifestChecks(m: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const text = JSON.stringify(m);
  if (text.includes('${{')) errors.push(`unfilled placeholder(s): ${listPlaceholders(text).join(', ') || '${{'}`);
  const bots = Array.isArray(m.bots) ? (m.bots as Array<Record<string, unknown>>) : [];
  bots.forEach((bot, b) => {
    const lists = Array.isArray(bot.commandLists) ? (bot.commandLists as Array<Record<string, unknown>>) : [];
    lists.forEach((list, l) => {
      const commands = Array.isArray(list.commands) ? (list.commands as Array<Record<string, unknown>>) : [];
      const seen = new Set<string>();
      for (const c of commands) {
        const title = typeof c.title === 'string' ? c.title.trim().toLowerCase() : '';
        if (seen.has(title)) errors.push(`/bots/${b}/commandLists/${l} duplicate command title "${title}"`);
        seen.add(title);
      }
    });
  });
  const icons = (m.icons ?? {}) as Record<string, unknown>;
  for (const key of ['color', 'outline'] as const) {
    const file = icons[key];
    if (typeof file === 'string' && basename(file) !== file) {
      errors.push(`/icons/${key} must be a file name at the package root, got "${file}"`);
    }
  }
  return errors;
}

/** Checks what the schema cannot: PNG pixel sizes, and that the outline is white-on-transparent only. */
export function checkIcons(colorPng: Buffer, outlinePng: Buffer): string[] {
  const errors: string[] = [];
  const read = (name: string, buf: Buffer): PNG | undefined => {
    try {
      return PNG.sync.read(buf);
    } catch (e) {
      errors.push(`${name} is not a readable PNG: ${(e as Error).message}`);
      return undefined;
    }
  };
  const color = read('color icon', colorPng);
  if (color && (color.width !== COLOR_ICON_SIZE || color.height !== COLOR_ICON_SIZE)) {
    errors.push(`color icon must be ${COLOR_ICON_SIZE}x${COLOR_ICON_SIZE}, is ${color.width}x${color.height}`);
  }
  const outline = read('outline icon', outlinePng);
  if (outline) {
    if (outline.width !== OUTLINE_ICON_SIZE || outline.height !== OUTLINE_ICON_SIZE) {
      errors.push(
        `outline icon must be ${OUTLINE_ICON_SIZE}x${OUTLINE_ICON_SIZE}, is ${outline.width}x${outline.height}`,
      );
    }
    const bad = outlineBadPixels(outline);
    if (bad > 0) errors.push(`outline icon has ${bad} pixel(s) that are neither pure white nor fully transparent`);
  }
  return errors;
}

/** Number of pixels that are visible (alpha > 0) but not pure white. */
export function outlineBadPixels(png: PNG): number {
  let bad = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) bad++;
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------------------------
// Zip

export interface PackageFiles {
  manifestJson: string;
  colorName: string;
  colorPng: Buffer;
  outlineName: string;
  outlinePng: Buffer;
}

/** The package: manifest.json and the two icons, all at the zip root (no folder). */
export function buildZipBuffer(files: PackageFiles): Buffer {
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(files.manifestJson, 'utf8'));
  zip.addFile(files.colorName, files.colorPng);
  zip.addFile(files.outlineName, files.outlinePng);
  return zip.toBuffer();
}

// ---------------------------------------------------------------------------------------------------------------
// Everything

export class AppPackageError extends Error {
  constructor(
    summary: string,
    readonly problems: string[],
  ) {
    super(`${summary}:\n  ${problems.join('\n  ')}`);
    this.name = 'AppPackageError';
  }
}

export interface BuiltPackage {
  config: PackageConfig;
  manifest: Record<string, unknown>;
  manifestJson: string;
  zip: Buffer;
}

/**
 * Env -> validated zip buffer. Throws PackageEnvError for bad env, AppPackageError for a manifest that does not
 * validate or bad icons, and Error for an unfillable template.
 */
/**
 * Puts the bot's command menus into the manifest: the team list and the personal one (which leaves out
 * commands that work in a team channel only), derived from the commands the bot answers.
 */
export function withCommandLists(manifest: Record<string, unknown>): Record<string, unknown> {
  const bots = manifest.bots as Array<Record<string, unknown>>;
  bots[0]!.commandLists = (['team', 'personal'] as const).map((scope) => ({
    scopes: [scope],
    commands: manifestCommands(scope),
  }));
  return manifest;
}

export async function buildAppPackage(
  env: Readonly<Record<string, string | undefined>>,
  appPackageDir: string = APP_PACKAGE_DIR,
): Promise<BuiltPackage> {
  const config = parsePackageEnv(env);
  const template = readFileSync(join(appPackageDir, 'manifest.json'), 'utf8');
  const filled = fillPlaceholders(template, placeholderValues(config));
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(filled) as Record<string, unknown>;
  } catch (e) {
    throw new AppPackageError('Filled manifest is not valid JSON', [(e as Error).message]);
  }
  withCommandLists(manifest);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new AppPackageError('Manifest failed schema validation', errors);

  const icons = manifest.icons as { color: string; outline: string };
  const colorPng = readFileSync(join(appPackageDir, icons.color));
  const outlinePng = readFileSync(join(appPackageDir, icons.outline));
  const iconErrors = checkIcons(colorPng, outlinePng);
  if (iconErrors.length > 0) throw new AppPackageError('Icons are not valid for Teams', iconErrors);

  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = buildZipBuffer({
    manifestJson,
    colorName: icons.color,
    colorPng,
    outlineName: icons.outline,
    outlinePng,
  });
  return { config, manifest, manifestJson, zip };
}
