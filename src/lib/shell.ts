/** One argument as a POSIX shell reads it back: bare where that is safe, else in single quotes. */
export const shellWord = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)

/** A command line that runs the argv as given. */
export const shellLine = (argv: string[]): string => argv.map(shellWord).join(' ')
