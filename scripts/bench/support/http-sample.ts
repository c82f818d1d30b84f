// The generated `.http` file the parse and language benches share: names, directives, variables, query
// continuations, headers, JSON bodies, chains, an Adobe host and a Campaign host.

export function generate(count: number): string {
  const out: string[] = ['# @profile Production', '@base = https://platform.adobe.io/journey/orchestration', '@tenant = acme', ''];
  for (let i = 0; i < count; i++) {
    out.push(`### Request ${i}`);
    if (i % 3 === 0) out.push(`# @name req${i}`);
    if (i % 10 === 0) out.push('# @timeout 30s', '# @no-redirect');
    switch (i % 4) {
      case 0:
        out.push(`GET {{base}}/items/${i}`, '    ?page=2', '    &size=50', 'Accept: application/json', `X-Request-Id: ${i}`);
        break;
      case 1:
        out.push(
          `POST {{base}}/items HTTP/1.1`, 'Content-Type: application/json', 'Authorization: Bearer {{$aio.accessToken}}', '',
          '{', `  "id": ${i},`, `  "name": "item ${i}",`, `  "created": "{{$datetime iso8601}}",`, '  "tags": ["a", "b"]', '}',
        );
        break;
      case 2:
        out.push(`put {{base}}/items/{{req${i - 2}.response.body.$.id}}`, 'Content-Type: application/json', '', `{"name": "renamed ${i}"}`);
        break;
      default:
        out.push(`DELETE https://mc.adobe.io/{{tenant}}/campaign/profile/${i}`, '# a comment', 'Cache-Control: no-cache');
    }
    out.push('');
  }
  return out.join('\n');
}
