/** Prompts, imported lazily: @inquirer/prompts is only loaded when a person is asked something. */
/** `disabled` (a reason) shows a choice that cannot be taken, greyed out with why. */
export async function choose(message: string,
  choices: Array<{name: string; value: string; description?: string; disabled?: string}>): Promise<string> {
  const {select} = await import('@inquirer/prompts')
  return select({message, choices}, {output: process.stderr})
}

export async function confirm(message: string, defaultAnswer = false): Promise<boolean> {
  const {confirm: ask} = await import('@inquirer/prompts')
  return ask({message, default: defaultAnswer}, {output: process.stderr})
}
