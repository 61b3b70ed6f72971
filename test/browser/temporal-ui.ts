import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/**
 * A small page object for the Temporal Web UI that the CLI dev server bundles
 * (CLI v1.5.1, UI 2.42.1), driven by a real headless Chromium (Debian's
 * `chromium` package; `npm run setup` installs it when it can).
 *
 * What that UI renders, as found by exploring it (selectors are roles and
 * texts where the UI has them, the UI's own data-testids otherwise):
 * - Workflow list: `/namespaces/{ns}/workflows`, a "</>" toggle
 *   (data-testid toggle-manual-query) opens the raw query box ("Enter a query"
 *   + "Search"); the query ends up in the URL as `?query=`, and opening
 *   that URL directly filters too. Rows link each workflow id.
 * - Workflow page: `/namespaces/{ns}/workflows/{id}` redirects to
 *   `/{runId}/history`. The status badge ("Running", "Completed", ...) sits
 *   in the page header. The static summary and details and the current
 *   details are NOT on the History tab: they are on the "User Metadata" tab
 *   under the headings "Summary", "Details" and "Current Details", each
 *   rendered from Markdown into a same-origin iframe (title "output",
 *   src `/render?content=...`).
 * - "More Actions" -> "Send a Signal": a dialog with a "Select a signal"
 *   dropdown listing the signal names from the workflow's metadata (the
 *   `__temporal_workflow_metadata` query) plus "Custom", a CodeMirror JSON
 *   editor for the input, and "Submit".
 */

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium. Throws (never skips) when it is missing. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(`Chromium not found at ${p}; run npm run setup or apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return p;
}

/** Headless Chromium with the flags this offline machine needs (no update, sync or QUIC probes). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** test-results/browser/ (ignored by git), created on demand. */
export function artifactPath(file: string): string {
  const dir = path.resolve(__dirname, '..', '..', 'test-results', 'browser');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, file);
}

/** Generous: the machine is slow and shared with the rest of the suite. */
const TIMEOUT = 60_000;

export type WorkflowStatusText =
  'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'Timed Out' | 'Continued as New';

export class TemporalUi {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
    readonly namespace = 'default',
  ) {}

  workflowsUrl(query?: string): string {
    const url = `${this.baseUrl}/namespaces/${encodeURIComponent(this.namespace)}/workflows`;
    return query ? `${url}?query=${encodeURIComponent(query)}` : url;
  }

  /** The list page, optionally already filtered through the URL (`?query=`). Resolves once the list answered. */
  async openWorkflowList(query?: string): Promise<void> {
    const listed = this.waitForListResponse(query);
    await this.page.goto(this.workflowsUrl(query));
    await listed;
    await this.page.getByRole('heading', { name: /^\d+ Workflows?\b/ }).waitFor({ timeout: TIMEOUT });
  }

  /** Type a visibility query into the list's own query box and run it, as an operator would. */
  async filterList(query: string): Promise<void> {
    const box = this.page.getByPlaceholder('Enter a query');
    if (!(await box.isVisible())) await this.page.getByTestId('toggle-manual-query').click();
    await box.fill(query);
    const listed = this.waitForListResponse(query);
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
    await listed;
    await this.page.waitForURL((u) => u.searchParams.get('query') === query, { timeout: TIMEOUT });
  }

  /** The list's answer from the UI server for this query (or the unfiltered list). */
  private waitForListResponse(query?: string) {
    return this.page.waitForResponse(
      (r) => {
        const u = new URL(r.url());
        if (!u.pathname.startsWith('/api/') || !u.pathname.endsWith(`/namespaces/${this.namespace}/workflows`))
          return false;
        return query === undefined ? true : u.searchParams.get('query') === query;
      },
      { timeout: TIMEOUT },
    );
  }

  /** The row link of a workflow in the list. */
  workflowLink(workflowId: string): Locator {
    return this.page.getByRole('link', { name: workflowId, exact: true });
  }

  /** Workflow ids the list shows now (links whose text starts with `prefix`). */
  async listedWorkflowIds(prefix = 'order-'): Promise<string[]> {
    const texts = await this.page.getByRole('link').allInnerTexts();
    return texts.map((t) => t.trim()).filter((t) => t.startsWith(prefix));
  }

  /** The workflow's page (its latest run); resolves once its header shows the id. */
  async openWorkflow(workflowId: string): Promise<void> {
    await this.page.goto(`${this.workflowsUrl()}/${encodeURIComponent(workflowId)}`);
    await this.page.getByRole('heading', { name: workflowId }).first().waitFor({ timeout: TIMEOUT });
  }

  async openTab(
    name: 'History' | 'User Metadata' | 'Queries' | 'Search Attributes' | 'Pending Activities',
  ): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}\\b`) }).click();
  }

  /**
   * Text of a Markdown panel on the User Metadata tab ("Summary", "Details",
   * "Current Details"): the iframe nearest to that heading.
   */
  async metadataText(heading: 'Summary' | 'Details' | 'Current Details'): Promise<string> {
    const frame = this.page
      .getByRole('heading', { name: heading, exact: true })
      .locator('xpath=ancestor::div[.//iframe][1]//iframe')
      .first();
    await frame.waitFor({ timeout: TIMEOUT });
    const body = frame.contentFrame().locator('body');
    // The iframe loads its own document; wait until it has text.
    await body.getByText(/\S/).first().waitFor({ timeout: TIMEOUT });
    return (await body.innerText()).trim();
  }

  /** Summary, Details and Current Details as the User Metadata tab renders them. */
  async userMetadata(): Promise<{ summary: string; details: string; currentDetails: string }> {
    await this.openTab('User Metadata');
    return {
      summary: await this.metadataText('Summary'),
      details: await this.metadataText('Details'),
      currentDetails: await this.metadataText('Current Details'),
    };
  }

  /**
   * More Actions -> Send a Signal -> pick `name` -> JSON input -> Submit;
   * resolves once the dialog closed, with the signal names the dropdown
   * offered (the workflow's own, from its metadata, and "Custom").
   */
  async sendSignal(name: string, input: unknown = {}): Promise<{ offered: string[] }> {
    const dialog = await this.openSignalDialog();
    await dialog.locator('button', { has: this.page.getByTestId('signal-select') }).click();
    const option = dialog.getByRole('option', { name, exact: true });
    await option.waitFor({ timeout: TIMEOUT });
    const offered = (await dialog.getByRole('option').allInnerTexts())
      .map((t) => t.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    await option.click();
    // CodeMirror: a contenteditable textbox; replace whatever it holds.
    const editor = dialog.locator('[contenteditable="true"][role="textbox"]');
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(JSON.stringify(input));
    const submit = dialog.getByRole('button', { name: 'Submit', exact: true });
    await submit.click({ timeout: TIMEOUT }); // enabled once a name and valid JSON are in
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    return { offered };
  }

  private async openSignalDialog(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'More Actions' }).click();
    await this.page.getByRole('menuitem', { name: 'Send a Signal' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Send a Signal' });
    await dialog.waitFor({ timeout: TIMEOUT });
    return dialog;
  }

  /** The status badge in the workflow page's header. */
  statusBadge(status: WorkflowStatusText): Locator {
    return this.page.locator('header').getByText(status, { exact: true });
  }

  /**
   * Wait until the workflow page's header shows `status`. The page refreshes
   * a running workflow by itself; should it miss the change, reload (bounded).
   */
  async waitForStatus(status: WorkflowStatusText, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      try {
        await this.statusBadge(status)
          .first()
          .waitFor({ timeout: Math.max(1000, Math.min(20_000, left)) });
        return;
      } catch (err) {
        if (Date.now() >= deadline)
          throw new Error(`The workflow page did not show status "${status}" within ${timeoutMs} ms`, { cause: err });
        await this.page.reload();
      }
    }
  }
}
