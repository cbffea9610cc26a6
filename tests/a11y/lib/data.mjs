// The open data of a built site: /data.json is checked against the JSON Schema published beside
// it (/data.schema.json) with Ajv, a widely used validator (JSON Schema 2020-12, with formats).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The problems of `dir`'s data.json: none when it matches its schema. */
export function validateData(dir) {
  const [data, schema] = ['data.json', 'data.schema.json'].map((f) => join(dir, f));
  if (!existsSync(data) || !existsSync(schema)) return ['data.json or data.schema.json is missing'];
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schema, 'utf8')));
  if (validate(JSON.parse(readFileSync(data, 'utf8')))) return [];
  return validate.errors.slice(0, 10).map((e) => `data.json${e.instancePath}: ${e.message}`);
}
