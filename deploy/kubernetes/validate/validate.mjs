// Validates the Kubernetes manifests in deploy/kubernetes offline, without a cluster:
//   cd deploy/kubernetes/validate && npm ci && node validate.mjs [DIR]
// DIR defaults to deploy/kubernetes (this folder's parent); only its own *.yaml files are read.
//
// For every object of every YAML document:
//   1. schema: the model class of its apiVersion and kind (kubernetes-models for the built-in APIs,
//      @kubernetes-models/prometheus-operator for monitoring.coreos.com) and its validate(): the OpenAPI
//      schemas of Kubernetes and of the Prometheus Operator's CRDs, compiled with ajv. They check types
//      (a port must be an integer), enums (protocol, appArmorProfile.type, relabeling action), required
//      fields, quantities and durations, but not unknown fields: they allow any extra property;
//   2. fields: every field name must exist in the model's TypeScript types (read with the TypeScript
//      compiler), as `kubectl apply --validate=strict` requires; this catches a misspelled field
//      (`hostPid` for `hostPID`), which the schemas alone pass and a cluster either refuses at apply time
//      or, with lax field validation, drops without a word;
//   3. a few of the API server's own rules that the schemas leave out: metadata.name is a DNS subdomain,
//      ports are 1-65535, allowPrivilegeEscalation=false is refused beside capability CAP_SYS_ADMIN.
// An apiVersion/kind that neither package models is an error. kustomization.yaml is not an object: its
// `resources` must name every other *.yaml here, and only files that exist.
// Prints one line per object, then "N objects in M files: valid"; exits 1 on any problem, 2 on bad usage.
import { readdirSync, readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, ".."));
if (!existsSync(dir)) {
  console.error(`validate.mjs: no directory ${dir}`);
  process.exit(2);
}

// Which package models which API group. Anything else is refused: an object we cannot check is not valid.
const builtInGroups = new Set([
  "", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io",
  "scheduling.k8s.io", "storage.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io",
  "admissionregistration.k8s.io", "apiextensions.k8s.io", "certificates.k8s.io",
]);
function modulePath(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
    return null;
  }
  const [group, version, rest] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (rest !== undefined || !/^v[0-9]+[a-z0-9]*$/.test(version)) {
    return null;
  }
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}`;
  }
  if (builtInGroups.has(group)) {
    return group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  }
  return null;
}

async function modelClass(apiVersion, kind) {
  const specifier = modulePath(apiVersion, kind);
  if (specifier === null) {
    return { error: `unknown apiVersion/kind ${apiVersion}/${kind}: neither kubernetes-models nor @kubernetes-models/prometheus-operator models it` };
  }
  let module;
  try {
    module = await import(specifier);
  } catch {
    return { error: `unknown kind ${kind} in ${apiVersion} (no ${specifier})` };
  }
  const cls = module[kind];
  // A nested type such as v1/PodSpec has a module too, but it is not a kind of its own.
  if (typeof cls !== "function" || cls.apiVersion !== apiVersion || cls.kind !== kind) {
    return { error: `unknown kind ${kind} in ${apiVersion}: ${specifier} is not a top-level kind` };
  }
  return { cls, specifier };
}

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// The API server's rules that the OpenAPI schemas do not carry, for the fields these manifests use.
function serverRules(object) {
  const problems = [];
  const name = object.metadata?.name;
  if (typeof name !== "string" || name.length === 0) {
    problems.push("metadata.name: required");
  } else if (name.length > 253 || !dnsSubdomain.test(name)) {
    problems.push(`metadata.name: "${name}" is not a DNS subdomain (lower case letters, digits, '-' and '.')`);
  }
  const visit = (value, at) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${at}[${index}]`));
      return;
    }
    if (value === null || typeof value !== "object") {
      return;
    }
    for (const key of ["containerPort", "hostPort", "port", "targetPort", "nodePort"]) {
      const port = value[key];
      if (Number.isInteger(port) && (port < 1 || port > 65535) && !(key === "nodePort" && port === 0)) {
        problems.push(`${at}.${key}: ${port} is not a port (1-65535)`);
      }
    }
    const adds = value.capabilities?.add;
    if (value.allowPrivilegeEscalation === false && Array.isArray(adds) && adds.includes("CAP_SYS_ADMIN")) {
      problems.push(`${at}: allowPrivilegeEscalation=false with capabilities.add CAP_SYS_ADMIN is refused by the API server`);
    }
    for (const [key, child] of Object.entries(value)) {
      visit(child, at === "" ? key : `${at}.${key}`);
    }
  };
  visit(object.spec, "spec");
  return problems;
}

// Reads every object of every file.
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
const objects = [];
const problems = [];
let kustomization = null;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(path.join(dir, file), "utf8"), { uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    for (const error of [...document.errors, ...document.warnings]) {
      problems.push(`${file}: document ${index + 1}: YAML: ${error.message.split("\n")[0]}`);
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      return;
    }
    if (typeof object !== "object" || Array.isArray(object)) {
      problems.push(`${file}: document ${index + 1}: not a Kubernetes object (a mapping with apiVersion and kind)`);
      return;
    }
    if (object.kind === "Kustomization" && String(object.apiVersion).startsWith("kustomize.config.k8s.io/")) {
      kustomization = { file, object };
      return;
    }
    objects.push({ file, index, object });
  });
}

// 1 and 3: the schemas, and the server's rules.
const results = [];
for (const entry of objects) {
  const { apiVersion, kind, metadata } = entry.object;
  const label = `${entry.file}: ${apiVersion} ${kind} ${metadata?.namespace ? metadata.namespace + "/" : ""}${metadata?.name ?? "(no name)"}`;
  const found = await modelClass(apiVersion, kind);
  const errors = [];
  if (found.error) {
    errors.push(found.error);
  } else {
    entry.specifier = found.specifier;
    try {
      new found.cls(entry.object).validate();
    } catch (error) {
      errors.push(...String(error.message).split(/,\s*(?=data\/)|\n/).map((m) => `schema: ${m.replace(/^data/, "")}`));
    }
    errors.push(...serverRules(entry.object));
  }
  results.push({ entry, label, errors });
}

// 2: unknown fields, walking each object beside its TypeScript type.
const typed = results.filter((r) => r.entry.specifier);
if (typed.length > 0) {
  const scratch = mkdtempSync(path.join(here, ".fields-"));
  try {
    const source = path.join(scratch, "objects.ts");
    writeFileSync(source, typed.map((r, i) => `import type { I${r.entry.object.kind} as T${i} } from "${r.entry.specifier}";\nexport declare const o${i}: T${i};\n`).join(""));
    const program = ts.createProgram([source], {
      noEmit: true, strict: true, skipLibCheck: true, types: [],
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(source));
    const declared = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, checker.getTypeOfSymbol(s)]));
    typed.forEach((result, i) => {
      const type = declared.get(`o${i}`);
      if (!type || type.flags & ts.TypeFlags.Any) {
        result.errors.push(`fields: no TypeScript type I${result.entry.object.kind} in ${result.entry.specifier}`);
        return;
      }
      walkFields(checker, result.entry.object, type, "", result.errors);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function walkFields(checker, value, type, at, errors) {
  if (value === null || typeof value !== "object") {
    return;
  }
  type = checker.getNonNullableType(type);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    return;
  }
  const members = type.isUnion() ? type.types : [type];
  if (Array.isArray(value)) {
    const element = members.map((t) => (checker.isArrayType(t) ? checker.getTypeArguments(t)[0] : undefined)).find(Boolean);
    if (element) {
      value.forEach((item, index) => walkFields(checker, item, element, `${at}[${index}]`, errors));
    }
    return;
  }
  const shapes = members.filter((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
  if (shapes.length === 0) {
    return; // a scalar where an object stands: the schema reports that
  }
  for (const [key, child] of Object.entries(value)) {
    const where = at === "" ? key : `${at}.${key}`;
    let childType;
    for (const shape of shapes) {
      const property = checker.getPropertyOfType(shape, key);
      childType = property ? checker.getTypeOfSymbol(property) : checker.getIndexInfoOfType(shape, ts.IndexKind.String)?.type;
      if (childType) {
        break;
      }
    }
    if (!childType) {
      const known = shapes.flatMap((s) => checker.getPropertiesOfType(s).map((p) => p.name));
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? known.find((k) => distance(k, key) <= 2);
      errors.push(`fields: ${where}: unknown field${near ? ` (did you mean ${near}?)` : ""}`);
      continue;
    }
    walkFields(checker, child, childType, where, errors);
  }
}

function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

// The kustomization names exactly the manifests that are here.
if (kustomization) {
  const listed = Array.isArray(kustomization.object.resources) ? kustomization.object.resources : [];
  const manifests = files.filter((f) => f !== kustomization.file);
  const missing = listed.filter((r) => !existsSync(path.join(dir, r)));
  const unlisted = manifests.filter((f) => !listed.includes(f));
  missing.forEach((r) => problems.push(`${kustomization.file}: resources: ${r} does not exist`));
  unlisted.forEach((f) => problems.push(`${kustomization.file}: resources: ${f} is not listed`));
  if (missing.length === 0 && unlisted.length === 0) {
    console.log(`${kustomization.file}: Kustomization: lists all ${listed.length} manifests`);
  }
} else {
  problems.push(`no kustomization.yaml in ${dir}`);
}

for (const { label, errors } of results) {
  if (errors.length === 0) {
    console.log(`${label}: valid`);
  } else {
    console.log(`${label}: INVALID`);
    errors.forEach((e) => console.log(`  ${e}`));
  }
}
problems.forEach((p) => console.log(p));
const invalid = results.filter((r) => r.errors.length > 0).length;
if (invalid > 0 || problems.length > 0 || objects.length === 0) {
  console.log(`${objects.length} objects in ${files.length} files: ${invalid} invalid, ${problems.length} other problems`);
  process.exit(1);
}
console.log(`${objects.length} objects in ${files.length} files: valid`);
