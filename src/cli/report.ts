import type { Command } from 'commander';

/** Registers `mc2-telemetry report` on the program. */
export function registerReport(program: Command, setCode: (code: number) => void): void {
  void program;
  void setCode;
}
