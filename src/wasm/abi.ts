/**
 * The contract between the WebAssembly scanner (src/wasm/scanner.as.ts) and the JavaScript that
 * drives it (src/parse/wasm-scan.ts): both import these constants, so the two sides cannot
 * drift apart. Plain integer constants only: AssemblyScript reads them as i32.
 */

/** scan() result: the document was scanned; its events are in the event table. */
export const SCAN_OK = 0;
/** scan() result: not handled by the WebAssembly scanner; run the JavaScript scanner. */
export const SCAN_FALLBACK = 1;
/** scan() result: a child of a wildcard parent whose name is not in the table yet (newParent, newNameStart, newNameEnd). */
export const SCAN_NEW_NAME = 2;

/** Event types (4 × i32 per event, plus one f64 for a number leaf). */
export const EV_LEAF_NUM = 1;
export const EV_LEAF_TEXT = 2;
export const EV_OPEN_GPU = 3;
export const EV_CLOSE_GPU = 4;
export const EV_OPEN_RECORD = 5;
export const EV_CLOSE_RECORD = 6;

/** Node info bits (one i32 per node): the kind in bits 0–1 (0 plain, 1 GPU, 2 record). */
export const NODE_KIND_MASK = 3;
export const NODE_KIND_GPU = 1;
export const NODE_KIND_RECORD = 2;
export const NODE_LEAF = 4;
export const NODE_WILDCARD = 8;
/** Value kind in bits 8–15: 0 text; 1 + unit index: a quantity; FLAG_KIND: Active / Not Active. */
export const VALUE_SHIFT = 8;
export const FLAG_KIND = 255;
/** The unit of a P-state (`P0`…`P15`): the index of `pstate` in the unit table (UNITS in src/parse/values.ts). */
export const PSTATE_UNIT = 9;
