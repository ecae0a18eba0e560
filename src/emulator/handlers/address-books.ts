import type { RequestBody, SuccessBody } from '../../zoom/operation-types.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import type { AddressBookRecord, EmulatorStore, UnitRecord } from '../store.js';
import { findBook, findUnit } from './lookups.js';

/** Handlers of address book units and address books. */

function unitView(unit: UnitRecord): SuccessBody<'getUnit'> {
  return { ...unit };
}

function bookView(store: EmulatorStore, book: AddressBookRecord): SuccessBody<'getAddressBook'> {
  return {
    address_book_id: book.address_book_id,
    address_book_name: book.address_book_name,
    address_book_description: book.address_book_description,
    total_contacts: store.bookContactRecords(book.address_book_id).length,
    unit_id: book.unit_id,
    unit_name: store.unitsById.get(book.unit_id)?.unit_name,
    queue_ids: book.queue_ids ?? [],
    team_ids: book.team_ids ?? [],
  };
}

export const createUnit: Handler = ({ body, store }) => {
  const input = body as RequestBody<'createUnit'>;
  const name = input.unit_name?.trim() ?? '';
  if (name === '') {
    throw new ErrorReply(400, 300, 'Validation Failed.', {
      errors: [{ field: 'unit_name', message: 'must not be empty' }],
    });
  }
  if ([...store.unitsById.values()].some((u) => u.unit_name === name)) {
    throw new ErrorReply(400, 1904, 'Unit already exists.');
  }
  const unit: UnitRecord = { unit_id: store.newId(), unit_name: name, unit_description: input.unit_description };
  store.unitsById.set(unit.unit_id, unit);
  return { status: 201, body: unitView(unit) satisfies SuccessBody<'createUnit'> };
};

export const listUnits: Handler = (ctx) => {
  const page = servePage(ctx, [...ctx.store.unitsById.values()]);
  const body: SuccessBody<'listUnits'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    units: page.items.map(unitView),
  };
  return { status: 200, body };
};

export const getUnit: Handler = ({ params, query, store }) => ({
  status: 200,
  body: unitView(findUnit(store, params['unitId'] ?? '', query['unit_identifier_type'])),
});

export const createAddressBook: Handler = ({ body, store }) => {
  const input = body as RequestBody<'createAddressBook'>;
  const unitId = input.unit_id?.trim() ?? '';
  const name = input.address_book_name?.trim() ?? '';
  if (unitId === '') throw new ErrorReply(400, 1902, 'The `unit_id` field cannot be an empty value.');
  if (name === '') throw new ErrorReply(400, 1903, 'The `address_book_name` field cannot be an empty value.');
  const unit = findUnit(store, unitId);
  if ([...store.booksById.values()].some((b) => b.address_book_name === name)) {
    throw new ErrorReply(400, 2002, 'Address book already exists.');
  }
  const book: AddressBookRecord = {
    address_book_id: store.newId(),
    address_book_name: name,
    address_book_description: input.address_book_description,
    unit_id: unit.unit_id,
    queue_ids: [],
    team_ids: [],
  };
  store.booksById.set(book.address_book_id, book);
  const answer: SuccessBody<'createAddressBook'> = {
    address_book_id: book.address_book_id,
    address_book_name: book.address_book_name,
    address_book_description: book.address_book_description,
    unit_id: unit.unit_id,
    unit_name: unit.unit_name,
  };
  return { status: 201, body: answer };
};

export const listAddressBooks: Handler = (ctx) => {
  const unitId = String(ctx.query['unit_id'] ?? '');
  if (unitId === '') throw new ErrorReply(400, 1902, 'The `unit_id` field cannot be an empty value.');
  const unit = findUnit(ctx.store, unitId);
  const page = servePage(ctx, ctx.store.addressBooks(unit.unit_id));
  const body: SuccessBody<'listAddressBooks'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    address_books: page.items.map((b) => {
      const { queue_ids: _q, team_ids: _t, ...item } = bookView(ctx.store, b);
      return item;
    }),
  };
  return { status: 200, body };
};

export const getAddressBook: Handler = ({ params, query, store }) => ({
  status: 200,
  body: bookView(store, findBook(store, params['addressBookId'] ?? '', query['address_book_identifier_type'])),
});
