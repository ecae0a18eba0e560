import { describe, expect, it } from 'vitest';
import { resourceCells } from '../../src/transforms/resource-cells.js';
import { checkResourceQuery } from '../../src/transforms/resource-query.js';
import { formatInstant, windowEnd } from '../../src/transforms/date-windows.js';
import { findResource } from '../../src/zoom/resource-catalogue.js';

describe('resource cells', () => {
  const columns = [
    { name: 'id', path: ['id'], shape: 'scalar', type: 'string', kind: 'phone' },
    { name: 'queue.name', path: ['queue', 'name'], shape: 'scalar', type: 'string', kind: 'text' },
    { name: 'tags', path: ['tags'], shape: 'list', type: 'string[]', kind: 'text' },
    { name: 'teams', path: ['teams'], shape: 'json', type: 'json', kind: 'text' },
    { name: 'count', path: ['count'], shape: 'scalar', type: 'integer', kind: 'text' },
  ] as const;

  it('flattens nested objects to dotted columns, joins value lists with "; " and writes object lists as JSON', () => {
    const item = { id: 'a1', queue: { name: 'Sales' }, tags: ['x', 'y'], teams: [{ team_id: 't1' }], count: 0 };
    expect(resourceCells(item, columns)).toEqual(['a1', 'Sales', 'x; y', '[{"team_id":"t1"}]', '0']);
  });

  it('leaves a missing, null or empty value an empty cell', () => {
    expect(resourceCells({ id: null, queue: null, teams: [] }, columns)).toEqual(['', '', '', '', '']);
  });

  it('takes its columns from the item schema in the schema order', () => {
    const agents = findResource('queues-agents');
    expect(agents.columns.slice(0, 3).map((c) => c.name)).toEqual(['user_id', 'cc_user_id', 'display_name']);
    expect(agents.columns.find((c) => c.name === 'teams')?.shape).toBe('json');
    expect(agents.columns.find((c) => c.name === 'user_id')?.kind).toBe('phone');
  });
});

describe('resource options checked against the spec', () => {
  const details = findResource('reports-v1-details-metrics');

  it('turns valid values into the values to send: enums, lists, dates', () => {
    const checked = checkResourceQuery(details, { channel: 'voice', direction: 'inbound', cc_queue_ids: 'q1, q2', from: '2024-03-01' });
    expect(checked).toEqual({ ok: true, query: { channel: 'voice', direction: 'inbound', cc_queue_ids: ['q1', 'q2'], from: '2024-03-01' } });
  });

  it('names every wrong value with its flag, what it should be and what it was', () => {
    const checked = checkResourceQuery(details, { direction: 'sideways', from: 'yesterday' });
    expect(checked).toEqual({
      ok: false,
      problems: [
        'Expected `--from` to be a date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ssZ), got `yesterday`',
        'Expected `--direction` to be one of inbound, outbound, got `sideways`',
        'Expected `--channel` (required by reports-v1-details-metrics) to be one of voice, video, messaging, email, got nothing',
      ],
    });
  });
});

describe('window ends', () => {
  it('ends a date window at the start of the current UTC day and a date-time window at the current second', () => {
    const now = new Date('2024-03-14T02:03:04.567Z');
    expect(formatInstant(windowEnd(now, 'date'), 'date')).toBe('2024-03-14');
    expect(formatInstant(windowEnd(now, 'date-time'), 'date-time')).toBe('2024-03-14T02:03:04Z');
  });
});
