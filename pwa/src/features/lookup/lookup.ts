// What the look-up forms send: the code as printed on the receipt (typed in any case, pasted with spaces
// around it), or a shipment's tracking code (spaces and lower case forgiven, its check digit checked), and
// exactly the last four digits of the applicant's (the recipient's) phone.
import { isTrackingCode, normaliseTrackingCode } from '../delivery/tracking';
import type { ShipmentLookupInput } from '../delivery/types';

/** The longest code the API takes (LookupInput); printed codes are 25 characters. */
export const MAX_CODE_LENGTH = 40;

export interface LookupQuery {
  code: string;
  phone_last4: string;
}

/** What is wrong with each field, as message keys; empty when the query can be sent. */
export interface LookupProblems {
  code?: string;
  phoneLast4?: string;
}

/** Codes are stored upper case: "000.00.06.h56-261130-0001 " → "000.00.06.H56-261130-0001". */
export function normaliseCode(typed: string): string {
  return typed.trim().toUpperCase();
}

/** The digits of what was typed into the last-4 box (a numeric keypad can still paste "12 34"). */
export function keepDigits(typed: string): string {
  return typed.replace(/\D/g, '').slice(0, 4);
}

export function lookupProblems(query: LookupQuery): LookupProblems {
  const problems: LookupProblems = {};
  if (!query.code) problems.code = 'lookup.codeMissing';
  else if (query.code.length > MAX_CODE_LENGTH) problems.code = 'lookup.codeTooLong';
  if (!/^[0-9]{4}$/.test(query.phone_last4)) problems.phoneLast4 = 'lookup.last4Wrong';
  return problems;
}

export function readQuery(code: string, phoneLast4: string): LookupQuery {
  return { code: normaliseCode(code), phone_last4: keepDigits(phoneLast4) };
}

export interface ShipmentProblems {
  trackingCode?: string;
  phoneLast4?: string;
}

export function readShipmentQuery(trackingCode: string, phoneLast4: string): ShipmentLookupInput {
  return { tracking_code: normaliseTrackingCode(trackingCode), phone_last4: keepDigits(phoneLast4) };
}

export function shipmentProblems(query: ShipmentLookupInput): ShipmentProblems {
  const problems: ShipmentProblems = {};
  if (!query.tracking_code) problems.trackingCode = 'lookup.trackingMissing';
  else if (!isTrackingCode(query.tracking_code)) problems.trackingCode = 'lookup.trackingWrong';
  if (!/^[0-9]{4}$/.test(query.phone_last4)) problems.phoneLast4 = 'lookup.last4Wrong';
  return problems;
}
