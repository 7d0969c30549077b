import type { Command } from 'commander';

/** Registers `mc2-telemetry watch` on the program. */
export function registerWatch(program: Command, setCode: (code: number) => void): void {
  void program;
  void setCode;
}
