// Validates rendered Strimzi, CloudNativePG, KEDA and Prometheus operator objects with the JSON-schema
// validators the @kubernetes-models packages compile from those operators' CRDs and API types (installed by the
// build from deploy-checks/package-lock.json). Reads a JSON array of objects on stdin, prints a JSON array with
// each object's problems ("spec.kafka.listeners[0].tls: must be boolean (is \"no\")").
//
// The packages' schemas do not close objects (no additionalProperties: false), so on their own they take a
// misspelt field. The API server refuses one (strict field validation), so this script adds that check and
// learns the declared fields from the same validators: the compiled code reads every property its schema
// declares (present or not) and enumerates the keys of maps, so a key it never touched is unknown.
import { Kafka } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/Kafka";
import { KafkaNodePool } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaNodePool";
import { KafkaTopic } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { Database } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Database";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";

// Only the API versions deploy/k8s uses: an object in another version has no validator here.
const MODELS = new Map([Kafka, KafkaNodePool, KafkaTopic, Cluster, Database, ScaledObject, PodMonitor]
  .map((model) => [`${model.apiVersion}/${model.kind}`, model]));

/** ["spec", "listeners", 0, "tls"] as spec.listeners[0].tls, the way the Java checks name fields. */
function dotted(path) {
  return path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("").replace(/^\./, "");
}

/** A copy of value whose objects record which keys the validator reads and whether it lists their keys. */
function watched(value, path, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const copy = Array.isArray(value)
    ? value.map((item, i) => watched(item, [...path, i], seen))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, watched(item, [...path, key], seen)]));
  const visits = { read: new Set(), listed: false };
  seen.set(value, visits);
  const record = (key) => typeof key === "string" && visits.read.add(key);
  return new Proxy(copy, {
    get: (target, key, receiver) => (record(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (record(key), Reflect.has(target, key)),
    ownKeys: (target) => ((visits.listed = true), Reflect.ownKeys(target)),
  });
}

/**
 * Keys the validator never read, in objects it looked into field by field. A map's keys (listed) are all
 * fine; an object none of whose keys were read has a schema without fields (Strimzi's free-form config).
 */
function unknownFields(value, path, seen, problems) {
  if (value === null || typeof value !== "object") {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, [...path, i], seen, problems));
    return;
  }
  const visits = seen.get(value);
  if (!visits.listed && visits.read.size === 0) {
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (visits.listed || visits.read.has(key)) {
      unknownFields(item, [...path, key], seen, problems);
    } else {
      problems.push(`${dotted([...path, key])}: unknown field`);
    }
  }
}

/** "/spec/listeners/0/tls" (JSON pointer, as ajv reports it) as ["spec", "listeners", 0, "tls"]. */
function pathOf(pointer) {
  return pointer.split("/").slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(object, path) {
  return path.reduce((value, part) => (value == null ? undefined : value[part]), object);
}

function schemaProblem(object, error) {
  const path = pathOf(error.instancePath);
  if (error.keyword === "required") {
    return `${dotted([...path, error.params.missingProperty])}: required`;
  }
  const value = valueAt(object, path);
  const is = value === null || typeof value !== "object" ? ` (is ${JSON.stringify(value)})` : "";
  const message = error.keyword === "enum" ? `must be one of ${JSON.stringify(error.params.allowedValues)}`
    : error.message;
  return `${dotted(path)}: ${message}${is}`;
}

function problems(object) {
  const model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (!model) {
    return [`no schema validator for apiVersion ${object.apiVersion} kind ${object.kind} `
      + `(known: ${[...MODELS.keys()].join(", ")})`];
  }
  const seen = new Map();
  const found = [];
  try {
    // The model's validate() on the watched copy: new Model(object) would copy it and read every field.
    model.prototype.validate.call(watched(object, [], seen));
  } catch (e) {
    if (!Array.isArray(e.errors)) {
      throw e;
    }
    found.push(...e.errors.map((error) => schemaProblem(object, error)));
  }
  unknownFields(object, [], seen, found);
  return found;
}

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) {
  input += chunk;
}
process.stdout.write(JSON.stringify(JSON.parse(input).map(problems)));
