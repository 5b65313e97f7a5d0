/**
 * The statements of a SQL script, split at the semicolons that end them: not those inside
 * quoted strings or identifiers, dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`: functions and
 * triggers) or comments. @prisma/adapter-pg 6.19 splits a migration at every `;`, which cuts a
 * PL/pgSQL function into pieces.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const char = script[i]!;
    const next = script[i + 1];
    if (char === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (char === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
    } else if (char === "'" || char === '"') {
      // A doubled quote inside is part of the string: skipping from quote to quote handles it.
      const end = script.indexOf(char, i + 1);
      i = end === -1 ? script.length : end + 1;
    } else if (char === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end === -1 ? script.length : end + tag.length;
      } else i++;
    } else if (char === ';') {
      statements.push(script.slice(start, i));
      start = ++i;
    } else i++;
  }
  statements.push(script.slice(start));
  return statements.map((statement) => statement.trim()).filter((statement) => statement.length > 0 && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(statement));
}
