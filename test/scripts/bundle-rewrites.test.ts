import {describe, expect, it} from 'vitest'

import {compileFactoriesWithModule, requireBuiltins} from '../../scripts/bundle-rewrites.js'

const evaluate = (code: string) => new Function(code)() as unknown

describe('requireBuiltins: ES imports of built-ins become getBuiltinModule consts', () => {
  it('named, renamed, default and namespace imports bind what the ES import bound', () => {
    const code = [
      'import { join, basename as base } from "node:path";',
      'import os from "node:os";',
      'import * as fs from "node:fs";',
      'return [join("a", "b"), base("/x/y"), typeof os.platform, typeof fs.readFileSync];',
    ].join('\n')
    const rewritten = requireBuiltins(code, 'chunk.js')
    expect(rewritten).not.toMatch(/^import /m)
    expect(evaluate(rewritten)).toEqual(['a/b', 'y', 'function', 'function'])
  })

  it('node:process as `process` is the global; under another name it is bound to it', () => {
    const rewritten = requireBuiltins('import process from "node:process";\nimport process2 from "node:process";\nreturn process2 === process;', 'c.js')
    expect(rewritten).not.toMatch(/const process =/)
    expect(evaluate(rewritten)).toBe(true)
  })

  it('imports of the bundle\'s own chunks and of packages stay as they are', () => {
    const code = 'import { a } from "./chunk-X.js";\nimport ejs from "ejs";\n'
    expect(requireBuiltins(code, 'c.js')).toBe(code)
  })

  it('a clause it does not know fails the build', () => {
    expect(() => requireBuiltins('import { default as x } from "node:fs";', 'c.js')).toThrow(/c\.js: unexpected default import/)
  })
})

describe('compileFactoriesWithModule: esbuild\'s module wrappers become parenthesised function expressions', () => {
  const wrapper = (name: string, params: string) =>
    `var ${name} = __commonJS({\n  "node_modules/x/${name}.js"(${params}) {\n    exports.value = 1;\n  }\n});`

  it('each wrapper keeps its key, parameters and body', () => {
    const code = `${wrapper('require_a', 'exports, module')}\n${wrapper('require_b', 'exports')}\n`
    const rewritten = compileFactoriesWithModule(code, 'c.js')
    expect(rewritten).toContain('"node_modules/x/require_a.js": (function(exports, module) {\n    exports.value = 1;\n  })\n});')
    expect(rewritten).toContain('"node_modules/x/require_b.js": (function(exports) {')
    const factory = evaluate(`const __commonJS = (cb) => cb;\n${rewritten}\nreturn require_a;`) as Record<string, (exports: object) => void>
    const exports = {}
    factory['node_modules/x/require_a.js']!(exports)
    expect(exports).toEqual({value: 1})
  })

  it('a wrapper of another shape fails the build', () => {
    const odd = 'var require_c = __commonJS({\n  "node_modules/x/c.js": function(exports) {\n  }\n});'
    expect(() => compileFactoriesWithModule(odd, 'c.js')).toThrow(/c\.js: 1 of esbuild's module wrappers have a shape/)
  })
})
