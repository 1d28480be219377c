/**
 * The JavaScript a careful user types into n8n's Code node to do, without this
 * pack, what our nodes do: the "generic" side of the benchmarks. Written the
 * way a competent n8n user would (compact, correct for these payloads), not
 * deliberately slow, and checked by the benchmark to produce the same bytes
 * as our nodes (run.ts compares what the local vendor servers received).
 *
 * Code nodes cannot read credentials, so the secrets are typed into the code,
 * which also stores them in the workflow and, for JustClick, in every
 * execution's data (the string md5 signs contains the key).
 */

/** PHP's urlencode (http_build_query's encoding): only A-Z a-z 0-9 _ . - stay, space is '+'. */
const PHP_URLENCODE = `const phpUrlencode = (text) =>
  encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');`;

/**
 * Hiboutik callback → the sale as nested data. n8n's Webhook node has no
 * option for a secret in the query string, so the check is here; n8n parses
 * the form flat ('line_items[0][tags][1][tag_id]' is one key), so the nesting
 * is rebuilt as PHP's parse_str does (numeric keys make lists).
 */
export function hiboutikCallbackCode(secret: string): string {
	return `const SECRET = ${JSON.stringify(secret)};
const { query, body } = $input.first().json;
if (query.k !== SECRET) {
  throw new Error('Forbidden: the callback URL must end with ?k=<secret>');
}

function rebuildPhpKeys(flat) {
  const root = {};
  const nextIndex = (target) => (Array.isArray(target) ? target.length : Object.keys(target).length);
  for (const [name, raw] of Object.entries(flat)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const keys = name.replace(/\\]/g, '').split('[');
    let target = root;
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i] === '' ? nextIndex(target) : keys[i];
      if (typeof target[key] !== 'object' || target[key] === null) {
        target[key] = /^\\d*$/.test(keys[i + 1]) ? [] : {};
      }
      target = target[key];
    }
    const last = keys[keys.length - 1];
    target[last === '' ? nextIndex(target) : last] = value;
  }
  return root;
}

return [{ json: { event: query.event, receivedAt: new Date().toISOString(), data: rebuildPhpKeys(body) } }];
`;
}

/**
 * JustClick UpdateOrderStatus: the body PHP's http_build_query makes of the
 * parameters, in JustClick's order, and the text whose md5 signs it (the
 * Crypto node computes the md5, the HTTP Request node sends query&hash=...).
 */
export function justClickSigningCode(login: string, apiKey: string): string {
	return `const LOGIN = ${JSON.stringify(login)};
const API_KEY = ${JSON.stringify(apiKey)};
${PHP_URLENCODE}
const buildQuery = (params) =>
  Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => phpUrlencode(key) + '=' + phpUrlencode(String(value)))
    .join('&');

return $input.all().map((item) => {
  const order = item.json;
  const query = buildQuery({
    bill_id: order.billId,
    status: 'sent',
    date: Math.floor(Date.parse(order.shippedAt) / 1000),
    rpo: order.trackingNumber,
  });
  return { json: { query, toSign: query + '::' + LOGIN + '::' + API_KEY } };
});
`;
}

/**
 * SPREAD updateOrder: the nested form of SPREAD's PHP sample
 * (data[...], request[order_idorder]) with a hand-written http_build_query.
 */
export const SPREAD_FORM_CODE = `${PHP_URLENCODE}
function httpBuildQuery(value, prefix) {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => {
      const key = prefix ? prefix + '[' + k + ']' : k;
      return typeof v === 'object' ? httpBuildQuery(v, key) : phpUrlencode(key) + '=' + phpUrlencode(String(v));
    })
    .filter((pair) => pair !== '')
    .join('&');
}
// SPREAD wants Y-m-d H:i:s, UTC
const sqlDateTime = (text) => new Date(text).toISOString().slice(0, 19).replace('T', ' ');

return $input.all().map((item) => {
  const order = item.json;
  const data = {
    customer_email: order.email,
    external_id: order.phone,
    customer_name: order.customerName,
    customer_address: order.address,
    customer_city: order.city,
    customer_mobile: order.phone,
    action: 'order',
    order_idorder: order.orderCode,
    order_state: '10',
    order_amount: String(order.total),
    order_crea_dt: sqlDateTime(order.createdAt),
    add_order_tag: ['ikitech'],
  };
  return { json: { form: httpBuildQuery({ data, request: { order_idorder: order.orderCode } }) } };
});
`;
