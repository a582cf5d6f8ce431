import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../router';

describe('admin tools routes', () => {
  it('parses the calendar, templates and audit paths and their links', () => {
    expect(parseRoute(href.adminCalendar)).toEqual({ name: 'adminCalendar' });
    expect(parseRoute(href.adminTemplates)).toEqual({ name: 'adminTemplates' });
    expect(parseRoute(href.adminAudit)).toEqual({ name: 'adminAudit' });
    expect(parseRoute('#/quan-tri/nhat-ky/')).toEqual({ name: 'adminAudit' });
  });
});
