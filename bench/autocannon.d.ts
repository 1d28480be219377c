// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
	interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		p50: number;
		p90: number;
		p99: number;
		[percentile: string]: number;
	}

	interface Options {
		url: string;
		method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
		headers?: Record<string, string>;
		body?: string | Buffer;
		connections?: number;
		duration?: number;
		amount?: number;
		timeout?: number;
		title?: string;
	}

	interface Result {
		title?: string;
		url: string;
		connections: number;
		/** seconds */
		duration: number;
		start: Date;
		finish: Date;
		errors: number;
		timeouts: number;
		non2xx: number;
		'2xx': number;
		statusCodeStats: Record<string, { count: number }>;
		/** milliseconds */
		latency: Histogram;
		/** requests per second, sampled once a second */
		requests: Histogram & { sent: number };
	}

	function autocannon(options: Options): Promise<Result>;
	export = autocannon;
}
