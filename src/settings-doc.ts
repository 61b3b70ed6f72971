import type { z } from 'zod';
import { settingDocs, settingGroups } from './config';

/**
 * The README's settings tables, generated from the schemas in src/config.ts
 * (`npm run docs:settings` writes them between the markers below;
 * test/unit/settings-doc.test.ts fails when the README differs).
 */
export const SETTINGS_BEGIN =
  '<!-- settings:begin (generated from src/config.ts by `npm run docs:settings`; edit there) -->';
export const SETTINGS_END = '<!-- settings:end -->';

export interface SettingRow {
  name: string;
  group: string;
  /** As the README shows it: the fixed default in backticks, or what happens unset. */
  default: string;
  description: string;
}

/** The fixed default of a setting's schema, if it has one. */
function fixedDefault(s: z.ZodType): { value: unknown } | undefined {
  const def = s.def as { type: string; defaultValue?: unknown; innerType?: z.ZodType };
  if (def.type === 'default') return { value: def.defaultValue };
  return undefined;
}

export function settingRows(): SettingRow[] {
  return settingGroups.flatMap((g) =>
    Object.entries(g.schema.shape as Record<string, z.ZodType>).map(([name, s]) => {
      const doc = settingDocs.get(s);
      if (!doc) throw new Error(`${name} has no description in src/config.ts`);
      const fixed = fixedDefault(s);
      if (fixed && doc.unset) throw new Error(`${name} has a default and an unset text: one or the other`);
      if (!fixed && !doc.unset) throw new Error(`${name} has neither a default nor an unset text`);
      return {
        name,
        group: g.title,
        default: fixed ? `\`${String(fixed.value)}\`` : doc.unset!,
        description: doc.description,
      };
    }),
  );
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The markdown between the markers: one table per group. */
export function settingsMarkdown(rows: SettingRow[] = settingRows()): string {
  const out: string[] = [SETTINGS_BEGIN];
  for (const g of settingGroups) {
    out.push('', g.intro, '', '| variable | default | meaning |', '| --- | --- | --- |');
    for (const r of rows.filter((x) => x.group === g.title))
      out.push(`| \`${r.name}\` | ${cell(r.default)} | ${cell(r.description)} |`);
  }
  out.push('', SETTINGS_END);
  return out.join('\n');
}

/** The README with its settings tables replaced by the generated ones. */
export function withSettingsTables(readme: string): string {
  const begin = readme.indexOf(SETTINGS_BEGIN);
  const end = readme.indexOf(SETTINGS_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${SETTINGS_BEGIN} ... ${SETTINGS_END} block`);
  return readme.slice(0, begin) + settingsMarkdown() + readme.slice(end + SETTINGS_END.length);
}

/** The rows of a README's settings block: `| \`NAME\` | default | meaning |`. */
export function readmeSettingRows(readme: string): Map<string, { default: string; description: string }> {
  const begin = readme.indexOf(SETTINGS_BEGIN);
  const end = readme.indexOf(SETTINGS_END);
  const rows = new Map<string, { default: string; description: string }>();
  if (begin < 0 || end < begin) return rows;
  for (const line of readme.slice(begin, end).split('\n')) {
    const m = /^\| `([A-Z0-9_]+)` \| (.*) \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1]!, { default: m[2]!.replace(/\\\|/g, '|'), description: m[3]!.replace(/\\\|/g, '|') });
  }
  return rows;
}

/** How a README's settings tables differ from the schemas, one line each (none: they agree). */
export function settingsDocProblems(readme: string, rows: SettingRow[] = settingRows()): string[] {
  if (!readme.includes(SETTINGS_BEGIN) || !readme.includes(SETTINGS_END))
    return [`no ${SETTINGS_BEGIN} ... ${SETTINGS_END} block`];
  const documented = readmeSettingRows(readme);
  const known = new Set(rows.map((r) => r.name));
  const problems: string[] = [];
  for (const r of rows) {
    const d = documented.get(r.name);
    if (!d) problems.push(`${r.name} is in the schema but not in the README`);
    else if (d.default !== r.default)
      problems.push(`${r.name}: the README's default is ${d.default}, the schema's ${r.default}`);
    else if (d.description !== r.description)
      problems.push(`${r.name}: the README's description differs from the schema's`);
  }
  for (const name of documented.keys())
    if (!known.has(name)) problems.push(`${name} is in the README but not a setting in the schema`);
  return problems;
}
