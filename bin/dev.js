#!/usr/bin/env -S node --import tsx
// Development entry: runs src/ directly through tsx; oclif maps dist/commands to src/commands.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
