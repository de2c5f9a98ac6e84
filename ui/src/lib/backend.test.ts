import { describe, expect, it } from 'vitest';
import { toApiError } from './backend';

describe('toApiError', () => {
  it('keeps the {code, message} the backend sent', () => {
    expect(toApiError({ code: 'workspace_not_found', message: 'folder /x is missing' })).toEqual({
      code: 'workspace_not_found',
      message: 'folder /x is missing',
    });
  });
  it('turns anything else into a failed error with words', () => {
    expect(toApiError(new Error('socket closed'))).toEqual({ code: 'failed', message: 'socket closed' });
    expect(toApiError('plain text')).toEqual({ code: 'failed', message: 'plain text' });
    expect(toApiError({ code: 3, message: 'x' })).toEqual({ code: 'failed', message: '[object Object]' });
  });
});
