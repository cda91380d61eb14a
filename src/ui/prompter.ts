/**
 * The questions `oos resolve` asks, behind a small interface: the real one
 * wraps @inquirer/prompts (loaded only when a person is at a terminal), tests
 * use a scripted one that fails on any question it did not expect.
 */
export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
  /** true, or the reason shown next to a choice that cannot be picked. */
  disabled?: boolean | string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
  input(message: string, opts?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
}

/** The real prompts. Ctrl+C rejects with ExitPromptError, which cli.ts turns into exit 130. */
export async function inquirerPrompter(): Promise<Prompter> {
  const { select, input } = await import('@inquirer/prompts');
  return {
    select: <T extends string>(message: string, choices: Choice<T>[], defaultValue?: T) =>
      select<T>({ message, choices: choices.map((c) => ({ value: c.value, name: c.name, description: c.description, disabled: c.disabled })), default: defaultValue, pageSize: 12 }),
    input: (message, opts = {}) => input({ message, default: opts.default, validate: opts.validate }),
  };
}
