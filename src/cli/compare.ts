import type { Command } from 'commander';

/** Registers `mc2-telemetry compare` on the program. */
export function registerCompare(program: Command, setCode: (code: number) => void): void {
  void program;
  void setCode;
}
