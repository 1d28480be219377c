import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	buildRequest,
	describeRequest,
	eventsOf,
	findEvent,
	ONE_TEST_EVENT,
	UsageError,
	VENDORS,
	type RequestOptions,
} from '../../cli/simulate';
import { HIBOUTIK_EVENTS } from '../../nodes/Hiboutik/events';
import { SAMPLE_BODIES, SAMPLE_FIELDS } from '../../nodes/Hiboutik/samples';
import { IKITECH_EVENTS } from '../../nodes/Ikitech/events';
import { IKITECH_SAMPLES } from '../../nodes/Ikitech/samples';
import { ONE_EVENT_NAMES } from '../../nodes/One/events';
import { ONE_SAMPLES, ONE_TEST_WEBHOOK_SAMPLE } from '../../nodes/One/samples';
import { httpBuildQuery, parseStr } from '../../nodes/shared/phpQuery';

const URL_ = 'https://n8n.example.com/webhook/2f1c0a7e/webhook';
const SECRET = 'h1b0ut1k-s3cr3t-f0r-tests';
const TOKEN = 'ikt_9f3c2a7e51b84d06a1e2c3f4b5a69788';
const USER = 'one-hooks';
const PASSWORD = 'Kr0wa-Mleko-2025!';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('buildRequest: hiboutik', () => {
	for (const event of HIBOUTIK_EVENTS) {
		test(`${event}: the sample as a PHP form, k and event in the URL`, () => {
			const request = buildRequest('hiboutik', event, { url: URL_, secret: SECRET });
			assert.equal(request.method, 'POST');
			assert.equal(request.headers['Content-Type'], 'application/x-www-form-urlencoded');
			assert.equal(request.body, SAMPLE_BODIES[event]);
			assert.deepEqual(parseStr(request.body), SAMPLE_FIELDS[event]);
			const url = new URL(request.url);
			assert.equal(url.origin + url.pathname, URL_);
			assert.equal(url.searchParams.get('k'), SECRET);
			assert.equal(url.searchParams.get('event'), event);
		});
	}

	test('a URL that already has k= and event= keeps them, and nothing else of it changes', () => {
		const pasted = `${URL_}?k=from-the-url&event=customer_created&x=a%20b`;
		const request = buildRequest('hiboutik', 'sale_validated', { url: pasted, secret: SECRET });
		assert.equal(request.url, pasted);
	});

	test('a URL with other parameters gets k and event appended after them', () => {
		const request = buildRequest('hiboutik', 'sale_validated', { url: `${URL_}?lang=fr`, secret: 'a b&c' });
		assert.equal(request.url, `${URL_}?lang=fr&k=a%20b%26c&event=sale_validated`);
		assert.equal(new URL(request.url).searchParams.get('k'), 'a b&c');
	});

	test('without --secret, no k= is added (to see the trigger refuse)', () => {
		const request = buildRequest('hiboutik', 'sale_validated', { url: URL_ });
		assert.equal(request.url, `${URL_}?event=sale_validated`);
	});

	test('a custom payload is encoded with http_build_query', () => {
		const payload = { sale_id: '9', line_items: [{ product_id: '3', tags: [{ tag_id: '7' }] }] };
		const request = buildRequest('hiboutik', 'sale_validated', { url: URL_, secret: SECRET, payload });
		assert.equal(request.body, httpBuildQuery(payload));
		assert.equal(request.body, 'sale_id=9&line_items%5B0%5D%5Bproduct_id%5D=3&line_items%5B0%5D%5Btags%5D%5B0%5D%5Btag_id%5D=7');
		assert.deepEqual(parseStr(request.body), payload);
	});

	test('a custom payload that is not an object is refused', () => {
		assert.throws(() => buildRequest('hiboutik', 'sale_validated', { url: URL_, payload: [1, 2] }), UsageError);
		assert.throws(() => buildRequest('hiboutik', 'sale_validated', { url: URL_, payload: 'x=1' }), UsageError);
	});
});

describe('buildRequest: one', () => {
	for (const event of ONE_EVENT_NAMES) {
		test(`${event}: the sample as JSON with HTTP Basic`, () => {
			const request = buildRequest('one', event, { url: URL_, user: USER, password: PASSWORD });
			assert.equal(request.url, URL_);
			assert.equal(request.headers['Content-Type'], 'application/json');
			assert.equal(request.headers.Authorization, basic(USER, PASSWORD));
			assert.deepEqual(JSON.parse(request.body), ONE_SAMPLES[event]);
		});
	}

	test(`${ONE_TEST_EVENT} sends ONe's "Submit test webhook" example`, () => {
		const request = buildRequest('one', ONE_TEST_EVENT, { url: URL_, user: USER, password: PASSWORD });
		assert.deepEqual(JSON.parse(request.body), ONE_TEST_WEBHOOK_SAMPLE);
	});

	test("ONe's own spellings name the same event", () => {
		for (const spelling of ['CartOpened', 'p-u-o-m-e-c-cartopened-klient', 'Cart opened']) {
			assert.equal(findEvent('one', spelling), 'cart_opened');
		}
	});

	test('a non-ASCII password is encoded as UTF-8, as the trigger decodes it', () => {
		const request = buildRequest('one', 'cart_opened', { url: URL_, user: 'zażółć', password: 'gęślą-jaźń' });
		const decoded = Buffer.from(request.headers.Authorization.slice(6), 'base64').toString('utf8');
		assert.equal(decoded, 'zażółć:gęślą-jaźń');
	});

	test('without --user/--password there is no Authorization header; one of them alone is refused', () => {
		assert.equal(buildRequest('one', 'cart_opened', { url: URL_ }).headers.Authorization, undefined);
		assert.throws(() => buildRequest('one', 'cart_opened', { url: URL_, user: USER }), /go together/);
	});

	test('a custom payload is sent as it is', () => {
		const payload = { event_type: 'CartOpened', customer_id: 'org:1', cart_id: 'c-1' };
		assert.deepEqual(JSON.parse(buildRequest('one', 'cart_opened', { url: URL_, payload }).body), payload);
	});
});

describe('buildRequest: ikitech', () => {
	for (const event of IKITECH_EVENTS) {
		test(`${event}: {type, data} as JSON with the Token header`, () => {
			const request = buildRequest('ikitech', event, { url: URL_, token: TOKEN });
			assert.equal(request.url, URL_);
			assert.equal(request.headers['Content-Type'], 'application/json');
			assert.equal(request.headers.Token, TOKEN);
			const body = JSON.parse(request.body) as { type: string; data: unknown };
			assert.deepEqual(Object.keys(body), ['type', 'data']);
			assert.equal(body.type, event);
			assert.deepEqual(body, IKITECH_SAMPLES[event]);
		});
	}

	test('lowercase and dashed event names are accepted', () => {
		assert.equal(findEvent('ikitech', 'new_order'), 'NEW_ORDER');
		assert.equal(findEvent('ikitech', 'delete-customer'), 'DELETE_CUSTOMER');
		assert.equal(JSON.parse(buildRequest('ikitech', 'new_order', { url: URL_ }).body).type, 'NEW_ORDER');
	});

	test('a custom {type, data} file is sent as it is; anything else becomes the data of the event', () => {
		const envelope = { type: 'UPDATE_ORDER', data: { id: 1, order_code: 'X' } };
		assert.deepEqual(JSON.parse(buildRequest('ikitech', 'NEW_ORDER', { url: URL_, payload: envelope }).body), envelope);
		const data = { id: 7, order_code: 'DH1' };
		assert.deepEqual(JSON.parse(buildRequest('ikitech', 'NEW_ORDER', { url: URL_, payload: data }).body), {
			type: 'NEW_ORDER',
			data,
		});
	});
});

describe('buildRequest: mistakes in the command', () => {
	test('every vendor lists its events and refuses an unknown one, naming the valid ones', () => {
		for (const vendor of VENDORS) {
			assert.ok(eventsOf(vendor).length > 0);
			assert.throws(() => buildRequest(vendor, 'no_such_event', { url: URL_ }), (error: Error) => {
				assert.ok(error instanceof UsageError);
				assert.match(error.message, new RegExp(eventsOf(vendor)[0]));
				return true;
			});
		}
	});

	test('a missing, relative or non-HTTP URL is refused', () => {
		for (const url of ['', 'n8n.example.com/webhook', 'ftp://n8n.example.com/x']) {
			assert.throws(() => buildRequest('ikitech', 'NEW_ORDER', { url }), UsageError, url);
		}
	});

	test("another vendor's credential option is refused, naming the right one", () => {
		const cases: Array<[(typeof VENDORS)[number], RequestOptions, RegExp]> = [
			['hiboutik', { url: URL_, token: TOKEN }, /--token is not used by hiboutik, which takes --secret/],
			['ikitech', { url: URL_, secret: SECRET }, /--secret is not used by ikitech, which takes --token/],
			['one', { url: URL_, token: TOKEN }, /which takes --user and --password/],
		];
		for (const [vendor, options, message] of cases) assert.throws(() => buildRequest(vendor, 'x', options), message);
	});
});

describe('describeRequest masks every secret', () => {
	test('hiboutik: k= in the URL', () => {
		const options = { url: URL_, secret: SECRET };
		const text = describeRequest(buildRequest('hiboutik', 'sale_validated', options), options).join('\n');
		assert.ok(!text.includes(SECRET));
		assert.match(text, /\?k=\*{5}&event=sale_validated/);
	});

	test('hiboutik: a k= the user typed into the URL', () => {
		const options = { url: `${URL_}?k=typed-in-the-url-secret` };
		const text = describeRequest(buildRequest('hiboutik', 'sale_validated', options), options).join('\n');
		assert.ok(!text.includes('typed-in-the-url-secret'));
	});

	test('one: the Authorization header, but the user name stays readable', () => {
		const options = { url: URL_, user: USER, password: PASSWORD };
		const text = describeRequest(buildRequest('one', 'cart_opened', options), options).join('\n');
		assert.ok(!text.includes(PASSWORD));
		assert.ok(!text.includes(basic(USER, PASSWORD).slice(6)));
		assert.match(text, /Authorization: Basic \*{5} \(user "one-hooks"\)/);
	});

	test('ikitech: the Token header, and the token if a custom payload contains it', () => {
		const options = { url: URL_, token: TOKEN, payload: { id: 1, note: `token is ${TOKEN}` } };
		const text = describeRequest(buildRequest('ikitech', 'NEW_ORDER', options), options).join('\n');
		assert.ok(!text.includes(TOKEN));
		assert.match(text, /Token: \*{5}/);
	});

	test('long bodies are truncated unless verbose', () => {
		const options = { url: URL_, token: TOKEN };
		const request = buildRequest('ikitech', 'NEW_ORDER', options);
		const short = describeRequest(request, options).join('\n');
		assert.match(short, /more characters; --verbose prints all/);
		assert.ok(short.length < request.body.length);
		assert.ok(describeRequest(request, options, true).join('\n').includes(request.body));
	});
});
