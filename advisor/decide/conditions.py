"""Conditions: `all`/`any`/`not` trees whose leaves name a declared fact, an operator, a value.

Shared by the questions (`when`) and the rules (`when`, `require`). Everything here is plain
Python; the pydantic model of a condition lives in `advisor.decide.models`. A condition is
checked against the declared facts once, at load time, then compiled into tuples that the
engine evaluates quickly, with or without a trace.

Facts are named `answer.<question id>`, `setup` (the setup type once decided),
`registry.<attribute>` (an attribute of the registry being scored, see docs/catalog.md),
`registry.id`, and `mode` (how the candidate is run: `saas` by its vendor, or `self-hosted`).

Logic is three-valued (Kleene). A leaf over a registry attribute whose value is `unknown`
(or absent) is itself unknown (`None`) for every operator but `is_unknown` and `is_known`;
`not` keeps it unknown, `all` is false if any child is false and else unknown if any child
is, `any` is true if any child is true and else unknown if any child is. A rule therefore
never fires on a fact nobody could confirm, and the engine can tell "does not" from "not
confirmed".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from advisor.errors import did_you_mean
from advisor.frozen import field, frozen
from advisor.i18n import _

UNKNOWN = "unknown"

# Fact types: one value from a set, yes/no, a list of values from a set, free text.
CHOICE, BOOL, MULTI, TEXT = "choice", "bool", "multi", "text"

# Fact scopes, as compiled into a leaf.
ANSWER, SETUP, REGISTRY, REGISTRY_ID, MODE = "answer", "setup", "registry", "registry_id", "mode"
#: How a candidate is run: by its vendor as a service, or by you on your own servers.
MODES = ("saas", "self-hosted")


@frozen
class FactSpec:
    """A fact a condition may name."""

    name: str
    scope: str
    type: str
    allowed: tuple[Any, ...] | None = None  # the closed set of values, when there is one
    help: str = ""


@frozen
class OpSpec:
    name: str
    types: frozenset[str]
    value: str  # "none", "one" (a single value) or "list" (a list of values)
    help: str
    scopes: frozenset[str] = field(
        default_factory=lambda: frozenset({ANSWER, SETUP, REGISTRY, REGISTRY_ID, MODE})
    )


_ALL_TYPES = frozenset({CHOICE, BOOL, MULTI, TEXT})

OPERATORS: dict[str, OpSpec] = {
    op.name: op
    for op in (
        OpSpec("eq", frozenset({CHOICE, BOOL, TEXT}), "one", "the fact equals the value"),
        OpSpec("ne", frozenset({CHOICE, BOOL, TEXT}), "one", "the fact differs from the value"),
        OpSpec("in", frozenset({CHOICE, TEXT}), "list", "the fact is one of the values"),
        OpSpec("not_in", frozenset({CHOICE, TEXT}), "list", "the fact is none of the values"),
        OpSpec("contains", frozenset({MULTI}), "one", "the list holds the value"),
        OpSpec("not_contains", frozenset({MULTI}), "one", "the list lacks the value"),
        OpSpec("contains_any", frozenset({MULTI}), "list", "the list holds one of the values"),
        OpSpec("contains_all", frozenset({MULTI}), "list", "the list holds all the values"),
        OpSpec("contains_none", frozenset({MULTI}), "list", "the list holds none of the values"),
        OpSpec("is_empty", frozenset({MULTI}), "none", "the list is empty"),
        OpSpec("is_true", frozenset({BOOL}), "none", "the fact is yes"),
        OpSpec("is_false", frozenset({BOOL}), "none", "the fact is no"),
        OpSpec(
            "is_known",
            _ALL_TYPES,
            "none",
            "the catalog gives a value (not 'unknown')",
            frozenset({REGISTRY}),
        ),
        OpSpec(
            "is_unknown",
            _ALL_TYPES,
            "none",
            "the catalog could not confirm the value",
            frozenset({REGISTRY}),
        ),
        OpSpec(
            "answered",
            _ALL_TYPES,
            "none",
            "the user answered the question (the default was not used)",
            frozenset({ANSWER}),
        ),
    )
}


# ---------------------------------------------------------------------------------------
# Checking a condition (as a dict, after its shape was validated) against the declared facts

Problem = tuple[tuple[str | int, ...], str]


def check(
    cond: Mapping[str, Any],
    facts: Mapping[str, FactSpec],
    path: tuple[str | int, ...],
    *,
    allowed_scopes: frozenset[str] | None = None,
    context: str = "",
) -> list[Problem]:
    """Return (path, message) for every problem in a condition tree.

    `allowed_scopes` limits which kinds of fact may appear (a question's `when` may read
    only answers; a setup rule may not read the setup it decides).
    """
    problems: list[Problem] = []
    _check(cond, facts, path, allowed_scopes, context, problems)
    return problems


def _check(cond, facts, path, allowed_scopes, context, problems) -> None:
    for kind in ("all", "any"):
        if kind in cond:
            for i, child in enumerate(cond[kind]):
                _check(child, facts, (*path, kind, i), allowed_scopes, context, problems)
            return
    if "not" in cond:
        _check(cond["not"], facts, (*path, "not"), allowed_scopes, context, problems)
        return
    name = cond["fact"]
    spec = facts.get(name)
    if spec is None:
        unknown = _("unknown fact '{name}'").format(name=name) + did_you_mean(name, facts)
        problems.append(((*path, "fact"), unknown))
        return
    if allowed_scopes is not None and spec.scope not in allowed_scopes:
        where = _(context) if context else ""
        message = _("fact '{name}' cannot be used {where}").format(name=name, where=where)
        problems.append(((*path, "fact"), message.rstrip()))
        return
    op = OPERATORS.get(cond["op"])
    if op is None:
        problems.append(
            (
                (*path, "op"),
                _("unknown operator '{op}'").format(op=cond["op"])
                + did_you_mean(cond["op"], OPERATORS)
                + "; "
                + _("operators: {names}").format(names=", ".join(OPERATORS)),
            )
        )
        return
    if spec.type not in op.types or spec.scope not in op.scopes:
        fit = [
            o.name for o in OPERATORS.values() if spec.type in o.types and spec.scope in o.scopes
        ]
        problems.append(
            (
                (*path, "op"),
                _(
                    "operator '{op}' does not apply to {type} fact '{name}'; use one of: {ops}"
                ).format(op=op.name, type=spec.type, name=name, ops=", ".join(fit)),
            )
        )
        return
    has_value = "value" in cond
    if op.value == "none":
        if has_value:
            problems.append(
                ((*path, "value"), _("operator '{op}' takes no value").format(op=op.name))
            )
        return
    if not has_value:
        problems.append(((*path, "value"), _("operator '{op}' needs a value").format(op=op.name)))
        return
    values = cond["value"]
    if op.value == "list":
        if not isinstance(values, list) or not values:
            problems.append(
                (
                    (*path, "value"),
                    _("operator '{op}' needs a non-empty list of values").format(op=op.name),
                )
            )
            return
    else:
        if isinstance(values, list | dict):
            problems.append(
                ((*path, "value"), _("operator '{op}' needs a single value").format(op=op.name))
            )
            return
        values = [values]
    for v in values:
        msg = _check_value(spec, v)
        if msg:
            problems.append(((*path, "value"), msg))


def _check_value(spec: FactSpec, v: Any) -> str | None:
    if spec.type == BOOL:
        if not isinstance(v, bool):
            return _("fact '{name}' is yes/no; expected true or false, got {value}").format(
                name=spec.name, value=repr(v)
            )
        return None
    if not isinstance(v, str):
        return _("fact '{name}' takes text values, got {value}").format(
            name=spec.name, value=repr(v)
        )
    if spec.allowed is not None and v not in spec.allowed:
        allowed = [str(a) for a in spec.allowed]
        return (
            _("'{value}' is not a value of '{name}'").format(value=v, name=spec.name)
            + did_you_mean(v, allowed)
            + "; "
            + _("allowed: {choices}").format(choices=", ".join(allowed))
        )
    return None


def fact_scope(name: str) -> str:
    """The scope a fact name belongs to (answer, registry, registry_id, mode or setup)."""
    if name == "mode":
        return MODE
    if name.startswith("answer."):
        return ANSWER
    if name == "registry.id":
        return REGISTRY_ID
    if name.startswith("registry."):
        return REGISTRY
    return SETUP


def fact_names(cond: Mapping[str, Any]) -> set[str]:
    """The facts a condition names."""
    out: set[str] = set()
    stack = [cond]
    while stack:
        c = stack.pop()
        if "fact" in c:
            out.add(c["fact"])
        stack.extend(c.get("all", ()))
        stack.extend(c.get("any", ()))
        if "not" in c:
            stack.append(c["not"])
    return out


# ---------------------------------------------------------------------------------------
# Compiled conditions: tuples, evaluated with or without a trace
#
#   ("all", (child, ...)) | ("any", (child, ...)) | ("not", child)
#   ("leaf", scope, key, fact_name, op, value)


def compile_condition(cond: Mapping[str, Any]) -> tuple:
    """Compile a checked condition dict."""
    if "all" in cond:
        return ("all", tuple(compile_condition(c) for c in cond["all"]))
    if "any" in cond:
        return ("any", tuple(compile_condition(c) for c in cond["any"]))
    if "not" in cond:
        return ("not", compile_condition(cond["not"]))
    name = cond["fact"]
    key = name.split(".", 1)[1] if "." in name else name
    value = cond.get("value")
    if isinstance(value, list):
        value = tuple(value)
    return ("leaf", fact_scope(name), key, name, cond["op"], value)


ALWAYS: tuple = ("all", ())


def _apply(op: str, actual: Any, value: Any) -> bool | None:
    if op == "is_unknown":
        return actual == UNKNOWN
    if op == "is_known":
        return actual != UNKNOWN
    if actual == UNKNOWN:  # neither true nor false on a fact nobody could confirm
        return None
    if op == "eq":
        return actual == value and type(actual) is type(value)
    if op == "ne":
        return not (actual == value and type(actual) is type(value))
    if op == "is_true":
        return actual is True
    if op == "is_false":
        return actual is False
    if op == "in":
        return actual in value
    if op == "not_in":
        return actual not in value
    if op == "contains":
        return value in actual
    if op == "not_contains":
        return value not in actual
    if op == "contains_any":
        return any(v in actual for v in value)
    if op == "contains_all":
        return all(v in actual for v in value)
    if op == "contains_none":
        return not any(v in actual for v in value)
    if op == "is_empty":
        return len(actual) == 0
    raise ValueError(f"operator {op!r} is not evaluated here")  # pragma: no cover


class Context:
    """What a condition is evaluated against: answers, the setup, one registry and the mode
    it would be run in."""

    __slots__ = ("answers", "answered", "setup", "registry", "mode")

    def __init__(
        self,
        answers: Mapping[str, Any],
        answered: frozenset[str] | set[str],
        setup: str | None = None,
        registry: Any = None,
        mode: str | None = None,
    ) -> None:
        self.answers = answers
        self.answered = answered
        self.setup = setup
        self.registry = registry
        self.mode = mode


def registry_value(registry: Any, key: str) -> tuple[Any, str | None]:
    """(value, source) of a registry attribute; absent optional attributes are unknown."""
    fact = getattr(registry.attributes, key, None)
    if fact is None:
        return UNKNOWN, None
    return fact.value, fact.source


def _actual(leaf: tuple, ctx: Context) -> Any:
    _, scope, key, _name, op, _value = leaf
    if scope == ANSWER:
        if op == "answered":
            return key in ctx.answered
        return ctx.answers[key]
    if scope == SETUP:
        return ctx.setup
    if scope == MODE:
        return ctx.mode
    if scope == REGISTRY_ID:
        return ctx.registry.id
    return registry_value(ctx.registry, key)[0]


def _all3(results: Any) -> bool | None:
    unknown = False
    for r in results:
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def _any3(results: Any) -> bool | None:
    unknown = False
    for r in results:
        if r is True:
            return True
        if r is None:
            unknown = True
    return None if unknown else False


def _leaf_result(leaf: tuple, actual: Any) -> bool | None:
    op = leaf[4]
    if op == "answered":
        return bool(actual)
    return _apply(op, actual, leaf[5])


def evaluate(node: tuple, ctx: Context) -> bool | None:
    """Plain three-valued evaluation (True, False, or None for unknown); no trace."""
    kind = node[0]
    if kind == "leaf":
        return _leaf_result(node, _actual(node, ctx))
    if kind == "all":
        return _all3(evaluate(c, ctx) for c in node[1])
    if kind == "any":
        return _any3(evaluate(c, ctx) for c in node[1])
    inner = evaluate(node[1], ctx)
    return None if inner is None else not inner


_Test = Callable[[Context], "bool | None"]


def make_test(node: tuple) -> _Test:
    """Compile a condition into a closure with the same three-valued result as `evaluate`,
    several times faster, for the per-registry loop."""
    kind = node[0]
    if kind == "not":
        inner = make_test(node[1])

        def not_(ctx: Context) -> bool | None:
            r = inner(ctx)
            return None if r is None else not r

        return not_
    if kind in ("all", "any"):
        tests = tuple(make_test(c) for c in node[1])
        if not tests:
            return (lambda ctx: True) if kind == "all" else (lambda ctx: False)
        if len(tests) == 1:
            return tests[0]
        # Plain loops: measurably faster here than helpers over a generator.
        if kind == "all":

            def all_(ctx: Context) -> bool | None:
                unknown = False
                for t in tests:
                    r = t(ctx)
                    if r is False:
                        return False
                    if r is None:
                        unknown = True
                return None if unknown else True

            return all_

        def any_(ctx: Context) -> bool | None:
            unknown = False
            for t in tests:
                r = t(ctx)
                if r is True:
                    return True
                if r is None:
                    unknown = True
            return None if unknown else False

        return any_
    _, scope, key, _name, op, value = node
    if op == "answered":
        return lambda ctx: key in ctx.answered
    check = _op_test(op, value)
    if scope == ANSWER:
        return lambda ctx: check(ctx.answers[key])
    if scope == SETUP:
        return lambda ctx: check(ctx.setup)
    if scope == MODE:
        return lambda ctx: check(ctx.mode)
    if scope == REGISTRY_ID:
        return lambda ctx: check(ctx.registry.id)
    if op in ("is_unknown", "is_known"):
        want_unknown = op == "is_unknown"

        def known(ctx: Context) -> bool:
            fact = getattr(ctx.registry.attributes, key, None)
            return (fact is None or fact.value == UNKNOWN) is want_unknown

        return known

    def registry_leaf(ctx: Context) -> bool | None:
        fact = getattr(ctx.registry.attributes, key, None)
        if fact is None:
            return None
        actual = fact.value
        return None if actual == UNKNOWN else check(actual)

    return registry_leaf


def definitely(test: _Test) -> Callable[[Context], bool]:
    """A boolean test that holds only when the three-valued `test` is True."""
    return lambda ctx: test(ctx) is True


def _op_test(op: str, value: Any) -> Callable[[Any], bool]:
    if op == "eq":
        vt = type(value)
        return lambda a: a == value and type(a) is vt
    if op == "ne":
        vt = type(value)
        return lambda a: not (a == value and type(a) is vt)
    if op == "is_true":
        return lambda a: a is True
    if op == "is_false":
        return lambda a: a is False
    if op == "in":
        return lambda a: a in value
    if op == "not_in":
        return lambda a: a not in value
    if op == "contains":
        return lambda a: value in a
    if op == "not_contains":
        return lambda a: value not in a
    if op == "contains_any":
        return lambda a: any(v in a for v in value)
    if op == "contains_all":
        return lambda a: all(v in a for v in value)
    if op == "contains_none":
        return lambda a: not any(v in a for v in value)
    if op == "is_empty":
        return lambda a: len(a) == 0
    if op == "is_known":
        return lambda a: a != UNKNOWN
    if op == "is_unknown":
        return lambda a: a == UNKNOWN
    raise ValueError(f"operator {op!r} is not compiled here")  # pragma: no cover


def partial(node: tuple, ctx: Context) -> bool | None:
    """Evaluate without a registry: True/False when the answers settle it, else None."""
    kind = node[0]
    if kind == "leaf":
        if node[1] in (REGISTRY, REGISTRY_ID, MODE):
            return None
        return _leaf_result(node, _actual(node, ctx))
    if kind == "not":
        r = partial(node[1], ctx)
        return None if r is None else not r
    results = [partial(c, ctx) for c in node[1]]
    if kind == "all":
        if False in results:
            return False
        return True if all(r is True for r in results) else None
    if True in results:
        return True
    return False if all(r is False for r in results) else None


def trace(node: tuple, ctx: Context) -> dict[str, Any]:
    """Evaluate every leaf (no short-circuit) and mirror the tree with the actual values."""
    kind = node[0]
    if kind == "leaf":
        _, scope, key, name, op, value = node
        out: dict[str, Any] = {"fact": name, "op": op}
        if OPERATORS[op].value != "none":
            out["value"] = list(value) if isinstance(value, tuple) else value
        source = None
        if scope == REGISTRY:
            actual, source = registry_value(ctx.registry, key)
        else:
            actual = _actual(node, ctx)
            if scope == MODE and ctx.registry is not None:
                # The modes come from the catalog's `hosting`: cite where that was read.
                source = registry_value(ctx.registry, "hosting")[1]
        out["actual"] = list(actual) if isinstance(actual, tuple) else actual
        out["result"] = _leaf_result(node, actual)
        if scope == ANSWER and op != "answered" and key not in ctx.answered:
            out["assumed"] = True  # the default, not the user's answer
        if scope in (REGISTRY, REGISTRY_ID, MODE) and ctx.registry is not None:
            out["registry"] = ctx.registry.id
        if source:
            out["source"] = source
        return out
    if kind == "not":
        child = trace(node[1], ctx)
        r = child["result"]
        return {"not": child, "result": None if r is None else not r}
    children = [trace(c, ctx) for c in node[1]]
    combine = _all3 if kind == "all" else _any3
    return {kind: children, "result": combine(c["result"] for c in children)}


def leaves(node: tuple) -> list[tuple]:
    if node[0] == "leaf":
        return [node]
    if node[0] == "not":
        return leaves(node[1])
    out: list[tuple] = []
    for c in node[1]:
        out.extend(leaves(c))
    return out


def describe(node: dict[str, Any]) -> str:
    """A short human form of a traced tree, e.g. `answer.offline is_true (actual: true)`."""
    if "fact" in node:
        actual = _fmt(node.get("actual"))
        value = f" {_fmt(node['value'])}" if "value" in node else ""
        return f"{node['fact']} {node['op']}{value} (actual: {actual})"
    if "not" in node:
        return f"not ({describe(node['not'])})"
    kind = "all" if "all" in node else "any"
    parts = [describe(c) for c in node[kind]]
    if not parts:
        return "always"
    joiner = " and " if kind == "all" else " or "
    return joiner.join(parts) if len(parts) == 1 else "(" + joiner.join(parts) + ")"


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)
