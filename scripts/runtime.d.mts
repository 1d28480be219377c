// Types for scripts/runtime.mjs (plain JavaScript so `npm start` needs no build step).
export declare const N8N_VERSION: string;
export declare const NODE_MAJOR: number;
export declare const PACKAGE_NAME: string;
export declare const REPO_ROOT: string;

export interface Runtime {
	/** Node ≥ 24 to run n8n with. */
	nodeBin: string;
	/** n8n's CLI entry (a JavaScript file): `spawn(nodeBin, [n8nBin, 'start'], { env })`. */
	n8nBin: string;
	/** process.env with Node 24 first on PATH (n8n spawns its task runner with `node`). */
	env: NodeJS.ProcessEnv;
	runtimeDir: string;
	nodeVersion: string;
}

export declare function runtimeDir(): string;
export declare function ensureRuntime(): Promise<Runtime>;
export declare function n8nModulesDir(): string;
export declare function installPack(userFolder: string, repoRoot?: string): string;
export declare function offlineN8nEnv(): Record<string, string>;
export declare function ensureMigratedSqlite(): Promise<string>;
