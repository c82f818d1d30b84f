import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, OUTPUT_DIR } from './paths';

export const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** A code-server workbench page, driven the way a user drives it. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Loads the workbench and waits until it has rendered (the extension host starts only then). */
  async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** The quick input (command palette, quick picks, the file picker). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** Runs a command from the palette (F1) by its full title, e.g. `Adobe I/O: Show Log`. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: 10_000 });
    await this.quickInputBox.fill(`>${title}`);
    const row = this.quickInput.locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
  }

  /**
   * Answers code-server's file picker (a quick input, not a native dialog): replaces the path in its box
   * and accepts. Works for open and save dialogs alike.
   */
  async pickPath(absolutePath: string): Promise<void> {
    await this.typePath(absolutePath);
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Types a path into code-server's file picker and presses Enter, without waiting for it to close (for flows
   * that ask again right after). The picker puts its start folder in the box a moment after it opens, and
   * navigates as the text changes: wait for it to settle, give it the folder, then type the name.
   */
  async typePath(absolutePath: string): Promise<void> {
    const box = this.quickInputBox;
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    let last = '';
    let stableSince = Date.now();
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await this.page.waitForTimeout(100)) {
      const value = await box.inputValue();
      if (value !== last) [last, stableSince] = [value, Date.now()];
      else if (value && Date.now() - stableSince > 500) break;
    }
    const folder = `${dirname(absolutePath)}/`;
    for (let attempt = 1; ; attempt++) {
      await box.fill(folder);
      await this.page.waitForTimeout(500);
      const seen = await box.inputValue();
      if (seen === folder) break;
      if (attempt === 5) throw new Error(`the file picker did not take the folder ${folder} (it shows ${seen})`);
    }
    await box.pressSequentially(basename(absolutePath), { delay: 20 });
    await this.page.waitForTimeout(300);
    await box.press('Enter');
  }

  /**
   * Right-clicks `target` and chooses `item` from its context menu. The menu acts on the keyboard reliably
   * (a synthetic click can land while it is still animating): hover the item, then press Enter.
   */
  async contextMenu(target: Locator, item: string | RegExp): Promise<void> {
    await target.click({ button: 'right' });
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    await entry.waitFor({ state: 'visible', timeout: 10_000 });
    await entry.hover();
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** Clicks a view container in the activity bar, e.g. `Adobe I/O`. */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    const expanded = await item.locator('xpath=..').getAttribute('aria-expanded');
    if (expanded !== 'true') await item.click();
  }

  /** The side bar pane of a view, e.g. `Profiles`. */
  view(name: string): Locator {
    return this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header', { hasText: name }) });
  }

  /** The text of the notifications on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  /** Waits until `locator` shows `text`; the error names `what`. */
  async expectText(locator: Locator, text: string | RegExp, what: string, timeoutMs = 15_000): Promise<void> {
    try {
      await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const seen = (await locator.allInnerTexts().catch(() => [])).join(' | ').slice(0, 500);
      throw new Error(`${what}: expected to show ${String(text)}; it shows: ${seen || '(nothing)'}`);
    }
  }

  /** Waits until `locator` is visible; the error names `what`. */
  async expectVisible(locator: Locator, what: string, timeoutMs = 15_000): Promise<void> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      throw new Error(`${what}: not visible after ${timeoutMs} ms`);
    }
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
