// Adobe's Journey error answers in every documented form, and a message for every documented code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adviceFor, JourneyApiError, parseJourneyError } from '../../../src/core/journey/errors';

describe('Journey error envelopes', () => {
  it('reads error as a JSON string (throttling docs)', () => {
    const body = JSON.stringify({ status: 400, error: JSON.stringify({ code: 1465, family: 'INPUT_OUTPUT_ERROR', message: 'Only one' }), requestId: 'r-1' });
    assert.deepEqual(parseJourneyError(400, body), { status: 400, code: '1465', family: 'INPUT_OUTPUT_ERROR', apiMessage: 'Only one', requestId: 'r-1' });
  });

  it('reads error as an object (capping spec)', () => {
    const body = JSON.stringify({ status: 500, error: { code: 1451, message: 'deployed' } });
    assert.equal(parseJourneyError(500, body).code, '1451');
    assert.equal(parseJourneyError(500, body).apiMessage, 'deployed');
  });

  it('reads errorCode variants, canDeploy error lists and the gateway form', () => {
    assert.equal(parseJourneyError(400, '{"errorCode":"ERR_ENDPOINTCONFIG_101","message":"capping config: malformed url"}').code, 'ERR_ENDPOINTCONFIG_101');
    assert.equal(parseJourneyError(400, '{"error":{"errorCode":"ERR_ENDPOINTCONFIG_103","error":"no methods"}}').apiMessage, 'no methods');
    assert.equal(parseJourneyError(400, '{"errors":[{"errorCode":107,"error":"bad count"}]}').code, '107');
    assert.equal(parseJourneyError(200, '{"canDeploy":{"errors":[{"errorCode":"ERR_ENDPOINTCONFIG_108"}]}}').code, 'ERR_ENDPOINTCONFIG_108');
    assert.deepEqual(parseJourneyError(401, '{"error_code":"401013","message":"Oauth token is not valid"}'), { status: 401, code: '401013', apiMessage: 'Oauth token is not valid' });
    assert.equal(parseJourneyError(400, '{"error":"invalid_token","error_description":"expired"}').code, 'invalid_token');
  });

  it('survives HTML, text, an empty body and a string error that is not JSON', () => {
    assert.deepEqual(parseJourneyError(502, '<html><body>Bad gateway</body></html>'), { status: 502 });
    assert.deepEqual(parseJourneyError(500, ''), { status: 500 });
    assert.equal(parseJourneyError(503, 'upstream timeout').apiMessage, 'upstream timeout');
    assert.equal(parseJourneyError(400, '{"status":400,"error":"{not json"}').apiMessage, '{not json');
  });

  it('has advice for every documented code', () => {
    const codes = [
      'ERR_ENDPOINTCONFIG_100', 'ERR_ENDPOINTCONFIG_101', 'ERR_ENDPOINTCONFIG_102', 'ERR_ENDPOINTCONFIG_103', 'ERR_ENDPOINTCONFIG_104',
      'ERR_ENDPOINTCONFIG_106', 'ERR_ENDPOINTCONFIG_107', 'ERR_ENDPOINTCONFIG_108', 'ERR_ENDPOINTCONFIG_111', 'ERR_ENDPOINTCONFIG_112',
      'ERR_AUTHORING_ENDPOINTCONFIG_1', 'ERR_THROTTLING_CONFIG_100', 'ERR_THROTTLING_CONFIG_101', 'ERR_THROTTLING_CONFIG_104',
      'ERR_THROTTLING_CONFIG_105', 'ERR_THROTTLING_CONFIG_106', 1451, 1456, 1457, 1458, 1459, 1460, 1461, 1462, 1463, 1464, 1465,
      14466, 14467, 14468, 4000,
    ];
    for (const code of codes) assert.ok(adviceFor(code), `no advice for ${code}`);
  });

  it('composes one message: operation, status, code, what to do, Adobe\'s words and the request id', () => {
    const error = new JourneyApiError('Create throttling config', { status: 400, code: '1463', apiMessage: 'sandbox dev is not production', requestId: 'r-9' });
    assert.equal(
      error.message,
      'Create throttling config failed: HTTP 400 1463. Throttling configs can only be managed in a production sandbox: switch the sandbox (x-sandbox-name) to your production one, e.g. prod. (Adobe: sandbox dev is not production) [request r-9]',
    );
    assert.match(new JourneyApiError('List', { status: 403 }).message, /Manage Journeys Events, Data Sources and Action/);
    assert.match(new JourneyApiError('List', { status: 502 }).message, /server error; try again later/);
  });
});
