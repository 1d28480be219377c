// Keeps n8n-core's instance settings (encryption key, etc.) out of the user's
// home: tests get a throwaway n8n user folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-test-user-'));
