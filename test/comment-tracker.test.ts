import { describe, expect, it } from 'vitest';
import { CommentTracker, commentOpenAtEnd, STRAY_COMMENT_BYTES } from '../src/advanced.js';

const at = (b: Buffer, s: string, from = 0): number => b.indexOf(s, from);

describe('CommentTracker: is a start tag between documents inside a comment?', () => {
  it('inside an open comment yes, after its end no', () => {
    const buf = Buffer.from('<!-- <nvidia_smi_log> old --> <nvidia_smi_log>');
    const t = new CommentTracker();
    expect(t.covers(buf, 0, 0, at(buf, '<nvidia'))).toBe(true);
    expect(t.covers(buf, 0, 0, at(buf, '<nvidia', 10))).toBe(false);
  });

  it('a comment not closed yet covers the tag; once `-->` arrives after the tag it still does', () => {
    const part = Buffer.from('<!-- <nvidia_smi_log>');
    const t = new CommentTracker();
    expect(t.covers(part, 0, 0, 5)).toBe(true);
    const whole = Buffer.from('<!-- <nvidia_smi_log> -->');
    expect(t.covers(whole, 0, 0, 5)).toBe(true);
  });

  it('a later <?xml declaration ends a stray comment: the document after it counts', () => {
    const buf = Buffer.from('<!-- killed writer <?xml version="1.0" ?>\n<nvidia_smi_log>');
    expect(new CommentTracker().covers(buf, 0, 0, at(buf, '<nvidia'))).toBe(false);
  });

  it(`a comment open for more than STRAY_COMMENT_BYTES (${STRAY_COMMENT_BYTES}) is junk, not a cover`, () => {
    const pad = 'x'.repeat(STRAY_COMMENT_BYTES);
    const buf = Buffer.from(`<!--${pad}<nvidia_smi_log>`);
    expect(new CommentTracker().covers(buf, 0, 0, at(buf, '<nvidia'))).toBe(false);
    const near = Buffer.from(`<!--${pad.slice(10)}<nvidia_smi_log>`);
    expect(new CommentTracker().covers(near, 0, 0, at(near, '<nvidia'))).toBe(true);
  });

  it('only the current region counts: a comment before gapStart does not cover, and a new region starts afresh', () => {
    const buf = Buffer.from('<!-- a --><nvidia_smi_log>x</nvidia_smi_log><!-- <nvidia_smi_log>');
    const t = new CommentTracker();
    const firstTag = at(buf, '<nvidia');
    expect(t.covers(buf, 0, 0, firstTag)).toBe(false);
    const gap = at(buf, '</nvidia_smi_log>') + '</nvidia_smi_log>'.length;
    expect(t.covers(buf, 0, gap, at(buf, '<nvidia', gap))).toBe(true);
    // the region begins after the comment's opening: not covered
    expect(new CommentTracker().covers(buf, 0, at(buf, '<nvidia', gap), at(buf, '<nvidia', gap))).toBe(false);
  });

  it('answers the same when the buffer has been shifted (base > 0)', () => {
    const text = 'junk <!-- <nvidia_smi_log> -->';
    const buf = Buffer.from(text);
    const base = 4096;
    const t = new CommentTracker();
    expect(t.covers(buf, base, base, at(buf, '<nvidia'))).toBe(true);
    const shifted = buf.subarray(5);
    expect(t.covers(shifted, base + 5, base, at(shifted, '<nvidia'))).toBe(true);
  });
});

describe('commentOpenAtEnd', () => {
  it('is true for a comment opened and not closed at the end, false once closed or past the stray bound', () => {
    expect(commentOpenAtEnd(Buffer.from('junk <!-- still open'), 0)).toBe(true);
    expect(commentOpenAtEnd(Buffer.from('<!-- closed --> junk'), 0)).toBe(false);
    expect(commentOpenAtEnd(Buffer.from(`<!--${'x'.repeat(STRAY_COMMENT_BYTES)}`), 0)).toBe(false);
    // only the region from `from` is searched for the opening
    const b = Buffer.from('<!-- old, open --> then <!-- new');
    expect(commentOpenAtEnd(b, at(b, 'then'))).toBe(true);
    expect(commentOpenAtEnd(Buffer.from('<!-- x'), 3)).toBe(false);
  });
});
