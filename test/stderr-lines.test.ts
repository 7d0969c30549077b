import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/advanced.js';
import { dropStderrLines } from '../src/parse/stderr-lines.js';

const DOC =
  '<nvidia_smi_log>\n\t<timestamp>Wed Dec  2 04:40:00 2026</timestamp>\n\t<gpu id="00000000:01:00.0">\n\t\t<product_name>NVIDIA H200</product_name>\n' +
  '\t\t<clocks>\n\t\t\t<sm_clock>1980 MHz</sm_clock>\n\t\t</clocks>\n\t</gpu>\n</nvidia_smi_log>';

/** DOC with `line` put in at character `at`. */
const withLine = (at: number, line: string): Buffer => Buffer.from(DOC.slice(0, at) + line + DOC.slice(at));

describe('dropStderrLines', () => {
  it('takes each known nvidia-smi stderr line out wherever it landed, and lists it', () => {
    const at = DOC.indexOf('1980') + 2; // inside the value
    const r = dropStderrLines(withLine(at, 'WARNING: infoROM is corrupted at gpu 0000:04:00.0\n'));
    expect(r?.lines).toEqual(['WARNING: infoROM is corrupted at gpu 0000:04:00.0']);
    expect(Buffer.from(r!.bytes).toString('latin1')).toBe(DOC);
    const two = dropStderrLines(
      Buffer.from(
        DOC.replace('<clocks>', '<clo' + 'Failed to initialize NVML: Unknown Error\n' + 'cks>').replace(
          '</gpu>',
          '</g' + 'Unable to determine the device handle for GPU0000:3B:00.0: Unknown Error\r\n' + 'pu>',
        ),
      ),
    );
    expect(two?.lines).toEqual([
      'Failed to initialize NVML: Unknown Error',
      'Unable to determine the device handle for GPU0000:3B:00.0: Unknown Error',
    ]);
    expect(Buffer.from(two!.bytes).toString('latin1')).toBe(DOC);
  });
  it('is null for a document with none (a value that merely mentions NVML is not one: no line end)', () => {
    expect(dropStderrLines(Buffer.from(DOC))).toBeNull();
    expect(dropStderrLines(Buffer.from(DOC.replace('NVIDIA H200', 'Failed to initialize NVML: x')))).toBeNull();
  });
  it('parseDocument reads a document with a stderr line inside a value, a tag or between elements as the clean one, on every parser', () => {
    const clean = parseDocument(Buffer.from(DOC));
    for (const at of [DOC.indexOf('1980') + 2, DOC.indexOf('<clocks>') + 3, DOC.indexOf('\t\t<clocks>')]) {
      const bytes = withLine(at, 'WARNING: infoROM is corrupted at gpu 0000:04:00.0\n');
      for (const parser of ['fast', 'js', 'reference'] as const) {
        const s = parseDocument(bytes, { parser });
        expect(s.stderrLines).toEqual(['WARNING: infoROM is corrupted at gpu 0000:04:00.0']);
        const { stderrLines: _, ...rest } = s;
        expect(rest).toStrictEqual(clean);
      }
    }
    expect(clean.gpus[0]!.values).toContain(1980);
  });
});
