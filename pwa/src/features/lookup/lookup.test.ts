import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';
import { keepDigits, lookupProblems, normaliseCode, readQuery, readShipmentQuery, shipmentProblems } from './lookup';

describe('the look-up form', () => {
  it('takes the code as printed, whatever its case and the spaces around it', () => {
    expect(normaliseCode('  000.00.06.h56-261130-0001 \n')).toBe('000.00.06.H56-261130-0001');
    expect(readQuery(' 000.00.06.h56-261130-0001', '0005')).toEqual({
      code: '000.00.06.H56-261130-0001',
      phone_last4: '0005',
    });
  });

  it('keeps only digits, at most four, in the phone box', () => {
    expect(keepDigits('12 34')).toBe('1234');
    expect(keepDigits('98-765')).toBe('9876');
  });

  it('sends only a code and exactly four digits', () => {
    expect(lookupProblems(readQuery('000.00.06.H56-261130-0001', '0415'))).toEqual({});
    expect(lookupProblems(readQuery('   ', '123'))).toEqual({
      code: 'lookup.codeMissing',
      phoneLast4: 'lookup.last4Wrong',
    });
    expect(lookupProblems(readQuery('X'.repeat(41), ''))).toEqual({
      code: 'lookup.codeTooLong',
      phoneLast4: 'lookup.last4Wrong',
    });
    expect(lookupProblems({ code: 'A', phone_last4: '12345' })).toEqual({ phoneLast4: 'lookup.last4Wrong' });
  });

  it('has its own address, and one for a shipment that the SMS to the recipient links to', () => {
    expect(parseRoute(href.lookup)).toEqual({ name: 'lookup' });
    expect(parseRoute('#/tra-cuu/')).toEqual({ name: 'lookup' });
    expect(parseRoute('#/tra-cuu/x').name).toBe('notFound');
    expect(parseRoute(href.trackShipment('RA123456785VN'))).toEqual({ name: 'lookup', trackingCode: 'RA123456785VN' });
    expect(parseRoute('#/tra-cuu/van-don/ra%20123%20456%20785%20vn')).toEqual({ name: 'lookup', trackingCode: 'ra 123 456 785 vn' });
    expect(parseRoute('#/tra-cuu/van-don/<script>').name).toBe('notFound');
  });

});

describe('the shipment look-up form', () => {
  it('takes a tracking code as typed or as the SMS spells it, and four digits', () => {
    expect(readShipmentQuery(' ra 123 456 785 vn ', '56 78')).toEqual({ tracking_code: 'RA123456785VN', phone_last4: '5678' });
    expect(shipmentProblems(readShipmentQuery('RA123456785VN', '5678'))).toEqual({});
  });

  it('says what to fix before asking: a missing code, a mistyped digit, a short ending', () => {
    expect(shipmentProblems(readShipmentQuery('', '12'))).toEqual({ trackingCode: 'lookup.trackingMissing', phoneLast4: 'lookup.last4Wrong' });
    expect(shipmentProblems(readShipmentQuery('RA123456784VN', '1234'))).toEqual({ trackingCode: 'lookup.trackingWrong' });
  });
});
