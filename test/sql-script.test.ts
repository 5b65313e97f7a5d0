/**
 * Migration scripts are split where statements end, not at every `;` (the stock adapter's
 * split cuts a function body in pieces): quotes, dollar-quoted bodies and comments are kept
 * whole. Checked here, and by applying a function-creating script to a real database.
 */
import t from 'tap';
import pg from 'pg';
import { splitSqlStatements } from '../src/db/sql-script.js';
import { createTestDatabase, databaseUrl } from './helper.js';

const SCRIPT = `-- a comment; with a semicolon
CREATE TABLE "t" ("a" TEXT DEFAULT 'x;y', "b" TEXT);
/* block; comment */
CREATE FUNCTION "f"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."b" := 'it''s; done';
  RETURN NEW;
END
$$;
CREATE FUNCTION "g"() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
CREATE TRIGGER "t_f" BEFORE INSERT ON "t" FOR EACH ROW EXECUTE FUNCTION "f"();
INSERT INTO "t" ("a") VALUES ($q$;$q$)`;

t.test('statements end at semicolons outside quotes, dollar-quoted bodies and comments', async (t) => {
  const statements = splitSqlStatements(SCRIPT);
  t.equal(statements.length, 5);
  t.match(statements[1], /\*\/\nCREATE FUNCTION "f"[\s\S]*END\n\$\$$/, 'a PL/pgSQL body is one statement');
  t.match(statements[2], /\$body\$ SELECT 1; \$body\$$/, 'a tagged body too');
  t.same(splitSqlStatements('-- only a comment;\n/* and another; */'), [], 'nothing but comments is nothing to run');

  // Run as a migration would be, on a real database: the trigger works.
  const client = new pg.Client({ connectionString: databaseUrl(await createTestDatabase(t)) });
  await client.connect();
  t.teardown(() => client.end());
  for (const statement of statements) await client.query(statement);
  const { rows } = await client.query<{ a: string; b: string }>('SELECT "a", "b" FROM "t"');
  t.same(rows, [{ a: ';', b: "it's; done" }]);
});
