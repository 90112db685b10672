import path from 'node:path'

import {firstVersion, getJson, answeredButNot, isRecord, notAnswering, type Runtime} from './runtime.js'

/**
 * LM Studio: `lms` lives in <LM Studio home>/bin, normally ~/.lmstudio/bin (legacy ~/.cache/lm-studio/bin),
 * often not on PATH until `lms bootstrap`. GET /lmstudio-greeting -> {"lmstudio": true} is exactly
 * the check `lms` itself makes (runtimes.md section 2).
 */
export const lmstudio: Runtime = {
  id: 'lmstudio',
  name: 'LM Studio',
  defaultPort: 1234,
  binaries: ['lms'],
  extraBinaryDirs: (system) => [
    path.join(system.homedir, '.lmstudio', 'bin'),
    path.join(system.homedir, '.cache', 'lm-studio', 'bin'),
  ],
  versionArgs: ['version'],
  parseVersion: firstVersion,
  defaultBaseUrl: () => 'http://127.0.0.1:1234',
  async identify(http, baseUrl, timeoutMs) {
    const answer = await getJson(http, `${baseUrl}/lmstudio-greeting`, timeoutMs)
    if ('failure' in answer) return notAnswering(baseUrl, answer.failure)
    if (answer.status === 200 && isRecord(answer.json) && answer.json.lmstudio === true) {
      return {url: baseUrl, answering: true, identified: true, version: null, detail: 'LM Studio server is running'}
    }
    return answeredButNot(baseUrl, 'LM Studio', `GET /lmstudio-greeting -> HTTP ${answer.status}`)
  },
}
