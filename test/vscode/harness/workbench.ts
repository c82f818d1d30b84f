import { existsSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { basename, dirname, join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, OUTPUT_DIR } from './paths';

export const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');

/** Headless Chromium; its own config and cache homes keep even its crash reports out of the user's ~/.config. */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const home = join(OUTPUT_DIR, 'chromium-home');
  const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, env });
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

  /**
   * The one way a scenario waits: polls `condition` (a DOM or in-host query) until it returns something
   * other than false/undefined, or fails after `timeoutMs` saying what never appeared. Never a fixed delay.
   */
  async waitUntil<T>(condition: () => Promise<T | false | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await condition();
        if (value !== false && value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        const cause = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
        throw new Error(`waited ${timeoutMs} ms for ${what}; it never happened${cause}`);
      }
      await sleep(50);
    }
  }

  /** Runs a command from the palette (F1) by its full title, e.g. `Adobe I/O: Show Log`. */
  async runCommand(title: string): Promise<void> {
    // A focused webview (an iframe) keeps F1 to itself: give the focus back to the workbench first.
    await this.page.evaluate("document.activeElement?.tagName === 'IFRAME' && document.activeElement.blur()");
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: 10_000 });
    await this.quickInputBox.fill(`>${title}`);
    const row = this.quickInput.locator('.monaco-list-row', { hasText: title }).first();
    // The palette lists the commands known when it filters: one the extension host registers a moment later (a
    // scenario that runs first in its session) appears only once the text changes, so retype until it shows.
    let typedAt = Date.now();
    await this.waitUntil(async () => {
      if (await row.isVisible()) return true;
      if (Date.now() - typedAt < 1000) return false;
      await this.quickInputBox.fill(`>${title.slice(0, -1)}`);
      await this.quickInputBox.fill(`>${title}`);
      typedAt = Date.now();
      return false;
    }, `the command palette to list "${title}"`, 20_000);
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
   * that ask again right after). `title`: wait for the picker with that title first (not the closing palette).
   * The picker puts its start folder in the box a moment after it opens and navigates as the text changes:
   * give it the folder until it lists that folder, then type the name, and accept once the box holds the path.
   */
  async typePath(absolutePath: string, title?: RegExp): Promise<void> {
    if (title) await this.expectText(this.quickInput.locator('.quick-input-title'), title, 'the file picker');
    const box = this.quickInputBox;
    const folder = `${dirname(absolutePath)}/`;
    const name = basename(absolutePath);
    await this.waitUntil(async () => (await box.isVisible()) && (await box.inputValue()) !== '', 'the file picker to show its start folder');
    // An existing file: its row proves the picker lists our folder (a late start-folder update would rewrite the box).
    const rows = this.quickInput.locator('.monaco-list-row');
    const listed = existsSync(absolutePath) ? rows.filter({ hasText: name }) : rows;
    await this.waitUntil(async () => {
      if ((await box.inputValue()) !== folder) return void (await box.fill(folder));
      return (await listed.count()) > 0;
    }, `the file picker to list the folder ${folder}${listed === rows ? '' : ` with ${name} in it`}`);
    await box.pressSequentially(name, { delay: 20 });
    await this.waitUntil(async () => (await box.inputValue()) === absolutePath, `the file picker to hold ${absolutePath}`);
    await box.press('Enter');
  }

  /**
   * Answers a `showInputBox` step whose prompt matches: fills the box, waits until it holds the text and shows
   * no validation error, accepts, and waits until the step is gone (the next prompt, or the box closed).
   */
  async answer(prompt: RegExp, text: string): Promise<void> {
    const step = this.quickInput.filter({ hasText: prompt });
    await this.expectVisible(step, `the input box asking ${String(prompt)}`);
    await this.quickInputBox.fill(text);
    await this.waitUntil(
      async () => (await this.quickInputBox.inputValue()) === text && (await this.quickInput.locator('.monaco-inputbox.error').count()) === 0,
      `the input box asking ${String(prompt)} to accept "${text}" without a validation error`,
    );
    await this.quickInputBox.press('Enter');
    await this.waitUntil(async () => !(await step.isVisible()), `the input box asking ${String(prompt)} to move on after Enter`);
  }

  /** Chooses the row `label` of a quick pick, and waits until the pick has moved on. */
  async choose(label: string): Promise<void> {
    const row = this.quickInput.locator('.monaco-list-row', { hasText: label }).first();
    await this.expectVisible(row, `the choice "${label}"`);
    await row.click();
    await this.waitUntil(async () => !(await row.isVisible()), `the choice "${label}" to be taken`);
  }

  /**
   * Right-clicks `target` and chooses `item` from its context menu. The menu acts on the keyboard reliably
   * (a synthetic click can land while it is still animating): hover the item until the menu focuses it, then Enter.
   */
  async contextMenu(target: Locator, item: string | RegExp): Promise<void> {
    await target.click({ button: 'right' });
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    await entry.waitFor({ state: 'visible', timeout: 10_000 });
    // Focused means keyboard focus too: the menu may still move focus while it opens.
    await this.waitUntil(async () => {
      await entry.hover();
      return entry.evaluate((el) => el.classList.contains('focused') && el.contains(el.ownerDocument.activeElement));
    }, `the context menu to focus "${String(item)}"`);
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
