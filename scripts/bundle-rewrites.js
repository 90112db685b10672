// Text rewrites of esbuild's output that bundle.js applies after the build, each for startup time
// (bench/startup.js). Each throws on a form it does not know, so an esbuild upgrade fails the build
// instead of shipping a half-rewritten bundle.
import {isBuiltin} from 'node:module'

/**
 * The bundle's ES imports of Node's own modules, rewritten to process.getBuiltinModule. An ES import
 * of a built-in builds the module's whole namespace, reading every lazily loaded export on the way:
 * node:process about 6 ms, node:util 1.5 ms (it loads parseArgs, util.diff and worker_threads),
 * node:tty 1 ms, measured. getBuiltinModule (Node 22.3+; bin/run.js checks the version before the
 * bundle loads) returns the module object as require() does, reading nothing. esbuild puts each
 * module's imports where its code starts and a module's dependencies before it, so the const an
 * import becomes is set before that module's code runs.
 */
export function requireBuiltins(code, file) {
  return code.replace(/^import\s+([^;"']+?)\s+from\s+"([^"]+)";$/gm, (statement, clause, specifier) => {
    if (!isBuiltin(specifier)) return statement
    const builtin = `globalThis.process.getBuiltinModule(${JSON.stringify(specifier)})`
    const declarations = []
    let rest = clause
    const named = /\{([^}]*)\}/.exec(rest)
    if (named) {
      const bindings = named[1].split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
        const [name, local] = part.split(/\s+as\s+/)
        if (name === 'default') throw new Error(`${file}: unexpected default import in ${statement}`)
        return local ? `${name}: ${local}` : name
      })
      declarations.push(`const { ${bindings.join(', ')} } = ${builtin};`)
      rest = rest.replace(named[0], '')
    }
    const namespace = /\*\s+as\s+([\w$]+)/.exec(rest)
    if (namespace) {
      declarations.push(`const ${namespace[1]} = ${builtin};`)
      rest = rest.replace(namespace[0], '')
    }
    const name = rest.replace(/,/g, '').trim()
    if (name && !/^[\w$]+$/.test(name)) throw new Error(`${file}: cannot rewrite ${statement}`)
    // The global process is the module node:process exports.
    if (name && name !== 'process') declarations.push(`const ${name} = ${builtin};`)
    return declarations.join(' ')
  })
}

/**
 * esbuild wraps each CommonJS module (oclif and most dependencies) in a method, `"path"(exports, module)
 * { ... }`, that runs on first require. V8 compiles a function when it is first called and Node's
 * compile cache keeps only what was compiled with the module, so every run compiled those bodies
 * again: about 8 ms of each command's start in the CPU profile. A function expression in parentheses
 * is compiled with its module (V8's heuristic for functions called at once) and so comes from the cache.
 * Measured side by side (81 rounds): --help 79 -> 73 ms, detect --json 94 -> 89, recommend --json 102 -> 98;
 * the first run, which fills the cache, about as long as before.
 */
export function compileFactoriesWithModule(code, file) {
  const factories = code.match(/^var [\w$]+ = __(?:commonJS|esm)\(\{$/gm)?.length ?? 0
  let rewritten = 0
  const result = code.replace(/^(var [\w$]+ = __(?:commonJS|esm)\(\{\n  "[^"]+")\(([\w$, ]*)\) \{\n([\s\S]*?)\n  \}\n\}\);$/gm,
    (_, head, params, body) => {
      rewritten++
      return `${head}: (function(${params}) {\n${body}\n  })\n});`
    })
  if (rewritten !== factories) throw new Error(`${file}: ${factories - rewritten} of esbuild's module wrappers have a shape this build does not know`)
  return result
}
