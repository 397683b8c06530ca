// A streamed answer sends exactly the Content-Length it declared: a file that grew while it was
// sent is cut at the declared size, one that shrank fails (the connection is then closed), and
// the download's name reaches Content-Disposition in both of its spellings.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { contentDisposition, exactly } from '../../src/rest/rest-handler';

describe('streamed answers', () => {
  it('sends exactly the declared size', async () => {
    const chunks = () => Readable.from([Buffer.from('abc'), Buffer.from('defg')]);
    expect((await buffer(Readable.from(exactly(chunks(), 7)))).toString()).toBe('abcdefg');
    expect((await buffer(Readable.from(exactly(chunks(), 5)))).toString()).toBe('abcde');
    await expect(buffer(Readable.from(exactly(chunks(), 9)))).rejects.toThrow(/shrank/);
  });

  it('names the attachment in ASCII and exactly', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('ünï "cödé";.txt')).toBe(
      `attachment; filename="_n_ _c_d___.txt"; filename*=UTF-8''%C3%BCn%C3%AF%20%22c%C3%B6d%C3%A9%22%3B.txt`,
    );
  });
});
