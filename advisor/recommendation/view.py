"""The view model: a recommendation made ready to show, once, for every face.

The CLI text, the TUI results and the Markdown, HTML and ADR reports all render a `View`:
titles, formatted values, the what-if sentences, the assumption sentences, citations and
references are worked out here and nowhere else. Nothing is decided here: every reason,
warning and what-if is the engine's (advisor.decide.result), as traced. The catalog adds
only what the recommendation does not carry (the date a cited fact was verified, a
registry's summary and homepage); the questions give each answer's prompt and label.
Nothing looks at the clock: the report date is the `today` the caller passes.

Text from data arrives as `Prose` (advisor.recommendation.words): each face escapes it for
its own medium, so nothing here is escaped.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from advisor.decide.result import Caveat, Ranked, Reason, Recommendation
from advisor.decide.wording import MODE_LABELS, modes_of
from advisor.i18n import _, language
from advisor.recommendation import catalog_text
from advisor.recommendation.words import (
    LEVEL_TITLES,
    Prose,
    clause,
    code,
    fmt_num,
    fmt_points,
    format_value,
    join,
    level_title,
    one_line,
    plain,
    prose,
    rule_text,
    setup_blurb,
    setup_title,
    strong,
    unconfirmed_text,
    what_if_effect,
)


class _Item:
    """A small read-only bag of named values (the view model is built once per render)."""

    __slots__ = ("__dict__",)

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"


class _Clause:
    """`clause`: the explanation made to follow "because" (the ADR's wording), on demand."""

    __slots__ = ()

    @property
    def clause(self) -> Prose:
        return prose(clause(self.raw))  # type: ignore[attr-defined]


class ReasonView(_Clause, _Item):
    """because (Prose), rule, sign (+/−), facts (answer facts as `name = value`), vote,
    sources, confirmed and notes (the catalog's notes on unconfirmed facts), and for a scored
    reason: criterion, criterion_label, points, weighted, points_note ('2 points × weight'
    when a weight changed it)."""


class RegistryView(_Item):
    """id, name, rank, score, hosting (text), criteria (cell texts and raw values), reasons,
    pros, cons, confirmed_reasons, unconfirmed_reasons (ReasonView), unconfirmed_count,
    other_mode and other_score (the other mode that could serve), summary, homepage;
    display is the name with the mode when the catalog offers two."""


class NoteView(_Clause, _Item):
    """A warning or gotcha: id, level, level_title, title, message (Prose), registry,
    registry_name, sources, verified, kind."""


class WhatIfView(_Item):
    """question, prompt, label, setup, setup_changes, top, top_name, top_changes, effect
    (str) and sentence (Prose)."""


class AnswerRow(_Item):
    """question, prompt, label, assumed."""


class Citation(_Item):
    """registry, registry_name, attribute, value, source, verified (a date or None)."""


class Reference(_Item):
    """url, rules: a source a rule cites for itself."""


class View:
    """Everything a face shows. Build it with `build_view`."""

    def __init__(self, rec: Recommendation, catalog: Any, questions: Any, today: dt.date) -> None:
        import advisor

        self.rec = rec
        self.catalog = catalog
        self.questions = questions
        self.today = today
        self.tool_version = advisor.__version__
        self.setup = rec.setup
        self.setup_title = setup_title(rec.setup)
        self.setup_blurb = setup_blurb(rec.setup)
        #: 'INSECURE: a plain-HTTP registry, only on a network you control' (text, TUI).
        self.setup_line = (
            f"{rec.setup.upper()}: {self.setup_blurb}" if self.setup_blurb else rec.setup
        )
        self.names = self._names()
        self.weighed = rec.catalog.registries if rec.catalog is not None else None
        newest = rec.catalog.newest_verified if rec.catalog is not None else None
        if newest is None and catalog is not None:
            from advisor.catalog.load import catalog_date

            newest = catalog_date(catalog)
        self.catalog_date = newest
        self.guide: Any = None  # set by the presentation layer (advisor.present.guide)
        self._citations: list[Citation] | None = None

    # ------------------------------------------------------------ the parts, each built
    # when a face first asks for it (the JSON report needs only the sources)

    @cached_property
    def weights(self) -> list[_Item]:
        return [
            _Item(
                name=name,
                label=self.criterion_label(name),
                value=fmt_num(w.value),
                default=fmt_num(w.default),
                changed=w.value != w.default,
            )
            for name, w in self.rec.weights.items()
        ]

    @cached_property
    def criteria(self) -> list[str]:
        return list(self.rec.weights)

    @cached_property
    def setup_reasons(self) -> list[ReasonView]:
        return [self._reason(r) for r in self.rec.setup_reasons]

    @cached_property
    def registries(self) -> list[RegistryView]:
        return [self._registry(r) for r in self.rec.registries]

    @property
    def top(self) -> RegistryView | None:
        return self.registries[0] if self.registries else None

    @property
    def runner(self) -> RegistryView | None:
        return self.registries[1] if len(self.registries) > 1 else None

    @property
    def top_name(self) -> str | None:
        top = self.rec.top
        return self.name_of(top.id) if top is not None else None

    @cached_property
    def excluded(self) -> list[_Item]:
        return [
            _Item(
                id=ex.id,
                name=one_line(ex.name),
                whys=_unique([self._reason(r, ex.id).because for r in ex.reasons]),
                # the same, each led by its mode when the registry was weighed in two
                mode_whys=_unique(
                    [
                        (
                            plain(f"{_(MODE_LABELS[r.mode])}: ")
                            if r.mode in MODE_LABELS and len(ex.modes) > 1
                            else Prose()
                        )
                        + self._reason(r, ex.id).because
                        for r in ex.reasons
                    ]
                ),
                reasons=[self._reason(r, ex.id) for r in ex.reasons],
            )
            for ex in self.rec.excluded
        ]

    @cached_property
    def notes(self) -> list[NoteView]:
        """Every warning and gotcha, most serious first."""
        return [self._note(w) for w in self.rec.warnings]

    @property
    def rule_warnings(self) -> list[NoteView]:
        return [n for n in self.notes if n.kind != "gotcha"]

    @cached_property
    def gotchas(self) -> list[_Item]:
        return self._gotchas()

    @cached_property
    def answers(self) -> list[AnswerRow]:
        return self._answers()

    @cached_property
    def assumptions(self) -> list[_Item]:
        return [self._assumption(a) for a in self.rec.assumptions]

    @property
    def what_ifs(self) -> list[WhatIfView]:
        return self._what_ifs_and_steady[0]

    @property
    def steady(self) -> list[str]:
        """The questions no other answer to which changes the outcome."""
        return self._what_ifs_and_steady[1]

    @cached_property
    def _what_ifs_and_steady(self) -> tuple[list[WhatIfView], list[str]]:
        return self._what_ifs()

    @cached_property
    def steady_sentence(self) -> Prose | None:
        if not self.steady:
            return None
        return (
            Prose()
            + _("No other answer to ")
            + join(code(q) for q in self.steady)
            + _(" changes the setup or the top registry.")
        )

    @property
    def rules_checked(self) -> int:
        return len(self.rec.trace)

    @property
    def rules_fired(self) -> int:
        return sum(1 for t in self.rec.trace if any(e.fired for e in t.evaluations))

    # ------------------------------------------------------------ names and catalog

    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for reg in getattr(self.catalog, "registries", ()) or ():
            names[reg.id] = one_line(reg.name)
        for reg in self.rec.excluded:
            names[reg.id] = one_line(reg.name or reg.id)
        for reg in self.rec.registries:  # the name with its mode, when it has two
            display = reg.display_name or reg.name or reg.id
            mode = getattr(reg, "mode", None)
            if mode in MODE_LABELS and display.endswith(", " + MODE_LABELS[mode]):
                # the engine's English mode label, shown in the current language
                display = display[: -len(MODE_LABELS[mode])] + _(MODE_LABELS[mode])
            names[reg.id] = one_line(display)
        return names

    def name_in_mode(self, registry_id: str, mode: str | None) -> str:
        """The registry's name with `mode` ("GitLab Container Registry, self-hosted") when the
        catalog offers it both ways; the plain name otherwise. What-if names the top of the
        changed answers this way, since its mode can differ from the base ranking's."""
        entry = self._catalog_entry(registry_id)
        if entry is None or mode not in MODE_LABELS:
            return self.names.get(registry_id, registry_id)
        if len(modes_of(entry)) > 1:
            return one_line(f"{entry.name}, {_(MODE_LABELS[mode])}")
        return one_line(entry.name)

    def name_of(self, registry_id: str | None) -> str:
        if registry_id is None:
            return _("none")
        return self.names.get(registry_id, registry_id)

    def _catalog_entry(self, registry_id: str) -> Any:
        return self.catalog.get(registry_id) if self.catalog is not None else None

    def criterion_label(self, criterion: str | None) -> str:
        """A criterion's label in the current language (data/i18n/<lang>/criteria.yaml)."""
        from advisor.i18n import data_translation

        entry = data_translation("criteria").get(criterion) if criterion else None
        if isinstance(entry, dict) and isinstance(entry.get("label"), str):
            return one_line(entry["label"])
        w = self.rec.weights.get(criterion) if criterion else None
        return one_line(w.label) if w is not None and w.label else str(criterion)

    def age(self, day: dt.date | None) -> int | None:
        return (self.today - day).days if day is not None else None

    # ------------------------------------------------------------ pieces

    def _rule_text(
        self, rule_id: str | None, key: str, english: str, registry_id: str | None = None
    ) -> str:
        """`words.rule_text`, its placeholders filled from this view's catalog."""
        return rule_text(rule_id, key, english, registry_id, self._catalog_entry)

    def _reason(self, r: Reason, registry_id: str | None = None) -> ReasonView:
        if r.is_confirmed:
            because = self._rule_text(r.rule, "because", r.because, registry_id)
        elif language() == "en":
            because = r.because
        else:
            from advisor.decide.wording import STRICT_TAIL

            strict = STRICT_TAIL in r.because  # a --strict-unknowns run
            own = self._rule_text(r.rule, "unconfirmed", "", registry_id)
            if own:
                because = own + (" " + _(STRICT_TAIL) if strict else "")
            else:
                because = unconfirmed_text(r.unconfirmed_facts or (), r.because, strict)
        facts = []
        for f in r.facts:
            if str(f.fact).startswith("registry."):
                continue  # catalog facts are cited under Sources
            text = f"{str(f.fact).removeprefix('answer.')} = {format_value(f.actual)}"
            facts.append(text + (" (" + _("default") + ")" if f.assumed else ""))
        vote = None
        if r.setup is not None and r.weight is not None:
            vote = (
                _("vote for {setup} (weight {weight})")
                if r.is_for
                else _("vote against {setup} (weight {weight})")
            ).format(setup=r.setup, weight=fmt_num(r.weight))
        note = ""
        if r.criterion is not None and r.points != r.weighted:
            note = _("{points} points × weight").format(points=fmt_num(r.points))
        return ReasonView(
            rule=r.rule,
            because=prose(because),
            raw=because,
            sign="+" if r.is_for else "−",
            is_for=r.is_for,
            facts=list(dict.fromkeys(facts)),
            vote=vote,
            sources=list(r.sources),
            criterion=r.criterion,
            criterion_label=self.criterion_label(r.criterion),
            points=fmt_points(r.points) if r.points is not None else None,
            weighted=fmt_points(r.weighted) if r.weighted is not None else None,
            points_note=note,
            confirmed=r.is_confirmed,
            notes=[
                one_line(catalog_text.note(r.registry or registry_id, _attribute(n.fact), n.note))
                for n in r.notes or ()
            ],
        )

    def _registry(self, reg: Ranked) -> RegistryView:
        entry = self._catalog_entry(reg.id)
        summary = None
        if entry is not None and entry.summary:
            summary = one_line(catalog_text.summary(reg.id, entry.summary))
        reasons = [self._reason(r, reg.id) for r in reg.reasons]
        return RegistryView(
            id=reg.id,
            name=one_line(reg.name),
            display=self.name_of(reg.id),
            rank=reg.rank,
            score=fmt_num(reg.score),
            score_value=reg.score,
            hosting=format_value(reg.hosting),
            hosting_values=reg.hosting if isinstance(reg.hosting, list) else [],
            criteria=[
                _Item(name=c, text=fmt_num(reg.criteria.get(c, 0)), value=reg.criteria.get(c, 0))
                for c in self.criteria
            ],
            reasons=reasons,
            pros=[x for x in reasons if x.is_for],
            cons=[x for x in reasons if not x.is_for],
            confirmed_reasons=[x for x in reasons if x.confirmed],
            unconfirmed_reasons=[x for x in reasons if not x.confirmed],
            unconfirmed_count=len(reg.unconfirmed),
            other_mode=_(MODE_LABELS.get(reg.other_mode.mode, reg.other_mode.mode))
            if reg.other_mode is not None
            else None,
            other_score=fmt_num(reg.other_mode.score) if reg.other_mode is not None else None,
            summary=summary,
            homepage=entry.homepage if entry is not None else None,
        )

    def _note(self, w: Caveat) -> NoteView:
        level = w.level if w.level in LEVEL_TITLES else "info"
        # A rule's own warning is translated by rule id; a gotcha as the catalog's prose.
        rule = w.rule if w.kind == "rule" else None
        message = self._rule_text(rule, "because", w.message, w.registry)
        title = self._rule_text(rule, "title", w.title)
        if w.kind == "gotcha":
            title, message = catalog_text.gotcha(w.registry, w.title, w.message)
        return NoteView(
            id=w.id,
            kind=w.kind,
            level=level,
            level_title=level_title(level),
            title=prose(title),
            message=prose(message),
            raw=message,
            registry=w.registry,
            registry_name=self.name_of(w.registry) if w.registry else None,
            sources=list(w.sources),
            verified=w.verified,
            caveat=w,
        )

    def _gotchas(self) -> list[_Item]:
        by_registry: dict[str, list[NoteView]] = {}
        for n in self.notes:
            if n.kind == "gotcha" and n.registry:
                by_registry.setdefault(n.registry, []).append(n)
        order = [r.id for r in self.rec.registries if r.id in by_registry]
        order += [rid for rid in by_registry if rid not in order]
        return [_Item(id=rid, name=self.name_of(rid), items=by_registry[rid]) for rid in order]

    def gotchas_of(self, registry_id: str) -> list[NoteView]:
        return next((g.items for g in self.gotchas if g.id == registry_id), [])

    def _answers(self) -> list[AnswerRow]:
        effective = self.rec.effective_answers
        assumed = {a.question for a in self.rec.assumptions if a.kind == "default"}
        rows = []
        seen = set()
        for q in self.questions or ():
            if q.id not in effective:
                continue
            seen.add(q.id)
            rows.append(
                AnswerRow(
                    question=q.id,
                    prompt=one_line(q.prompt),
                    label=one_line(q.label_of(effective[q.id])),
                    assumed=q.id in assumed,
                )
            )
        for qid, value in effective.items():  # answers to questions this question set lacks
            if qid not in seen:
                rows.append(
                    AnswerRow(
                        question=qid, prompt=qid, label=format_value(value), assumed=qid in assumed
                    )
                )
        return rows

    def _assumption(self, a: Any) -> _Item:
        label = one_line(a.label) if a.label else format_value(a.value)
        if a.kind == "default":
            sentence = (
                code(a.question)
                + ": "
                # One message with the value at its end, so every language can read it in
                # order ("the default A modest monthly bill is fine was used" could not).
                + _("not answered, so the default was used:")
                + " "
                + strong(label)
                + ". "
                + plain(a.prompt or "")
            )
        else:
            sentence = (
                code(a.question)
                + ": "
                + plain(
                    _(
                        "your answer {ignored} was not used because the question does not "
                        "apply to your other answers; {value} was used instead."
                    ).format(ignored=format_value(a.ignored_answer), value=format_value(a.value))
                )
            )
        return _Item(
            question=a.question,
            kind=a.kind,
            prompt=one_line(a.prompt or a.question),
            label=label,
            value=format_value(a.value),
            ignored=format_value(a.ignored_answer),
            sentence=sentence,
        )

    def _what_ifs(self) -> tuple[list[WhatIfView], list[str]]:
        out: list[WhatIfView] = []
        steady: list[str] = []
        for s in self.rec.sensitivity:
            if not s.changes:
                steady.append(s.question)
                continue
            for c in s.changes:
                top_name = self.name_in_mode(c.top, c.top_mode) if c.top is not None else None
                setup_changes = "setup" in c.changes
                top_changes = "top" in c.changes
                prompt = one_line(s.prompt or s.question)
                label = one_line(c.label or format_value(c.value))
                effect = what_if_effect(c.setup, setup_changes, top_name, top_changes)
                out.append(
                    WhatIfView(
                        question=s.question,
                        prompt=prompt,
                        label=label,
                        setup=c.setup,
                        setup_changes=setup_changes,
                        top=c.top,
                        top_name=top_name,
                        top_changes=top_changes,
                        effect=effect,
                        sentence=plain(_("If the answer to “{prompt}” were ").format(prompt=prompt))
                        + strong(label)
                        + plain(f": {effect}."),
                    )
                )
        return out, steady

    # ------------------------------------------------------------ sources

    @property
    def citations(self) -> list[Citation]:
        """Every catalog fact a reason read: ranked registries in rank order, then the
        excluded ones, then the setup reasons; each (registry, attribute) once."""
        if self._citations is None:
            out: dict[tuple[str, str], Citation] = {}
            groups = [(r.id, r.reasons) for r in self.rec.registries]
            groups += [(r.id, r.reasons) for r in self.rec.excluded]
            groups.append((None, self.rec.setup_reasons))
            for default_id, reasons in groups:
                for reason in reasons:
                    for leaf in reason.facts:
                        if not str(leaf.fact).startswith("registry."):
                            continue
                        reg_id = reason.registry or default_id
                        attribute = str(leaf.fact).removeprefix("registry.")
                        if reg_id is None or attribute == "id" or (reg_id, attribute) in out:
                            continue
                        out[(reg_id, attribute)] = Citation(
                            registry=reg_id,
                            registry_name=self.names.get(reg_id, reg_id),
                            attribute=attribute,
                            value=leaf.actual,
                            value_text=format_value(leaf.actual),
                            source=leaf.source,
                            verified=self._verified(reg_id, attribute, leaf.source),
                        )
            self._citations = list(out.values())
        return self._citations

    def _verified(self, registry: str, attribute: str, source: str | None) -> dt.date | None:
        reg = self._catalog_entry(registry)
        fact = reg.attr(attribute) if reg is not None else None
        if fact is None or (source is not None and fact.source != source):
            return None  # not the fact the engine read: claim no date
        return fact.verified

    @property
    def references(self) -> list[Reference]:
        """The rules' own sources that are not a cited catalog fact's or a gotcha's."""
        skip = {c.source for c in self.citations if c.source}
        skip |= {u for w in self.rec.warnings if w.kind == "gotcha" for u in w.sources}
        reasons = list(self.rec.setup_reasons)
        for reg in [*self.rec.registries, *self.rec.excluded]:
            reasons += reg.reasons
        items = [(r.rule, r.sources) for r in reasons]
        items += [(w.rule, w.sources) for w in self.rec.warnings if w.kind != "gotcha"]
        found: dict[str, list[str]] = {}
        for rule, sources in items:
            for url in sources:
                if url in skip:
                    continue
                rules = found.setdefault(url, [])
                if rule and rule not in rules:
                    rules.append(rule)
        return [Reference(url=url, rules=rules) for url, rules in found.items()]


def _attribute(fact: str) -> str:
    return str(fact).removeprefix("registry.")


def _unique(items: list[Prose]) -> list[Prose]:
    return list(dict.fromkeys(items))


def build_view(rec: Recommendation, *, catalog: Any, questions: Any, today: dt.date) -> View:
    """The view of `rec` (a typed recommendation; see `as_recommendation` for JSON)."""
    return View(rec, catalog, questions, today)


def as_recommendation(rec: Recommendation | dict[str, Any]) -> Recommendation:
    """A typed recommendation, from itself or from its JSON (`to_json()` output)."""
    return rec if isinstance(rec, Recommendation) else Recommendation.from_json(rec)
