/**
 * Character codes the readers test, named once: the JavaScript scanner (src/parse/fast-scan.ts)
 * and the document splitter spell the same bytes the same way. The WebAssembly scanner
 * (src/wasm/scanner.as.ts) spells them as literals with the character beside them: it is compiled
 * apart by AssemblyScript, whose typed integers will not compare a u8 or u32 byte with an imported
 * i32 constant without a cast at every use. Bytes that spell a word a scanner looks for (`None`,
 * `Active`) stay literal beside the word.
 */
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21; // !
export const QUOTE = 0x22; // "
export const HASH = 0x23; // #
export const AMP = 0x26; // &
export const APOS = 0x27; // '
export const PLUS = 0x2b; // +
export const DASH = 0x2d; // -
export const DOT = 0x2e; // .
export const SLASH = 0x2f; // /
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;
export const COLON = 0x3a; // :
export const SEMICOLON = 0x3b; // ;
export const LT = 0x3c; // <
export const EQUALS = 0x3d; // =
export const GT = 0x3e; // >
export const QUESTION = 0x3f; // ?
export const UPPER_A = 0x41;
export const UPPER_Z = 0x5a;
export const LBRACKET = 0x5b; // [
export const RBRACKET = 0x5d; // ]
export const UNDERSCORE = 0x5f; // _
export const LOWER_A = 0x61;
export const LOWER_Z = 0x7a;
/** The first byte that is not ASCII (a UTF-8 lead or continuation byte). */
export const NON_ASCII = 0x80;
/** The UTF-8 byte order mark, EF BB BF. */
export const BOM_0 = 0xef;
export const BOM_1 = 0xbb;
export const BOM_2 = 0xbf;

/**
 * XML white space: space, tab, LF, CR.
 *
 * @example isXmlSpace(0x20) // true
 * @example isXmlSpace(0x41) // false
 */
export function isXmlSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}
