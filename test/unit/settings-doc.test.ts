import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config';
import {
  SETTINGS_BEGIN,
  SETTINGS_END,
  readmeSettingRows,
  settingRows,
  settingsDocProblems,
  settingsMarkdown,
} from '../../src/settings-doc';

/**
 * The README's settings tables against the schemas in src/config.ts: every
 * setting documented, nothing documented that is not a setting, and each
 * default and description as the schema has it.
 */
const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the README settings tables', () => {
  it('list every setting of the schemas, nothing else, each with the schema default and description', () => {
    const rows = settingRows();
    // Settings once read outside the schema are in it now.
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'DATA_DIR',
        'EMBEDDED_PG_PORT',
        'SIMULATOR_PORT',
        'SIMULATOR_HOST',
        'PARTNERS_FILE',
        'PUBLIC_URL',
        'GATEWAY_URL',
        'SIMULATOR_URL',
        'TEMPORAL_UI_URL',
        'TEMPORAL_CLI_PATH',
        'CHROMIUM_PATH',
        'LOG_LEVEL',
      ]),
    );
    expect(readmeSettingRows(README).size).toBe(rows.length);
    expect(settingsDocProblems(README)).toEqual([]);
  });

  it('are exactly what npm run docs:settings writes (order and layout too)', () => {
    const block = README.slice(README.indexOf(SETTINGS_BEGIN), README.indexOf(SETTINGS_END) + SETTINGS_END.length);
    expect(block).toBe(settingsMarkdown());
  });

  it('the check names a missing row, a row that is not a setting, and a default that differs', () => {
    const edited = settingsMarkdown()
      .replace(/^\| `PORT` .*\n/m, '')
      .replace('| `LOG_LEVEL` | `info` |', '| `LOG_LEVEL` | `warn` |')
      .replace(SETTINGS_END, `| \`NOT_A_SETTING\` | \`1\` | nothing |\n${SETTINGS_END}`);
    expect(settingsDocProblems(edited)).toEqual([
      'PORT is in the schema but not in the README',
      "LOG_LEVEL: the README's default is `warn`, the schema's `info`",
      'NOT_A_SETTING is in the README but not a setting in the schema',
    ]);
    expect(settingsDocProblems('# no tables')).toHaveLength(1);
  });
});

describe('settings read one by one (loadSettings)', () => {
  it('apply the schema default, leave a required setting undefined when unset, treat empty as unset, and name a bad value', () => {
    expect(loadSettings(['EMBEDDED_PG_PORT', 'DATABASE_URL', 'TEMPORAL_UI_URL'], {})).toEqual({
      EMBEDDED_PG_PORT: 5433,
      DATABASE_URL: undefined,
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    });
    expect(
      loadSettings(['TEMPORAL_NAMESPACE', 'TEMPORAL_API_KEY'], { TEMPORAL_NAMESPACE: '', TEMPORAL_API_KEY: '' }),
    ).toEqual({ TEMPORAL_NAMESPACE: 'default', TEMPORAL_API_KEY: undefined });
    expect(() => loadSettings(['SIMULATOR_PORT', 'LOG_LEVEL'], { SIMULATOR_PORT: 'four', LOG_LEVEL: 'loud' })).toThrow(
      /SIMULATOR_PORT is invalid.*LOG_LEVEL is invalid/,
    );
    expect(() => loadSettings(['DATABASE_URL'], { DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL is invalid \(a postgres:\/\/ URL\)/,
    );
  });
});
