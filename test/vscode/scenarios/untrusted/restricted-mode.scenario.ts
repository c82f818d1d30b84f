import { scenario } from '../../harness/scenario';
import { welcomeFirstLine } from '../manifest-text';

scenario('in Restricted Mode the Adobe I/O views still render their welcome text', async ({ workbench }) => {
  await workbench.expectText(workbench.page.locator('.part.statusbar'), 'Restricted Mode', 'the status bar');
  await workbench.openViewContainer('Adobe I/O');
  await workbench.expectText(workbench.view('Profiles').locator('.welcome-view-content'), welcomeFirstLine('aioRequests.profiles'), 'Profiles welcome');
});
