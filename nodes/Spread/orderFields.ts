/**
 * SPREAD's order and profile vocabulary (vendor-docs/spread-update-order.fr.txt):
 * the order states, the opt-in codes, and which node parameter becomes which
 * `data[...]` key, listed in the order SPREAD's PHP sample inserts them (the
 * order the form body must keep).
 */

/** Order states, in the order's life cycle; SPREAD leaves cancelled orders out of the turnover. */
export const ORDER_STATES = [
	{ name: 'Taken', code: '10', description: 'Order placed, not paid yet' },
	{ name: 'Paid', code: '20', description: 'Order paid' },
	{ name: 'Sent', code: '50', description: 'Order shipped' },
	{ name: 'Completed', code: '100', description: 'Order paid and delivered to the customer' },
	{ name: 'Cancelled', code: '0', description: 'Cancelled order, left out of the turnover' },
] as const;

export type OrderStateCode = (typeof ORDER_STATES)[number]['code'];

/** `customer_isoptin` / `customer_mobile_isoptin`: 1 opt-in, 0 not opt-in, -1 unknown. */
export const OPT_IN_CODES = [
	{ name: 'Opt-In', code: '1' },
	{ name: 'Not Opt-In', code: '0' },
	{ name: 'Unknown', code: '-1' },
] as const;

export type OptInCode = (typeof OPT_IN_CODES)[number]['code'];

export const GENDERS = ['male', 'female'] as const;

/** How a profile field's value is checked and written. */
export type ProfileFieldKind = 'text' | 'optIn' | 'gender' | 'date';

export interface ProfileField {
	/** name of the option in the node's "Additional Profile Fields" collection */
	param: string;
	/** SPREAD's key under `data[...]` */
	wire: string;
	displayName: string;
	kind: ProfileFieldKind;
}

/**
 * Optional profile attributes, in the PHP sample's order. The sample puts
 * `customer_email` and `external_id` (the node's main fields) first, then
 * these; `customer_mobile_isoptin`, absent from the sample, sits beside its
 * e-mail twin.
 */
export const PROFILE_FIELDS: readonly ProfileField[] = [
	{ param: 'trackingCookie', wire: 'customer_cookie', displayName: 'Tracking Cookie (sbt)', kind: 'text' },
	{ param: 'lastName', wire: 'customer_name', displayName: 'Last Name', kind: 'text' },
	{ param: 'firstName', wire: 'customer_firstname', displayName: 'First Name', kind: 'text' },
	{ param: 'emailOptIn', wire: 'customer_isoptin', displayName: 'Email Opt-In', kind: 'optIn' },
	{ param: 'smsOptIn', wire: 'customer_mobile_isoptin', displayName: 'SMS Opt-In', kind: 'optIn' },
	{ param: 'gender', wire: 'customer_gender', displayName: 'Gender', kind: 'gender' },
	{ param: 'address', wire: 'customer_address', displayName: 'Address Line 1', kind: 'text' },
	{ param: 'address2', wire: 'customer_address2', displayName: 'Address Line 2', kind: 'text' },
	{ param: 'address3', wire: 'customer_address3', displayName: 'Address Line 3', kind: 'text' },
	{ param: 'postcode', wire: 'customer_cp', displayName: 'Postcode', kind: 'text' },
	{ param: 'city', wire: 'customer_city', displayName: 'City', kind: 'text' },
	{ param: 'country', wire: 'customer_country', displayName: 'Country', kind: 'text' },
	{ param: 'phone', wire: 'customer_tel', displayName: 'Phone', kind: 'text' },
	{ param: 'mobile', wire: 'customer_mobile', displayName: 'Mobile Phone', kind: 'text' },
	{ param: 'jobTitle', wire: 'customer_fonction', displayName: 'Job Title', kind: 'text' },
	{ param: 'company', wire: 'customer_company', displayName: 'Company', kind: 'text' },
	{ param: 'birthday', wire: 'customer_birthday', displayName: 'Birthday', kind: 'date' },
	{ param: 'language', wire: 'customer_lang', displayName: 'Language', kind: 'text' },
];
