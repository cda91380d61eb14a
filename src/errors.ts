/**
 * Exit codes fixed by the CLI contract (sysexits.h values plus 130 for Ctrl+C).
 * Every expected failure is an OosError carrying one of these; src/cli.ts is the
 * only place that turns it into stderr text and a process exit.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 64,
  dataErr: 65,
  noInput: 66,
  cantCreate: 73,
  tempFail: 75,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class OosError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OosError';
  }
}

export const usageError = (message: string, hint?: string) => new OosError(ExitCode.usage, message, hint);
export const dataError = (message: string, hint?: string) => new OosError(ExitCode.dataErr, message, hint);
export const noInputError = (message: string, hint?: string) => new OosError(ExitCode.noInput, message, hint);
export const cantCreateError = (message: string, hint?: string) => new OosError(ExitCode.cantCreate, message, hint);
export const busyError = (message: string, hint?: string) => new OosError(ExitCode.tempFail, message, hint);

/**
 * A remedy that needs a choice the operator has not given (a date, an amount): 64. The domain
 * says what is missing; the command that asked names its own way to give it (a flag, a prompt).
 */
export class ChoiceNeededError extends OosError {
  constructor(
    message: string,
    readonly needs: 'date' | 'amount',
  ) {
    super(ExitCode.usage, message, needs === 'date' ? 'give a date you can keep, from today on' : 'give the amount to refund');
    this.name = 'ChoiceNeededError';
  }
}

/** Another oos run changed the case between reading it and recording a step: 75, and the walk-through reloads it. */
export class CaseChangedError extends OosError {
  constructor(orderId: string) {
    super(ExitCode.tempFail, `case ${orderId} was changed by another oos run while you were working on it; nothing was recorded`, 'run "oos resolve" again to see the case as it is now');
    this.name = 'CaseChangedError';
  }
}

/** A place in an input file, for messages that must name file, line and field. */
export interface DataLocation {
  file: string;
  line?: number;
  field?: string;
  value?: string;
}

export function locatedDataError(loc: DataLocation, problem: string, hint?: string): OosError {
  const parts = [loc.file];
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.field !== undefined) parts.push(`field "${loc.field}"`);
  const value = loc.value !== undefined ? ` (value ${JSON.stringify(truncate(loc.value, 60))})` : '';
  return dataError(`${parts.join(', ')}: ${problem}${value}`, hint);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
