export function postgresSchemaFrom(sqliteSchema: string): string;
