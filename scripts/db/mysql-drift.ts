// The MySQL migrations (prisma/mysql/migrations) held to prisma/mysql/schema.prisma without
// Prisma's migration engine (which has no MySQL connector here): the migrations are applied to a
// scratch database, and what MariaDB's information_schema then reports is compared, fact by fact,
// with what the schema says as Prisma parses it (its DMMF, from @prisma/prisma-schema-wasm):
// tables; columns with type, nullability, default, auto-increment and collation; primary keys and
// indexes with their columns in order and direction; foreign keys with their actions.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import mariadb from 'mariadb';
import { connectionConfig } from '../../src/conduit/models/mariadb/pool.js';
import { mysqlExecutor } from '../../src/conduit/models/mariadb/migrations.js';
import { applyMigrations } from '../../src/conduit/models/prisma/migrations.js';

// Every text column compares byte for byte, as on PostgreSQL (the migrations say so per table;
// Prisma's MySQL default, utf8mb4_unicode_ci, ignores case and trailing spaces).
const TEXT_COLLATION = 'utf8mb4_bin';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: { name: string; args: unknown[] } | string | number | boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}

// Prisma's MySQL column types for fields without a native type.
const DEFAULT_TYPES: Record<string, string> = {
  String: 'varchar(191)',
  Int: 'int',
  BigInt: 'bigint',
  Boolean: 'tinyint(1)',
  DateTime: 'datetime(3)',
  Float: 'double',
  Json: 'longtext',
};
const ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  SetNull: 'SET NULL',
  NoAction: 'NO ACTION',
  SetDefault: 'SET DEFAULT',
};

/** The facts prisma/mysql/schema.prisma implies for a database made from it. */
export function schemaFacts(schema: string): Set<string> {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))) as {
    datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
  };
  const { models, indexes } = dmmf.datamodel;
  const facts = new Set<string>();
  const table = (model: DmmfModel) => model.dbName ?? model.name;
  const byName = new Map(models.map((model) => [model.name, model]));
  const column = (model: DmmfModel, field: string) => {
    const found = model.fields.find((candidate) => candidate.name === field)!;
    return found.dbName ?? found.name;
  };
  for (const model of models) {
    facts.add(`table ${table(model)}`);
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (!field.relationFromFields?.length) continue;
        const target = byName.get(field.type)!;
        const from = field.relationFromFields.map((name) => column(model, name));
        const to = field.relationToFields!.map((name) => column(target, name));
        // Prisma's defaults: Restrict on delete for a required relation, SetNull for an
        // optional one; Cascade on update.
        const optional = field.relationFromFields.some(
          (name) => !model.fields.find((candidate) => candidate.name === name)!.isRequired,
        );
        const onDelete = field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict');
        const onUpdate = field.relationOnUpdate ?? 'Cascade';
        facts.add(
          `foreign key ${table(model)}_${from.join('_')}_fkey on ${table(model)} (${from.join(', ')}) ` +
            `references ${table(target)} (${to.join(', ')}) on delete ${ACTIONS[onDelete]} ` +
            `on update ${ACTIONS[onUpdate]}`,
        );
        continue;
      }
      const type = field.nativeType
        ? nativeType(field.nativeType)
        : (DEFAULT_TYPES[field.type] ?? field.type.toLowerCase());
      const isText = /char|text/.test(type);
      facts.add(
        `column ${table(model)}.${field.dbName ?? field.name} ${type}` +
          ` ${field.isRequired ? 'not null' : 'null'}` +
          ` default ${defaultOf(field)}` +
          (isText ? ` collate ${TEXT_COLLATION}` : ''),
      );
    }
  }
  for (const index of indexes) {
    const model = byName.get(index.model)!;
    const columns = index.fields.map((field) => column(model, field.name));
    const name =
      index.type === 'id'
        ? 'PRIMARY'
        : (index.dbName ??
          `${table(model)}_${columns.join('_')}_${index.type === 'unique' ? 'key' : 'idx'}`);
    const parts = index.fields.map(
      (field, i) => `${columns[i]} ${field.sortOrder === 'desc' ? 'desc' : 'asc'}`,
    );
    facts.add(
      `index ${name} on ${table(model)}${index.type === 'normal' ? '' : ' unique'} (${parts.join(', ')})`,
    );
  }
  return facts;
}

function nativeType([name, args]: [string, string[]]): string {
  const base = name.toLowerCase();
  return args.length > 0 ? `${base}(${args.join(',')})` : base;
}

function defaultOf(field: DmmfField): string {
  const value = field.default;
  if (value === undefined) return 'none';
  if (typeof value === 'object') {
    if (value.name === 'autoincrement') return 'auto_increment';
    if (value.name === 'now') return 'current_timestamp(3)';
    return `${value.name}()`;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return typeof value === 'string' && field.type !== 'Int' ? `'${value}'` : String(value);
}

interface ColumnRow {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: string | null;
  EXTRA: string;
  COLLATION_NAME: string | null;
}
interface IndexRow {
  TABLE_NAME: string;
  INDEX_NAME: string;
  NON_UNIQUE: number | string;
  COLUMN_NAME: string;
  COLLATION: string | null;
}
interface ForeignKeyRow {
  CONSTRAINT_NAME: string;
  TABLE_NAME: string;
  REFERENCED_TABLE_NAME: string;
  DELETE_RULE: string;
  UPDATE_RULE: string;
  COLUMNS: string;
  REFERENCED_COLUMNS: string;
}

/** The same facts, as the database at `url` reports them (Prisma's history table aside). */
export async function databaseFacts(url: string): Promise<Set<string>> {
  const connection = await mariadb.createConnection(connectionConfig(url));
  try {
    const query = <Row>(sql: string) => connection.query(sql) as Promise<Row[]>;
    const facts = new Set<string>();
    const tables = await query<{ TABLE_NAME: string }>(
      `SELECT TABLE_NAME FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_prisma_migrations'`,
    );
    for (const { TABLE_NAME } of tables) facts.add(`table ${TABLE_NAME}`);
    const columns = await query<ColumnRow>(
      `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
              COLLATION_NAME
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_prisma_migrations'`,
    );
    for (const row of columns) {
      // MariaDB shows integer display widths (int(11)) and NULL as a default of nullable columns.
      const type = row.COLUMN_TYPE.replace(/^(int|bigint|smallint)\(\d+\)/, '$1');
      const fallback = row.COLUMN_DEFAULT === null || row.COLUMN_DEFAULT === 'NULL';
      const preset = /auto_increment/i.test(row.EXTRA)
        ? 'auto_increment'
        : fallback
          ? 'none'
          : row.COLUMN_DEFAULT!.toLowerCase();
      facts.add(
        `column ${row.TABLE_NAME}.${row.COLUMN_NAME} ${type}` +
          ` ${row.IS_NULLABLE === 'YES' ? 'null' : 'not null'} default ${preset}` +
          (row.COLLATION_NAME ? ` collate ${row.COLLATION_NAME}` : ''),
      );
    }
    const indexRows = await query<IndexRow>(
      `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION
         FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_prisma_migrations'
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
    const grouped = new Map<string, IndexRow[]>();
    for (const row of indexRows) {
      const key = `${row.TABLE_NAME}\u0000${row.INDEX_NAME}`;
      grouped.set(key, [...(grouped.get(key) ?? []), row]);
    }
    for (const rows of grouped.values()) {
      const [first] = rows as [IndexRow];
      const parts = rows.map(
        (row) => `${row.COLUMN_NAME} ${row.COLLATION === 'D' ? 'desc' : 'asc'}`,
      );
      const unique = Number(first.NON_UNIQUE) === 0 ? ' unique' : '';
      facts.add(`index ${first.INDEX_NAME} on ${first.TABLE_NAME}${unique} (${parts.join(', ')})`);
    }
    const foreignKeys = await query<ForeignKeyRow>(
      `SELECT r.CONSTRAINT_NAME, r.TABLE_NAME, r.REFERENCED_TABLE_NAME, r.DELETE_RULE,
              r.UPDATE_RULE,
              GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', ') AS COLUMNS,
              GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', ')
                AS REFERENCED_COLUMNS
         FROM information_schema.REFERENTIAL_CONSTRAINTS r
         JOIN information_schema.KEY_COLUMN_USAGE k
           ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME
          AND k.TABLE_NAME = r.TABLE_NAME
        WHERE r.CONSTRAINT_SCHEMA = DATABASE()
        GROUP BY r.CONSTRAINT_NAME, r.TABLE_NAME, r.REFERENCED_TABLE_NAME, r.DELETE_RULE,
                 r.UPDATE_RULE`,
    );
    for (const row of foreignKeys) {
      facts.add(
        `foreign key ${row.CONSTRAINT_NAME} on ${row.TABLE_NAME} (${row.COLUMNS}) ` +
          `references ${row.REFERENCED_TABLE_NAME} (${row.REFERENCED_COLUMNS}) ` +
          `on delete ${row.DELETE_RULE} on update ${row.UPDATE_RULE}`,
      );
    }
    return facts;
  } finally {
    await connection.end();
  }
}

/** Each fact only one side has: `+` the database has it and the schema does not, `-` the reverse. */
export function factDifferences(schema: Set<string>, database: Set<string>): string[] {
  return [
    ...[...schema].filter((fact) => !database.has(fact)).map((fact) => `- ${fact}`),
    ...[...database].filter((fact) => !schema.has(fact)).map((fact) => `+ ${fact}`),
  ].sort((a, b) => a.slice(2).localeCompare(b.slice(2)));
}

/** Applies the migrations in `migrationsDir` to a scratch database on the MariaDB server at
 * `serverUrl`, dropped afterwards, and lists how the result departs from the schema. */
export async function mysqlDrift(options: {
  serverUrl: string;
  schemaPath: string;
  migrationsDir: string;
}): Promise<string[]> {
  const name = `drift_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const connection = await mariadb.createConnection({
      ...connectionConfig(options.serverUrl),
      database: '',
    });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  const url = new URL(options.serverUrl);
  url.pathname = `/${name}`;
  await admin(`CREATE DATABASE ${name}`);
  try {
    await applyMigrations(mysqlExecutor(url.href), { migrationsDir: options.migrationsDir });
    const schema = schemaFacts(await readFile(options.schemaPath, 'utf8'));
    return factDifferences(schema, await databaseFacts(url.href));
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name}`);
  }
}
