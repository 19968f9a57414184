export const ADMIN_API_VERSION: string;
export function adminSchemaPath(version?: string): string;
export function ensureAdminSchema(version?: string): string;
