/** A Prompter that answers from a script and fails on any question it did not expect. */
import type { Choice, Prompter } from '../../src/ui/prompter.js';

export interface Answer {
  /** The question must match this. */
  ask: RegExp;
  /** A choice value, or input text; undefined = accept the default. */
  answer?: string;
}

export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  constructor(private readonly script: Answer[]) {}

  private next(message: string): Answer {
    this.asked.push(message);
    const a = this.script.shift();
    if (!a) throw new Error(`unexpected question (script is empty): ${message}`);
    if (!a.ask.test(message)) throw new Error(`unexpected question: "${message}", expected ${a.ask}`);
    return a;
  }

  async select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T> {
    const a = this.next(message);
    const value = (a.answer ?? defaultValue ?? choices.find((c) => !c.disabled)?.value) as T;
    const choice = choices.find((c) => c.value === value);
    if (!choice) throw new Error(`"${value}" is not a choice of "${message}": ${choices.map((c) => c.value).join(', ')}`);
    if (choice.disabled) throw new Error(`"${value}" is disabled in "${message}": ${String(choice.disabled)}`);
    return value;
  }

  async input(message: string, opts: { default?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
    const a = this.next(message);
    const value = a.answer ?? opts.default ?? '';
    const ok = opts.validate ? opts.validate(value) : true;
    if (ok !== true) throw new Error(`answer "${value}" to "${message}" rejected: ${ok}`);
    return value;
  }

  get done(): boolean {
    return this.script.length === 0;
  }
}
