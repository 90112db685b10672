// `npm run lint`: ESLint over src, test, scripts, bench and bin with typescript-eslint's recommended
// rules and a 140-character line limit. typescript-eslint (and ts-api-utils, which npm may hoist beside
// the project's TypeScript 7) get this folder's TypeScript 6 (see package.json): every `typescript`
// resolved in this process is that one.
import {createRequire, registerHooks} from 'node:module'
import {fileURLToPath, pathToFileURL} from 'node:url'

const typescript6 = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href
registerHooks({
  resolve: (specifier, context, nextResolve) => (specifier === 'typescript' ? {url: typescript6, format: 'commonjs', shortCircuit: true} : nextResolve(specifier, context)),
})

const {default: stylistic} = await import('@stylistic/eslint-plugin')
const {ESLint} = await import('eslint')
const {default: tseslint} = await import('typescript-eslint')

const root = fileURLToPath(new URL('../..', import.meta.url))

const config = tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'tools/**', 'coverage/**', '.tools/**', 'test/fixtures/**']},
  {
    files: ['**/*.ts', '**/*.js'],
    extends: [tseslint.configs.recommended],
    plugins: {'@stylistic': stylistic},
    languageOptions: {globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly'}},
    rules: {
      // A leading underscore is a value taken apart on purpose and dropped.
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true}],
      // Code wraps at 140; a line may run longer only for one message, URL or pattern that would read worse cut in two.
      '@stylistic/max-len': ['error', {code: 140, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true}],
    },
  },
  // Tests reach into parsed JSON documents field by field; typing each shape would only restate the fixture.
  {files: ['test/**'], rules: {'@typescript-eslint/no-explicit-any': 'off'}},
)

const eslint = new ESLint({cwd: root, overrideConfigFile: true, overrideConfig: config})
const results = await eslint.lintFiles(['src', 'test', 'scripts', 'bench', 'bin'])
const formatter = await eslint.loadFormatter('stylish')
const output = await formatter.format(results)
if (output) process.stdout.write(output)
process.exitCode = results.some((result) => result.errorCount > 0) ? 1 : 0
