import type { ErrorCode } from '../errors.js';

/**
 * Says what an input that held no readable nvidia-smi XML document looks like instead, from its
 * first bytes: empty, `nvidia-smi -q` text, `--query-gpu` CSV, "No devices were found", an
 * image, binary data, other XML, or damaged documents only.
 */
export function diagnoseNonLog(head: Uint8Array, bytes: number, damaged: number): { code: ErrorCode; message: string } {
  if (bytes === 0) return { code: 'NO_DOCUMENTS', message: 'empty file: no nvidia-smi XML document' };
  if (damaged > 0) return { code: 'NO_DOCUMENTS', message: `no complete nvidia-smi XML document: ${damaged} damaged document(s) only` };
  const b = Buffer.from(head);
  if (b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG')
    return { code: 'NOT_XML_LOG', message: 'a PNG image, not an nvidia-smi XML log' };
  if (b[0] === 0xff && b[1] === 0xd8) return { code: 'NOT_XML_LOG', message: 'a JPEG image, not an nvidia-smi XML log' };
  if (b.toString('latin1', 0, 4) === '%PDF') return { code: 'NOT_XML_LOG', message: 'a PDF, not an nvidia-smi XML log' };
  let ctrl = 0;
  for (const c of b) if (c === 0 || c < 0x09 || (c > 0x0d && c < 0x20)) ctrl++;
  if (ctrl > b.length / 20) return { code: 'NOT_XML_LOG', message: 'binary data, not an nvidia-smi XML log' };
  const text = b.toString('utf8').replace(/^\uFEFF/, '');
  const t = text.trim();
  if (t === '') return { code: 'NO_DOCUMENTS', message: 'only whitespace: no nvidia-smi XML document' };
  if (/No devices were found/i.test(t))
    return { code: 'NOT_XML_LOG', message: 'nvidia-smi found no GPU ("No devices were found"): no XML document' };
  if (/^\s*Attached GPUs\s*:/m.test(t) || /Driver Version\s*:/.test(t))
    return { code: 'NOT_XML_LOG', message: '`nvidia-smi -q` text without its ==NVSMI LOG== header; give --log-format query-text' };
  const firstLine = t.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.split(',').length >= 3 && !t.startsWith('<'))
    return {
      code: 'NOT_XML_LOG',
      message: 'CSV with columns that are not nvidia-smi query fields; for --query-gpu output written with noheader give --fields',
    };
  if (t.startsWith('<') || t.startsWith('<?xml')) return { code: 'NOT_XML_LOG', message: 'XML, but no <nvidia_smi_log> document in it' };
  return { code: 'NOT_XML_LOG', message: 'not an nvidia-smi log (XML, --query-gpu CSV, --query-compute-apps CSV, dmon, pmon or -q text)' };
}
