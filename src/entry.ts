/**
 * What bin/run.js starts: oclif's entry, built into the same bundle as the commands (scripts/bundle.js),
 * so oclif and localclaw load as a few files instead of hundreds of modules.
 */
export {execute} from '@oclif/core/execute'
