// The converters, as one entry point: the extension bundles them separately (dist/import.js) and loads them
// on first use, so the paste check on every edit does not pay for them at activation.
export { curlToHttp, type CurlConversion, type CurlToHttpOptions } from './http-text';
export { postmanToHttp, type PostmanConversion } from './postman';
