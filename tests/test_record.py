"""`tui.record` behaves as `dataclasses.dataclass` for every class shape the tree uses: the
same construction (positional, keyword, defaults, factories, errors), repr, equality, hashing,
frozenness, `replace` and field order — over generated classes and calls."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.record import FrozenInstanceError, field, fields, is_record, record, replace

KINDS = ("required", "default", "factory")


def _pair(spec: list[str], frozen: bool) -> tuple[type, type]:
    """A dataclass and a record with the same fields (`f0`, `f1`, … of the given kinds)."""
    made = []
    for make_field, decorate in (
        (dataclasses.field, lambda cls: dataclasses.dataclass(frozen=frozen)(cls)),
        (field, lambda cls: record(frozen=frozen)(cls)),
    ):
        namespace: dict[str, Any] = {"__annotations__": {}}
        for i, kind in enumerate(spec):
            namespace["__annotations__"][f"f{i}"] = "object"
            if kind == "default":
                namespace[f"f{i}"] = i * 10
            elif kind == "factory":
                namespace[f"f{i}"] = make_field(default_factory=list)
        made.append(decorate(type("Shape", (), namespace)))
    return made[0], made[1]


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return "ok", call()
    except Exception as error:
        return type(error).__name__, None


specs = st.lists(st.sampled_from(KINDS), max_size=6).map(
    lambda kinds: sorted(kinds, key=lambda kind: kind != "required"))
"""Field kinds in an order a dataclass accepts: required fields first."""


@settings(max_examples=300, deadline=None)
@given(spec=specs, frozen=st.booleans(), data=st.data())
def test_a_record_is_built_and_compared_as_a_dataclass(spec: list[str], frozen: bool,
                                                       data: st.DataObject) -> None:
    dataclass_type, record_type = _pair(spec, frozen)
    names = [f"f{i}" for i in range(len(spec))]
    positional = data.draw(st.lists(st.integers(), max_size=len(spec) + 1))
    keywords = data.draw(st.dictionaries(
        st.sampled_from([*names, "extra"]) if names else st.just("extra"), st.integers(),
        max_size=3))
    kind_a, made_a = _outcome(lambda: dataclass_type(*positional, **keywords))
    kind_b, made_b = _outcome(lambda: record_type(*positional, **keywords))
    assert kind_a == kind_b
    if kind_a != "ok":
        return
    assert repr(made_a) == repr(made_b)
    assert [getattr(made_a, n) for n in names] == [getattr(made_b, n) for n in names]
    twin = record_type(*positional, **keywords)
    assert (made_b == twin) == (made_a == dataclass_type(*positional, **keywords)) is True
    assert fields(record_type) == tuple(f.name for f in dataclasses.fields(dataclass_type))
    assert (record_type.__hash__ is None) == (dataclass_type.__hash__ is None)
    if frozen and "factory" not in spec:
        assert hash(made_b) == hash(twin)
    if names:
        changed = replace(made_b, **{names[0]: "changed"})
        assert repr(changed) == repr(dataclasses.replace(made_a, **{names[0]: "changed"}))
        assert made_b != changed
        kind_a, _ = _outcome(lambda: setattr(made_a, names[0], 1))
        kind_b, _ = _outcome(lambda: setattr(made_b, names[0], 1))
        assert (kind_a == "ok") == (kind_b == "ok") == (not frozen)


def test_a_record_with_a_required_field_after_a_default_is_refused_as_a_dataclass() -> None:
    with pytest.raises(TypeError):
        _pair(["default", "required"], frozen=False)[0]
    with pytest.raises(TypeError, match="non-default argument 'after'"):
        @record
        class Bad:
            before: int = 0
            after: int


def test_factories_make_a_fresh_value_for_every_instance() -> None:
    @record
    class Bag:
        items: list[int] = field(default_factory=list)

    first, second = Bag(), Bag()
    first.items.append(1)
    assert second.items == [] and Bag.__dict__.get("items") is None


def test_a_frozen_record_refuses_assignment_and_deletion_and_hashes_by_fields() -> None:
    @record(frozen=True)
    class Point:
        x: int
        y: int = 0

    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.y
    with pytest.raises(AttributeError):  # as a frozen dataclass: nothing new either
        point.z = 3  # type: ignore[attr-defined]
    assert {Point(1, 0), Point(1)} == {point}
    assert Point(1) != (1, 0) and Point.__match_args__ == ("x", "y")


def test_class_vars_methods_and_inheritance_are_kept() -> None:
    @record
    class Base:
        kind: ClassVar[str] = "base"
        name: str

        def shout(self) -> str:
            return self.name.upper()

    @record
    class Child(Base):
        size: int = 1

    child = Child("box")
    assert fields(Child) == ("name", "size") and Child.kind == "base"
    assert child.shout() == "BOX" and repr(child).endswith(".Child(name='box', size=1)")
    assert is_record(child) and not is_record(object())
    with pytest.raises(TypeError):
        fields(object())
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        replace(child, colour="red")


def test_field_takes_a_default_or_a_factory_not_both() -> None:
    with pytest.raises(ValueError):
        field(default=1, default_factory=list)


def test_repr_false_hides_a_field_and_compare_false_leaves_it_out_of_eq_and_hash() -> None:
    @record(frozen=True)
    class Entry:
        name: str
        cache: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @dataclasses.dataclass(frozen=True)
    class Twin:
        name: str
        cache: dict[str, str] = dataclasses.field(default_factory=dict, repr=False,
                                                  compare=False)

    one, other = Entry("a", {"k": "v"}), Entry("a")
    assert one == other and hash(one) == hash(other)
    assert repr(one).replace("Entry", "Twin") == repr(Twin("a", {"k": "v"}))
    assert repr(one).endswith(".Entry(name='a')")
