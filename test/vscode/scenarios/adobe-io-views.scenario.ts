import { scenario } from '../harness/scenario';
import { welcomeFirstLine } from './manifest-text';

scenario('the Adobe I/O container shows Profiles and Endpoints with their welcome text', async ({ workbench }) => {
  await workbench.openViewContainer('Adobe I/O');
  const profiles = workbench.view('Profiles');
  const endpoints = workbench.view('Endpoints');
  await workbench.expectText(profiles.locator('.welcome-view-content'), welcomeFirstLine('aioRequests.profiles'), 'Profiles welcome');
  await workbench.expectVisible(profiles.getByRole('button', { name: /Import config\.zip/ }), 'the Import config.zip… button');
  await workbench.expectText(endpoints.locator('.welcome-view-content'), welcomeFirstLine('aioRequests.endpoints'), 'Endpoints welcome');
  await workbench.expectVisible(endpoints.getByRole('button', { name: /Import Credentials/ }), 'the Import Credentials… button of the Endpoints view');
});
