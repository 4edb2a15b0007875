import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the template files live (apps/notifications/src/templates). */
/** Beside the bundle (dist/apps/notifications/templates) when built, in src/templates when run from source. */
export const TEMPLATES_DIR = [join(__dirname, 'templates'), join(__dirname, '../../templates')].find((dir) => existsSync(dir)) ?? join(__dirname, '../../templates');

export type TemplateValue = string | number | TemplateValues[];
export interface TemplateValues {
  [key: string]: TemplateValue;
}

/** A template names a variable its values do not have: fail instead of sending a message with holes. */
export class TemplateError extends Error {
  readonly code = 'NOTIFICATION_TEMPLATE_INVALID';
}

type Escape = (value: string) => string;

const escapeHtml: Escape = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Slack mrkdwn treats only these three as control characters. */
const escapeSlack: Escape = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const verbatim: Escape = (v) => v;

/** The escaping follows the file: `.html` HTML, `.slack.txt` Slack mrkdwn, other `.txt` none (plain text). */
function escaperFor(file: string): Escape {
  if (file.endsWith('.html')) return escapeHtml;
  if (file.endsWith('.slack.txt')) return escapeSlack;
  return verbatim;
}

const SECTION = /\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g;
const VARIABLE = /\{\{(\w+)\}\}/g;

/**
 * Renders `{{name}}` (escaped for the file's format) and `{{#items}}...{{/items}}` (repeated per
 * element of a list, whose fields shadow the outer values). Nothing else: templates stay logic-free.
 */
export function renderTemplate(source: string, values: TemplateValues, escape: Escape = verbatim): string {
  const withSections = source.replace(SECTION, (_match, name: string, body: string) => {
    const list = values[name];
    if (!Array.isArray(list)) throw new TemplateError(`Template section '${name}' needs a list`);
    return list.map((item) => renderTemplate(body, { ...values, ...item }, escape)).join('');
  });
  return withSections.replace(VARIABLE, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || Array.isArray(value)) throw new TemplateError(`Template variable '${name}' has no value`);
    return escape(String(value));
  });
}

const cache = new Map<string, string>();

/** Renders a template file of TEMPLATES_DIR, read once per process. */
export function renderTemplateFile(file: string, values: TemplateValues): string {
  let source = cache.get(file);
  if (source === undefined) {
    source = readFileSync(join(TEMPLATES_DIR, file), 'utf8');
    cache.set(file, source);
  }
  return renderTemplate(source, values, escaperFor(file));
}
