import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { intOption, parseOptions } from '../../src/cli/options.js';
import { CcbulkError } from '../../src/errors.js';

describe('parseOptions', () => {
  const schema = z.object({ concurrency: intOption('--concurrency', 1, 64, 8) });

  it('gives the parsed options, with defaults', () => {
    expect(parseOptions(schema, {})).toEqual({ concurrency: 8 });
  });

  it('refuses a bad value in one voice, naming the option as the field', () => {
    let error: unknown;
    try {
      parseOptions(schema, { concurrency: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CcbulkError);
    expect(error).toMatchObject({
      code: 'OPTION_INVALID',
      disposition: 'fatal',
      field: '--concurrency',
      message: 'Expected `--concurrency` to be an integer from 1 to 64, got `0`',
    });
  });
});
