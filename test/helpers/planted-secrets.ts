import {readFileSync} from 'node:fs'

import {fixturePath} from './fixtures.js'

/** The config with one planted secret of each leaked shape (fixtures README: openclaw/planted-secrets). */
export const PLANTED_CONFIG = readFileSync(fixturePath('openclaw/planted-secrets.COMPOSED.json5'), 'utf8')

/** Every secret planted in it, as a fragment that must appear in no output. */
export const PLANTED_SECRETS = [
  'sk-proj-PLANTEDa1b2c3d4e5f6g7h8i9j0', 'q8Zt3LmN9vXc2RpK7sWd4Hf6', 'gsk_PLANTEDabcdefghijklmnopqrstu', 'gw-planted-7f3a9c',
  'AAPLANTEDxxxxxxxxxxxxxxxxxxxxxxxxxx', 'xoxb-PLANTED-1234567890-abcdef', 'xyzPLANTEDsecret', 'hunter2planted',
  'sk-ant-api03-PLANTEDzyxwvutsrqponmlk', 'plainpassword-planted', 'PLANTED-bearer-0011', 'PLANTEDcookie99',
  'or-key-planted-one', 'or-key-planted-two', 'AKIAPLANTED123456789', 'wJalrPLANTEDbPxRfiCYEXAMPLEKEY', 'MIIPLANTEDkey',
  'proxypass-planted', 'tokparam-planted', 'keyparam-planted', 'ghp_PLANTEDabcdefghijklmnopqrstuvwx', 'c2lnbmF0dXJlUExBTlRFRA',
]

/** The planted secrets that appear in a text. */
export const leaked = (text: string) => PLANTED_SECRETS.filter((secret) => text.includes(secret))
