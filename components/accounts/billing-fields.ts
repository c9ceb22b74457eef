import type { FieldSpec } from '@/components/ui/action-form';
import type { Account } from '@/db/schema';
import { COUNTRIES } from '@/lib/countries';

/** The billing-details fields shared by the create-organization and details forms. */
export function billingFields(account?: Partial<Account>): FieldSpec[] {
  return [
    {
      name: 'billingName',
      label: 'Company or legal name',
      autoComplete: 'organization',
      defaultValue: account?.billingName,
    },
    {
      name: 'billingAddressLine1',
      label: 'Address',
      autoComplete: 'address-line1',
      defaultValue: account?.billingAddressLine1,
    },
    {
      name: 'billingAddressLine2',
      label: 'Address line 2',
      autoComplete: 'address-line2',
      required: false,
      defaultValue: account?.billingAddressLine2,
    },
    {
      name: 'billingPostalCode',
      label: 'Postal code',
      autoComplete: 'postal-code',
      defaultValue: account?.billingPostalCode,
    },
    {
      name: 'billingCity',
      label: 'City',
      autoComplete: 'address-level2',
      defaultValue: account?.billingCity,
    },
    {
      name: 'billingCountry',
      label: 'Country',
      type: 'select',
      options: COUNTRIES,
      defaultValue: account?.billingCountry ?? undefined,
    },
    {
      name: 'billingVatNumber',
      label: 'VAT number',
      required: false,
      hint: 'For example CHE-123.456.789 MWST.',
      defaultValue: account?.billingVatNumber,
    },
    {
      name: 'billingEmail',
      label: 'Billing email',
      type: 'email',
      autoComplete: 'email',
      hint: 'Receipts and billing notices go here.',
      defaultValue: account?.billingEmail,
    },
  ];
}
