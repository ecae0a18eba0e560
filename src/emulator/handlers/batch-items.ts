import type { ItemSchemaError, RequestContext } from '../context.js';

/** Schema messages of one batch item, worded as Zoom words item errors: `field message`. */
export function schemaMessages(ctx: RequestContext, index: number): string[] {
  return (ctx.itemErrors.get(index) ?? []).map(itemMessage);
}

/** Whether the schema already flagged a field of the item (so a rule does not repeat it). */
export function schemaFlagged(ctx: RequestContext, index: number, field: string): boolean {
  return (ctx.itemErrors.get(index) ?? []).some((e) => e.field === field || e.field.startsWith(`${field}[`));
}

function itemMessage(error: ItemSchemaError): string {
  return error.field === '' ? error.message : `${error.field} ${error.message}`;
}
