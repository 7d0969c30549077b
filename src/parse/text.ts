/**
 * XML text decoding shared by both parsers' callers: the five predefined entities and numeric
 * character references are decoded; comments and processing instructions are dropped and CDATA
 * sections are unwrapped.
 * Other entity references are left as written (no DTD entity is ever expanded).
 */
export function decodeText(text: string, s: number, e: number): string {
  let t = text.slice(s, e);
  if (t.indexOf('<') >= 0) t = unwrapMarkup(t);
  if (t.indexOf('&') < 0) return t;
  return t.replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (m, g: string) => {
    switch (g) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const cp = g[1] === 'x' ? parseInt(g.slice(2), 16) : parseInt(g.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

function unwrapMarkup(t: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const lt = t.indexOf('<', i);
    if (lt < 0) return out + t.slice(i);
    out += t.slice(i, lt);
    if (t.startsWith('<!--', lt)) {
      const e = t.indexOf('-->', lt + 4);
      i = e < 0 ? t.length : e + 3;
    } else if (t.startsWith('<?', lt)) {
      // a processing instruction is not text (the scanner skipped it too)
      const e = t.indexOf('?>', lt + 2);
      i = e < 0 ? t.length : e + 2;
    } else if (t.startsWith('<![CDATA[', lt)) {
      const e = t.indexOf(']]>', lt + 9);
      if (e < 0) return out + t.slice(lt + 9);
      out += t.slice(lt + 9, e);
      i = e + 3;
    } else {
      out += '<';
      i = lt + 1;
    }
  }
}

const NON_ASCII = /[\u0080-\u00ff]/;

/** Re-decodes a string holding raw bytes as latin1 chars (one char per byte) as UTF-8. */
export function utf8FromLatin1(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/** {@link decodeText} for a document decoded as latin1: non-ASCII bytes are read as UTF-8. */
export function decodeLatin1Text(text: string, s: number, e: number): string {
  const u = utf8FromLatin1(text.slice(s, e));
  return decodeText(u, 0, u.length);
}
