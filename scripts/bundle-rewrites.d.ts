/** ES imports of Node's built-ins in `code` as process.getBuiltinModule consts; throws on a clause it does not know. */
export function requireBuiltins(code: string, file: string): string
/** esbuild's CommonJS and ESM module wrappers as parenthesised function expressions; throws on one of another shape. */
export function compileFactoriesWithModule(code: string, file: string): string
