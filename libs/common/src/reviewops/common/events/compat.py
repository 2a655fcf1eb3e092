"""Is a new event schema backward compatible with the old one, within a topic version?

DESIGN.md: payload models ignore unknown fields, within a major version only optional fields are
added, and a breaking change is a new topic. A change is compatible when both hold:

- consumers built on the old schema accept what producers on the new one send (they ignore the
  fields they do not know, nothing else), and
- consumers built on the new schema accept the old records still on the topic or in its DLQ
  (replays re-read them).

So the only compatible change is adding an optional property; annotations (titles,
descriptions, examples, defaults) may change freely. Everything else is reported: a removed or
renamed property, a changed type, a property added as required or whose requiredness changed,
an enum narrowed (old records rejected) or widened (old consumers reject the new value),
changed constraints, changed union variants, array items and map values, recursively through
nested objects and `$ref`s.

Pure functions over JSON schemas (as pydantic writes them: `$defs` and local `$ref`s).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

Schema = Mapping[str, Any]

# Keywords that describe but do not validate: changing them breaks no consumer.
ANNOTATIONS = frozenset(
    {"title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment"}
)
# Keywords compared structurally below; every other keyword must stay equal.
STRUCTURAL = frozenset(
    {"$ref", "$defs", "definitions", "type", "enum", "const", "anyOf", "oneOf", "allOf", "properties", "required",
     "additionalProperties", "items", "prefixItems"}
)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _child(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _types(schema: Schema) -> frozenset[str]:
    declared = schema.get("type")
    if declared is None:
        return frozenset()
    return frozenset([declared] if isinstance(declared, str) else declared)


def _allowed_values(schema: Schema) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    return None


def _summary(schema: Schema) -> str:
    """A short name for a union variant in messages."""
    for keyword in ("title", "type", "const", "enum"):
        if keyword in schema:
            return _canonical(schema[keyword])
    return _canonical(schema)


class _Comparison:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self._roots = (old_root, new_root)
        # Pairs of references being compared, so that recursive models end instead of looping.
        self._in_progress: set[tuple[str | None, str | None]] = set()

    def _resolve(self, schema: Schema, root: Schema) -> Schema:
        seen: set[str] = set()
        while "$ref" in schema:
            reference = schema["$ref"]
            if not reference.startswith("#/") or reference in seen:
                raise ValueError(f"unsupported or circular $ref {reference!r}")
            seen.add(reference)
            target: Any = root
            for part in reference[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            # Keywords beside a $ref (pydantic puts a field's description there) apply too.
            schema = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
        return schema

    def compare(self, old: Schema, new: Schema, path: str) -> list[str]:
        references = (old.get("$ref"), new.get("$ref"))
        both_references = None not in references
        if both_references:
            if references in self._in_progress:
                return []
            self._in_progress.add(references)
        try:
            return self._compare_resolved(self._resolve(old, self._roots[0]), self._resolve(new, self._roots[1]), path)
        finally:
            if both_references:
                self._in_progress.discard(references)

    def _compare_resolved(self, old: Schema, new: Schema, path: str) -> list[str]:
        where = path or "<root>"
        if any(keyword in schema for schema in (old, new) for keyword in ("anyOf", "oneOf")):
            return self._compare_variants(old, new, path)
        problems: list[str] = []
        old_types, new_types = _types(old), _types(new)
        if old_types != new_types:
            problems.append(f"{where}: type changed from {sorted(old_types) or 'any'} to {sorted(new_types) or 'any'}")
        problems += self._compare_values(old, new, where)
        for keyword in sorted((set(old) | set(new)) - ANNOTATIONS - STRUCTURAL):
            if _canonical(old.get(keyword)) != _canonical(new.get(keyword)):
                problems.append(f"{where}: {keyword} changed from {old.get(keyword)!r} to {new.get(keyword)!r}")
        problems += self._compare_objects(old, new, path)
        problems += self._compare_arrays(old, new, path)
        problems += self._compare_all_of(old, new, path)
        return problems

    def _compare_values(self, old: Schema, new: Schema, where: str) -> list[str]:
        old_values, new_values = _allowed_values(old), _allowed_values(new)
        if old_values is None and new_values is None:
            return []
        if new_values is None:
            return [f"{where}: enum widened to any value (consumers of the old schema reject the new values)"]
        if old_values is None:
            return [f"{where}: enum narrowed from any value to {new_values} (old records no longer validate)"]
        old_set, new_set = {_canonical(v) for v in old_values}, {_canonical(v) for v in new_values}
        problems = []
        if removed := sorted(old_set - new_set):
            problems.append(f"{where}: enum narrowed, {', '.join(removed)} removed (old records no longer validate)")
        if added := sorted(new_set - old_set):
            problems.append(
                f"{where}: enum widened, {', '.join(added)} added (consumers of the old schema reject it)"
            )
        return problems

    def _compare_objects(self, old: Schema, new: Schema, path: str) -> list[str]:
        old_properties, new_properties = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
        problems: list[str] = []
        for name in old_properties:
            field = _child(path, name)
            if name not in new_properties:
                problems.append(f"{field}: removed (a rename is a removal and an addition)")
                continue
            if name in old_required and name not in new_required:
                problems.append(f"{field}: became optional (consumers of the old schema require it)")
            elif name in new_required and name not in old_required:
                problems.append(f"{field}: became required (old records may lack it)")
            problems += self.compare(old_properties[name], new_properties[name], field)
        for name in new_properties:
            if name not in old_properties and name in new_required:
                problems.append(f"{_child(path, name)}: added as required (old records lack it); add it as optional")
        problems += self._compare_open_schema(old, new, "additionalProperties", _child(path, "*"))
        return problems

    def _compare_arrays(self, old: Schema, new: Schema, path: str) -> list[str]:
        problems = self._compare_open_schema(old, new, "items", f"{path}[]")
        old_prefix, new_prefix = old.get("prefixItems", []), new.get("prefixItems", [])
        if len(old_prefix) != len(new_prefix):
            problems.append(f"{path or '<root>'}: tuple length changed from {len(old_prefix)} to {len(new_prefix)}")
        for index, (old_item, new_item) in enumerate(zip(old_prefix, new_prefix, strict=False)):
            problems += self.compare(old_item, new_item, f"{path}[{index}]")
        return problems

    def _compare_all_of(self, old: Schema, new: Schema, path: str) -> list[str]:
        old_parts, new_parts = old.get("allOf", []), new.get("allOf", [])
        if len(old_parts) != len(new_parts):
            return [f"{path or '<root>'}: allOf changed from {len(old_parts)} to {len(new_parts)} parts"]
        problems: list[str] = []
        for old_part, new_part in zip(old_parts, new_parts, strict=True):
            problems += self.compare(old_part, new_part, path)
        return problems

    def _compare_open_schema(self, old: Schema, new: Schema, keyword: str, path: str) -> list[str]:
        """`items` or `additionalProperties`: a schema, a boolean, or absent (anything goes)."""
        old_value, new_value = old.get(keyword), new.get(keyword)
        if isinstance(old_value, Mapping) and isinstance(new_value, Mapping):
            return self.compare(old_value, new_value, path)
        if _canonical(old_value) != _canonical(new_value):
            return [f"{path}: {keyword} changed from {_canonical(old_value)} to {_canonical(new_value)}"]
        return []

    def _compare_variants(self, old: Schema, new: Schema, path: str) -> list[str]:
        """Union variants (anyOf, oneOf; a plain schema is a union of one) must match one to one."""
        where = path or "<root>"
        old_variants, new_variants = self._variants(old), self._variants(new)
        unmatched_old = [v for v in old_variants if not any(not self.compare(v, n, path) for n in new_variants)]
        unmatched_new = [v for v in new_variants if not any(not self.compare(o, v, path) for o in old_variants)]
        if len(unmatched_old) == 1 and len(unmatched_new) == 1:
            return self.compare(unmatched_old[0], unmatched_new[0], path)
        problems = [
            f"{where}: variant {_summary(self._resolve(v, self._roots[0]))} removed (old records may use it)"
            for v in unmatched_old
        ]
        problems += [
            f"{where}: variant {_summary(self._resolve(v, self._roots[1]))} added "
            "(consumers of the old schema reject it)"
            for v in unmatched_new
        ]
        return problems

    @staticmethod
    def _variants(schema: Schema) -> list[Schema]:
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                return list(schema[keyword])
        return [{key: value for key, value in schema.items() if key not in ANNOTATIONS}]


def schema_breaking_changes(old: Schema, new: Schema, label: str = "") -> list[str]:
    """Why `new` is not backward compatible with `old` (empty: it is); `label` prefixes each reason."""
    problems = _Comparison(old, new).compare(old, new, "")
    return [f"{label}: {problem}" for problem in problems] if label else problems


def contract_breaking_changes(old: Schema, new: Schema) -> list[str]:
    """The same over two contract snapshots (see events/contracts.py): the envelope, and for every
    topic of the old one its key, its event types and their payload schemas. New topics are fine."""
    problems = schema_breaking_changes(old["envelope"], new["envelope"], "envelope")
    for name, old_topic in old["topics"].items():
        new_topic = new["topics"].get(name)
        if new_topic is None:
            problems.append(f"{name}: topic removed (retiring a topic also removes it from the snapshot, by hand)")
            continue
        if old_topic["key"] != new_topic["key"]:
            problems.append(f"{name}: message key changed from {old_topic['key']!r} to {new_topic['key']!r}")
        old_events, new_events = old_topic["events"], new_topic["events"]
        for event_type in old_events.keys() - new_events.keys():
            problems.append(f"{name}: event type {event_type} removed")
        for event_type in new_events.keys() - old_events.keys():
            problems.append(f"{name}: event type {event_type} added (consumers dead-letter unknown event types)")
        for event_type in old_events.keys() & new_events.keys():
            problems += schema_breaking_changes(old_events[event_type], new_events[event_type], f"{name} {event_type}")
    return sorted(problems)
