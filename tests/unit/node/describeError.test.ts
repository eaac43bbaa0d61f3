import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/node/describeError';

describe('describeError', () => {
  it("keeps Node's message, which already starts with the errno code, as it is", () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, scandir '/x'"), { code: 'ENOENT' });
    expect(describeError(error)).toBe("ENOENT: no such file or directory, scandir '/x'");
  });

  it('puts the code in front of a message that lacks it, and passes anything else through', () => {
    expect(describeError(Object.assign(new Error('permission denied'), { code: 'EACCES' }))).toBe('EACCES: permission denied');
    expect(describeError(new Error('disk on fire'))).toBe('disk on fire');
    expect(describeError('plain')).toBe('plain');
  });
});
