/**
 * Character codes the readers test, named once (the JavaScript scanner, the document splitter and
 * the value parser share them; the WebAssembly scanner, compiled apart, spells the same codes).
 */
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;

/**
 * XML white space: space, tab, LF, CR.
 *
 * @example isXmlSpace(0x20) // true
 * @example isXmlSpace(0x41) // false
 */
export function isXmlSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}
